import { describe, expect, it } from "vitest";
import { curvePoints, extent, formatPercent, formatSeconds, linePath, lossPoints, pollDelay, ticks } from "./chart";

describe("extent", () => {
  it("covers every value and the included ones", () => {
    expect(extent([0.6, 0.7], [0.5])).toEqual({ min: 0.5, max: 0.7 });
  });
  it("never returns an empty range", () => {
    expect(extent([0.69, 0.69])).toEqual({ min: 0.69 - 0.069, max: 0.69 + 0.069 });
    expect(extent([])).toEqual({ min: 0, max: 1 });
  });
});

describe("linePath", () => {
  const box = { width: 108, height: 58, left: 0, bottom: 0 };
  it("maps the range onto the box, y growing upwards", () => {
    const path = linePath([{ x: 0, y: 0 }, { x: 10, y: 1 }], box, { min: 0, max: 10 }, { min: 0, max: 1 });
    expect(path).toBe("M0.0,58.0 L100.0,8.0");
  });
  it("is empty without points", () => {
    expect(linePath([], box, { min: 0, max: 1 }, { min: 0, max: 1 })).toBe("");
  });
});

describe("ticks", () => {
  it("picks round steps inside the range", () => {
    expect(ticks({ min: 0.5, max: 0.8 }, 3)).toEqual([0.5, 0.6, 0.7, 0.8]);
    expect(ticks({ min: 0, max: 120 }, 4)).toEqual([0, 50, 100]);
  });
});

describe("formatting", () => {
  it("shows percentages and a dash for no value", () => {
    expect(formatPercent(0.7234)).toBe("72.3%");
    expect(formatPercent(null)).toBe("–");
  });
  it("shows seconds and minutes", () => {
    expect(formatSeconds(4.25)).toBe("4.3 s");
    expect(formatSeconds(75)).toBe("1 min 15 s");
  });
});

describe("points", () => {
  it("reads the loss history", () => {
    expect(lossPoints([[1, 0.69], [2, 0.6]])).toEqual([{ x: 1, y: 0.69 }, { x: 2, y: 0.6 }]);
  });
  it("leaves versions without accuracy out of the learning curve", () => {
    expect(curvePoints([{ train_pairs: 10, preference_accuracy: null }, { train_pairs: 20, preference_accuracy: 0.6 }]))
      .toEqual([{ x: 20, y: 0.6 }]);
  });
});

describe("pollDelay", () => {
  it("polls often while a run trains", () => {
    expect(pollDelay("running")).toBeLessThan(pollDelay("queued"));
    expect(pollDelay(null)).toBeGreaterThan(pollDelay("queued"));
  });
});
