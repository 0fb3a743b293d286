import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, isRetryable, NetworkError, resetCsrf } from "./client";

function answer(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetCsrf();
});

describe("api client", () => {
  it("fetches a CSRF token once and sends it on writes", async () => {
    const fetchMock = vi.fn(async (url: string, _init?: RequestInit) =>
      url.endsWith("auth/csrf/") ? answer(200, { csrfToken: "tok" }) : answer(201, { id: 1 }),
    );
    vi.stubGlobal("fetch", fetchMock);
    await api.post("groups/1/submit/", { a: 1 });
    await api.post("groups/2/submit/", { a: 2 });
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(["/api/v1/auth/csrf/", "/api/v1/groups/1/submit/", "/api/v1/groups/2/submit/"]);
    expect((fetchMock.mock.calls[1][1]!.headers as Record<string, string>)["X-CSRFToken"]).toBe("tok");
  });

  it("throws the server's detail and field errors as an ApiError", async () => {
    vi.stubGlobal("fetch", async () =>
      answer(400, { detail: "Submission refused: images[0].slot: slot 6 is outside 1..5.", errors: [{ field: "images[0].slot", rule: "slot_range", message: "slot 6 is outside 1..5" }] }),
    );
    const error = await api.get("x/").catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, detail: "Submission refused: images[0].slot: slot 6 is outside 1..5.", errors: [{ rule: "slot_range" }] });
    expect(isRetryable(error)).toBe(false);
  });

  it("turns a failed connection into a retryable NetworkError", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await api.get("x/").catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isRetryable(error)).toBe(true);
  });

  it("answers undefined for 204 No Content", async () => {
    vi.stubGlobal("fetch", async () => answer(204));
    expect(await api.get("projects/1/next-task/")).toBeUndefined();
  });

  it("refreshes a stale CSRF token once and retries the write", async () => {
    let token = 0;
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith("auth/csrf/")) return answer(200, { csrfToken: `tok${++token}` });
      const sentToken = (init!.headers as Record<string, string>)["X-CSRFToken"];
      return sentToken === "tok2" ? answer(200, { ok: true }) : answer(403, { detail: "CSRF Failed: CSRF token incorrect." });
    });
    vi.stubGlobal("fetch", fetchMock);
    expect(await api.post("auth/logout/")).toEqual({ ok: true });
  });
});

describe("a session that is gone", () => {
  it("is retryable (after signing in again) and tells the app to ask for a sign-in", async () => {
    vi.stubGlobal("fetch", async () => answer(403, { detail: "Authentication credentials were not provided." }));
    const events: string[] = [];
    vi.stubGlobal("window", { dispatchEvent: (e: Event) => events.push(e.type) });
    vi.stubGlobal("CustomEvent", class extends Event {});
    const error = await api.get("projects/").catch((e) => e);
    expect(error).toMatchObject({ status: 403, signedOut: true });
    expect(isRetryable(error)).toBe(true);
    expect(events).toEqual(["imagepref:signed-out"]);
  });

  it("is not confused with a refusal for want of a role", async () => {
    vi.stubGlobal("fetch", async () => answer(403, { detail: "This needs one of the roles annotator, manager in project 'demo'." }));
    const error = (await api.get("projects/1/next-task/").catch((e) => e)) as ApiError;
    expect(error.signedOut).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });
});
