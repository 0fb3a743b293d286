import { describe, expect, it } from "vitest";
import { agreementColour, agreementWithModel, csvField, dayLabel, dayOffsets, modelRanks, pairMatrix, reviewKey, sortRows, toCsv } from "./quality";

describe("sortRows", () => {
  const rows = [
    { name: "b", agreement: 0.5 },
    { name: "a", agreement: null },
    { name: "c", agreement: 0.9 },
  ];
  it("sorts numbers both ways and keeps missing values last", () => {
    expect(sortRows(rows, "agreement", "asc").map((r) => r.name)).toEqual(["b", "c", "a"]);
    expect(sortRows(rows, "agreement", "desc").map((r) => r.name)).toEqual(["c", "b", "a"]);
  });
  it("sorts text", () => {
    expect(sortRows(rows, "name", "asc").map((r) => r.name)).toEqual(["a", "b", "c"]);
  });
});

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField(null)).toBe("");
    expect(csvField(["tie_rate", "agreement"])).toBe("tie_rate; agreement");
  });
  it("writes a header and one line per row", () => {
    expect(toCsv(["id", "username"], [{ id: 1, username: "ann" }])).toBe("id,username\r\n1,ann\r\n");
  });
});

describe("pairMatrix", () => {
  it("fills both halves of the matrix and leaves the rest empty", () => {
    const cells = pairMatrix([7, 8, 9], [{ first: 7, second: 9, pairwise_agreement: 0.75, groups: 4 }]);
    expect(cells).toHaveLength(9);
    expect(cells[0 * 3 + 2].value).toBe(0.75);
    expect(cells[2 * 3 + 0].value).toBe(0.75);
    expect(cells[0 * 3 + 1].value).toBeNull();
  });
});

describe("agreementColour", () => {
  it("goes from red to green and is grey without a value", () => {
    expect(agreementColour(0)).toBe("hsl(0, 70%, 75%)");
    expect(agreementColour(1)).toBe("hsl(120, 70%, 55%)");
    expect(agreementColour(null)).toBe("#e5e7eb");
  });
});

describe("dayOffsets", () => {
  it("counts days from the first date", () => {
    expect(dayOffsets(["2026-11-30", "2026-12-01", "2026-12-07"])).toEqual([0, 1, 7]);
  });
});

describe("reviewKey", () => {
  it("maps the review keys", () => {
    expect(reviewKey("a", false)).toEqual({ kind: "accept" });
    expect(reviewKey("r", false)).toEqual({ kind: "reject" });
    expect(reviewKey("j", false)).toEqual({ kind: "next" });
    expect(reviewKey("x", false)).toBeNull();
  });
  it("turns digits into reasons only while rejecting", () => {
    expect(reviewKey("2", true)).toEqual({ kind: "reason", index: 1 });
    expect(reviewKey("2", false)).toBeNull();
  });
});

describe("modelRanks", () => {
  it("puts the highest score first and lets equal scores share a place", () => {
    const ranks = modelRanks([
      { image_id: 7, score: 0.1 },
      { image_id: 8, score: 2.5 },
      { image_id: 9, score: 0.1 },
    ]);
    expect([ranks.get(8), ranks.get(7), ranks.get(9)]).toEqual([1, 2, 2]);
  });
});

describe("agreementWithModel", () => {
  const scores = new Map([
    [1, 2.0],
    [2, 1.0],
    [3, 0.0],
    [4, 0.0],
  ]);
  it("counts the untied pairs the model orders like the judgment", () => {
    // 2 > 1 (against the model), 2 > 3 (with it), 3 > 1 (against it)
    const judged = [
      { image_id: 1, slot: 3 },
      { image_id: 2, slot: 1 },
      { image_id: 3, slot: 2 },
    ];
    expect(agreementWithModel(judged, scores)).toEqual({ agreed: 1, compared: 3 });
  });
  it("leaves out the judgment's ties and unscored images, and a model tie is not agreement", () => {
    const judged = [
      { image_id: 3, slot: 1 },
      { image_id: 4, slot: 2 },
      { image_id: 1, slot: 2 },
      { image_id: 99, slot: 3 },
    ];
    // 3 > 4 (model tie: compared, not agreed), 3 > 1 (against); 4 = 1 tied; image 99 unscored.
    expect(agreementWithModel(judged, scores)).toEqual({ agreed: 0, compared: 2 });
  });
});

describe("dayLabel", () => {
  it("names the day an offset falls on, across a month and a year", () => {
    expect(dayLabel("2026-12-06", 0)).toBe("12-06");
    expect(dayLabel("2026-12-30", 3)).toBe("01-02");
  });
});
