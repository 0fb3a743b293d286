import { describe, expect, it } from "vitest";
import { setAdvice } from "./qualification";

const on = { require_qualification: true, qualification_size: 5 };

describe("setAdvice", () => {
  it("warns that newcomers are refused while the set is smaller than one attempt", () => {
    expect(setAdvice(4, on)).toBe(
      "The set holds 4 groups, fewer than one attempt's 5: newcomers are told to ask a manager until it holds more.",
    );
    expect(setAdvice(1, on)).toContain("holds 1 group,");
  });

  it("warns that a second attempt may run out below twice the attempt's size", () => {
    expect(setAdvice(9, on)).toContain("a second attempt needs 10 in all");
  });

  it("says nothing once two attempts fit", () => {
    expect(setAdvice(10, on)).toBeNull();
  });

  it("says the set is unused while qualification is off, and nothing for an empty set then", () => {
    expect(setAdvice(3, { ...on, require_qualification: false })).toContain("Qualification is off");
    expect(setAdvice(0, { ...on, require_qualification: false })).toBeNull();
  });
});
