import { describe, expect, it } from "vitest";
import { emptyForm, formField, formProblems, outcome } from "./model";

describe("formProblems", () => {
  it("accepts an https URL with an event", () => {
    expect(formProblems({ ...emptyForm(), url: "https://ci.example.org/hook" })).toEqual({});
  });

  it("needs an http(s) URL and an event", () => {
    const problems = formProblems({ url: "ftp://x", description: "", events: [] });
    expect(Object.keys(problems).sort()).toEqual(["events", "url"]);
  });
});

describe("formField", () => {
  it("maps the server's fields to the form's", () => {
    expect(formField("events[1]")).toBe("events");
    expect(formField("url")).toBe("url");
    expect(formField("secret")).toBeNull();
  });
});

describe("outcome", () => {
  const base = { response_code: null, last_error: "", attempts: 0, next_attempt_at: "2026-01-01T10:00:00Z" };
  it("says what happened to a delivery", () => {
    expect(outcome({ ...base, status: "succeeded", response_code: 204, attempts: 1 })).toBe("HTTP 204");
    expect(outcome({ ...base, status: "pending" })).toBe("queued");
    expect(outcome({ ...base, status: "failed", attempts: 5, last_error: "HTTP 500" })).toBe("failed: HTTP 500");
    expect(outcome({ ...base, status: "pending", attempts: 1, last_error: "timed out" })).toMatch(/^retrying at .*: timed out$/);
  });
});
