import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { listOf, problemsByField, rowPlace } from "./problems";

describe("problemsByField", () => {
  it("puts each refusal next to the field it concerns, nested fields under their form field", () => {
    const error = new ApiError(400, "bad", [
      { field: "gold_rate", rule: "invalid", message: "expected a number from 0 to 1" },
      { field: "rating_dimensions[1].max", rule: "range", message: "min < max" },
      { field: "ranking_slots", rule: "too_few_places", message: "groups of 9" },
      { field: "non_field", rule: "error", message: "other" },
    ]);
    const byField = problemsByField(error, ["gold_rate", "rating_dimensions", "ranking_slots"]);
    expect(byField.gold_rate.map((p) => p.rule)).toEqual(["invalid"]);
    expect(byField.rating_dimensions.map((p) => p.field)).toEqual(["rating_dimensions[1].max"]);
    expect(byField.ranking_slots[0].rule).toBe("too_few_places");
    expect(byField[""].map((p) => p.message)).toEqual(["other"]);
  });

  it("has nothing for an error that is not a refusal", () => {
    expect(problemsByField(new Error("offline"), ["name"])).toEqual({});
  });
});

describe("listOf and rowPlace", () => {
  it("reads a list typed as text", () => {
    expect(listOf("Abstract, People\n  Animals ,,")).toEqual(["Abstract", "People", "Animals"]);
  });
  it("names the row of a jsonl line or a reference record", () => {
    expect(rowPlace({ file: "manifest.jsonl", line: 12 })).toBe("manifest.jsonl:12");
    expect(rowPlace({ file: "train.json", line: 3 })).toBe("train.json[3]");
    expect(rowPlace({ file: "", line: null })).toBe("");
  });
});
