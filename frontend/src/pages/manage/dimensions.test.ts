import { describe, expect, it } from "vitest";
import { blankRow, dimensionsBody, pointsOf, rowsOf } from "./dimensions";

const overall = { key: "overall", label: "Overall", min: 1, max: 3, anchors: { "1": "bad", "3": "good" } };

describe("rating dimensions in the protocol form", () => {
  it("round-trips the API's dimensions", () => {
    expect(dimensionsBody(rowsOf([overall]))).toEqual([overall]);
  });

  it("keeps only the anchors of the scale's points that have a text", () => {
    const [row] = rowsOf([overall]);
    row.max = "2";
    row.anchors["2"] = "  ";
    expect(dimensionsBody([row])).toEqual([{ ...overall, max: 2, anchors: { "1": "bad" } }]);
  });

  it("sends what does not parse as typed, for the server to name", () => {
    const row = { ...blankRow(0), min: "one" };
    expect(dimensionsBody([row])[0]).toMatchObject({ min: "one", max: 7 });
    expect(pointsOf(row)).toEqual([]);
  });

  it("lists the points of a scale, none for a reversed or huge one", () => {
    expect(pointsOf({ ...blankRow(0), min: "-1", max: "1" })).toEqual([-1, 0, 1]);
    expect(pointsOf({ ...blankRow(0), min: "5", max: "1" })).toEqual([]);
    expect(pointsOf({ ...blankRow(0), min: "0", max: "1000" })).toEqual([]);
  });
});
