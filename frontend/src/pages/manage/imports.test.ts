import { describe, expect, it } from "vitest";
import { goldCount, rankingOptions } from "./imports";

describe("rankingOptions", () => {
  it("sends neither option when the rankings are not imported", () => {
    expect(rankingOptions("none")).toEqual({ gold: false, qualification: false });
  });

  it("makes qualification groups gold groups too", () => {
    expect(rankingOptions("gold")).toEqual({ gold: true, qualification: false });
    expect(rankingOptions("qualification")).toEqual({ gold: true, qualification: true });
  });
});

describe("goldCount", () => {
  it("says how many gold groups joined the qualification set", () => {
    expect(goldCount({ gold_groups: 12, qualification_groups: 12 })).toBe("12 (12 qualification)");
    expect(goldCount({ gold_groups: 3, qualification_groups: 0 })).toBe("3");
  });

  it("is empty before the import is done and reads batches from before the count existed", () => {
    expect(goldCount(null)).toBe("");
    expect(goldCount({ gold_groups: 2 })).toBe("2");
  });
});
