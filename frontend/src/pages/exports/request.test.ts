import { describe, expect, it } from "vitest";
import { defaultForm, formatBytes, formProblems, isActive, problemsBySection, snapshotRequest } from "./request";

describe("formProblems (the server's checks, before sending)", () => {
  it("accepts the defaults", () => {
    expect(formProblems(defaultForm())).toEqual({});
  });

  it("refuses shares that do not add up to 1", () => {
    const form = { ...defaultForm(), train: "0.7" };
    expect(formProblems(form).split).toBe("The shares add up to 0.9, not 1.");
  });

  it("refuses a share outside 0..1, an empty one, and a fractional seed", () => {
    expect(formProblems({ ...defaultForm(), train: "1.2", test: "-0.3" }).split).toMatch(/from 0 to 1/);
    expect(formProblems({ ...defaultForm(), valid: "" }).split).toMatch(/from 0 to 1/);
    expect(formProblems({ ...defaultForm(), seed: "1.5" }).split).toMatch(/whole number/);
  });

  it("needs a format, a status and a held-out prompt when holding out", () => {
    const problems = formProblems({ ...defaultForm(), formats: [], statuses: [], splitMethod: "held_out" });
    expect(Object.keys(problems).sort()).toEqual(["filters", "formats", "split"]);
  });

  it("refuses embedded images beside a format that can only name them", () => {
    expect(formProblems({ ...defaultForm(), images: "embed" }).options).toMatch(/^Embedded images .*reference, pairwise_jsonl, refl_data can only name them/);
    const parquetOnly = { ...defaultForm(), images: "embed", formats: ["pairwise_parquet", "trl_preference"] };
    expect(formProblems(parquetOnly)).toEqual({});
  });

  it("refuses an end date before the start date", () => {
    expect(formProblems({ ...defaultForm(), dateFrom: "2026-02-01", dateTo: "2026-01-01" }).filters).toMatch(/before/);
  });
});

describe("snapshotRequest", () => {
  it("sends the filters, a seeded split, the formats in their canonical order and the options", () => {
    const form = { ...defaultForm(), formats: ["refl_data", "reference"], seed: "7", images: "copy", dateFrom: "2026-01-01" };
    expect(snapshotRequest(form)).toEqual({
      filters: { statuses: ["submitted", "accepted"], include_gold: false, date_from: "2026-01-01" },
      split: { method: "fractions", seed: 7, fractions: { train: 0.8, valid: 0.1, test: 0.1 } },
      formats: ["reference", "refl_data"],
      options: { images: "copy", aggregation: "mean_slot" },
    });
  });

  it("reads held-out lines as prompt ids when they are numbers and as texts otherwise", () => {
    const form = { ...defaultForm(), splitMethod: "held_out" as const, heldOutTest: "12\n a red circle \n\n", heldOutValid: "7" };
    expect(snapshotRequest(form).split).toEqual({ method: "held_out", test: [12, "a red circle"], valid: [7] });
  });
});

describe("problemsBySection", () => {
  it("puts each server refusal next to its part of the form", () => {
    const errors = [
      { field: "split.fractions", rule: "sum", message: "the fractions add up to 0.9, not 1" },
      { field: "filters", rule: "empty", message: "no annotation of project 'p' matches these filters" },
      { field: "options.images", rule: "choice", message: "'x' is not one of none, copy, link" },
    ];
    expect(problemsBySection(errors)).toEqual({
      split: "the fractions add up to 0.9, not 1.",
      filters: "no annotation of project 'p' matches these filters.",
      options: "'x' is not one of none, copy, link.",
    });
  });
});

describe("small helpers", () => {
  it("polls only snapshots being written", () => {
    expect([isActive({ status: "pending" }), isActive({ status: "running" }), isActive({ status: "ready" })]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("formats sizes", () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 * 1024)]).toEqual(["512 B", "2.0 KB", "5.0 MB"]);
  });
});
