import { describe, expect, it } from "vitest";
import { bannerText, isQualificationRefusal, resultNotice, type MyQualification } from "./qualification";

const attempt = (number: number, score: number | null, passed: boolean | null, reset = false) => ({
  number,
  score,
  passed,
  started_at: "2026-01-01T00:00:00Z",
  finished_at: passed === null ? null : "2026-01-01T00:10:00Z",
  reset_at: reset ? "2026-01-02T00:00:00Z" : null,
  reset_by: reset ? { id: 1, username: "max" } : null,
  reset_note: reset ? "read the guide" : "",
});

function status(state: MyQualification["state"], latest: ReturnType<typeof attempt> | null, message = "the server's words"): MyQualification {
  return {
    state,
    size: 5,
    pass_mark: 0.8,
    attempt: state === "in_progress" ? 2 : null,
    answered: 0,
    failures_left: 1,
    attempts: latest ? [latest] : [],
    latest,
    message,
    managers: ["max"],
  };
}

describe("bannerText", () => {
  it("says the group's place in the attempt and that the work counts once passed", () => {
    expect(bannerText({ attempt: 1, position: 2, size: 5 }, status("in_progress", null))).toBe(
      "Qualification: group 2 of 5 — your work counts once you pass",
    );
  });

  it("names the attempt from the second on", () => {
    expect(bannerText({ attempt: 2, position: 1, size: 5 }, null)).toBe("Qualification (attempt 2): group 1 of 5 — your work counts once you pass");
  });

  it("is gone for real work and once the annotator passed", () => {
    expect(bannerText(null, status("in_progress", null))).toBeNull();
    expect(bannerText({ attempt: 2, position: 1, size: 5 }, status("passed", attempt(1, 0.9, true)))).toBeNull();
  });
});

describe("resultNotice", () => {
  it("shows a pass that happened during the visit with the score, the pass mark and the reason", () => {
    expect(resultNotice(status("passed", attempt(1, 0.92, true), "You passed."), false)).toEqual({
      tone: "passed",
      result: "Your result: 92% agreement (pass mark 80%)",
      reason: "You passed.",
    });
  });

  it("does not repeat a pass from an earlier visit", () => {
    expect(resultNotice(status("passed", attempt(1, 0.92, true)), true)).toBeNull();
  });

  it("shows a failed first attempt while the second runs", () => {
    const notice = resultNotice(status("in_progress", attempt(1, 0.4, false), "Attempt 1 did not pass"), false);
    expect(notice).toEqual({ tone: "retry", result: "Your result: 40% agreement (pass mark 80%)", reason: "Attempt 1 did not pass" });
  });

  it("shows the reset's reason without the old score after a manager reset", () => {
    expect(resultNotice(status("in_progress", attempt(2, 0.1, false, true), "max let you try again"), false)).toEqual({
      tone: "retry",
      result: null,
      reason: "max let you try again",
    });
  });

  it("always shows two failures, with the server's message naming the managers", () => {
    const notice = resultNotice(status("failed", attempt(2, 0, false), "A project manager can let you try again (max)."), true);
    expect(notice?.tone).toBe("failed");
    expect(notice?.reason).toContain("(max)");
    expect(notice?.result).toBe("Your result: 0% agreement (pass mark 80%)");
  });

  it("shows nothing before any result or without qualification", () => {
    expect(resultNotice(status("not_started", null), false)).toBeNull();
    expect(resultNotice(status("not_required", null), false)).toBeNull();
    expect(resultNotice(null, false)).toBeNull();
  });
});

describe("isQualificationRefusal", () => {
  it("recognises next-task's refusal after two failures", () => {
    expect(isQualificationRefusal([{ rule: "qualification_failed" }])).toBe(true);
    expect(isQualificationRefusal([{ rule: "paused" }])).toBe(false);
  });
});
