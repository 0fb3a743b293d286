import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, isRetryable, NetworkError, resetCsrf, unwrap } from "./client";

function answer(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A stand-in for fetch that answers each request with `reply`, and keeps what was sent. */
function server(reply: (request: Request) => Response | Promise<Response>) {
  const sent: { path: string; method: string; csrf: string | null; body: string }[] = [];
  vi.stubGlobal("fetch", async (request: Request) => {
    sent.push({
      path: new URL(request.url).pathname + new URL(request.url).search,
      method: request.method,
      csrf: request.headers.get("X-CSRFToken"),
      body: await request.clone().text(),
    });
    return reply(request);
  });
  return sent;
}

const group = (group_id: number) => ({ params: { path: { group_id } } });

afterEach(() => {
  vi.unstubAllGlobals();
  resetCsrf();
});

describe("api client", () => {
  it("fills the path and query parameters in under /api/v1/", async () => {
    const sent = server(() => answer(200, { count: 0, next: null, previous: null, results: [] }));
    await api.GET("/projects/{project_id}/snapshots/", { params: { path: { project_id: 3 }, query: { limit: 100 } } });
    expect(sent).toMatchObject([{ method: "GET", path: "/api/v1/projects/3/snapshots/?limit=100", csrf: null }]);
  });

  it("fetches a CSRF token once and sends it on writes", async () => {
    const sent = server((request) => (request.url.endsWith("auth/csrf/") ? answer(200, { csrfToken: "tok" }) : answer(204)));
    await api.POST("/groups/{group_id}/skip/", { ...group(1), body: { reason: "broken images" } });
    await api.POST("/groups/{group_id}/skip/", { ...group(2), body: { reason: "broken images" } });
    expect(sent.map((r) => r.path)).toEqual(["/api/v1/auth/csrf/", "/api/v1/groups/1/skip/", "/api/v1/groups/2/skip/"]);
    expect(sent[1]).toMatchObject({ method: "POST", csrf: "tok", body: '{"reason":"broken images"}' });
    expect(sent[2].csrf).toBe("tok");
  });

  it("answers the response's data", async () => {
    server(() => answer(200, { id: 7, username: "ann" }));
    expect(await unwrap(api.GET("/auth/me/"))).toEqual({ id: 7, username: "ann" });
  });

  it("answers undefined for 204 No Content", async () => {
    server((request) => (request.url.endsWith("auth/csrf/") ? answer(200, { csrfToken: "tok" }) : answer(204)));
    const task = await unwrap(api.POST("/projects/{project_id}/next-task/", { params: { path: { project_id: 1 } }, body: { exclude: [] } }));
    expect(task).toBeUndefined();
  });

  it("refreshes a stale CSRF token once and retries the write", async () => {
    let token = 0;
    const sent = server((request) => {
      if (request.url.endsWith("auth/csrf/")) return answer(200, { csrfToken: `tok${++token}` });
      return request.headers.get("X-CSRFToken") === "tok2" ? answer(204) : answer(403, { detail: "CSRF Failed: CSRF token incorrect." });
    });
    const { response } = await api.POST("/groups/{group_id}/skip/", { ...group(5), body: { reason: "other" } });
    expect(response.status).toBe(204);
    expect(sent.map((r) => [r.path, r.csrf, r.body])).toEqual([
      ["/api/v1/auth/csrf/", null, ""],
      ["/api/v1/groups/5/skip/", "tok1", '{"reason":"other"}'],
      ["/api/v1/auth/csrf/", null, ""],
      ["/api/v1/groups/5/skip/", "tok2", '{"reason":"other"}'],
    ]);
  });

  it("gives up after one refreshed CSRF token", async () => {
    const sent = server((request) =>
      request.url.endsWith("auth/csrf/") ? answer(200, { csrfToken: "tok" }) : answer(403, { detail: "CSRF Failed: CSRF cookie not set." }),
    );
    const error = await api.POST("/auth/logout/").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, detail: "CSRF Failed: CSRF cookie not set." });
    expect(sent.filter((r) => r.path === "/api/v1/auth/logout/")).toHaveLength(2);
  });

  it("turns a failed connection into a retryable NetworkError", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await api.GET("/projects/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isRetryable(error)).toBe(true);
  });
});

describe("a refusal", () => {
  it("throws the server's detail and field errors as an ApiError", async () => {
    server((request) =>
      request.url.endsWith("auth/csrf/")
        ? answer(200, { csrfToken: "tok" })
        : answer(400, {
            detail: "Submission refused: images[0].slot: slot 6 is outside 1..5.",
            errors: [{ field: "images[0].slot", rule: "slot_range", message: "slot 6 is outside 1..5" }],
          }),
    );
    const error = await api.POST("/groups/{group_id}/skip/", { ...group(1), body: { reason: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      detail: "Submission refused: images[0].slot: slot 6 is outside 1..5.",
      message: "Submission refused: images[0].slot: slot 6 is outside 1..5.",
      errors: [{ field: "images[0].slot", rule: "slot_range", message: "slot 6 is outside 1..5" }],
    });
    expect(isRetryable(error)).toBe(false);
  });

  it("without the JSON error body is told by its status line, and a 5xx may be retried", async () => {
    server(() => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "Content-Type": "text/html" } }));
    const error = await unwrap(api.GET("/projects/")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, detail: "The server answered 502 Bad Gateway.", errors: [] });
    expect(isRetryable(error)).toBe(true);
  });
});

describe("a session that is gone", () => {
  it("is retryable (after signing in again) and tells the app to ask for a sign-in", async () => {
    server(() => answer(403, { detail: "Authentication credentials were not provided." }));
    const events: string[] = [];
    vi.stubGlobal("window", { dispatchEvent: (e: Event) => events.push(e.type) });
    vi.stubGlobal("CustomEvent", class extends Event {});
    const error = await api.GET("/projects/").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, signedOut: true });
    expect(isRetryable(error)).toBe(true);
    expect(events).toEqual(["imagepref:signed-out"]);
  });

  it("is an expected answer under auth/, not a reason to ask for a sign-in", async () => {
    server(() => answer(403, { detail: "Authentication credentials were not provided." }));
    const events: string[] = [];
    vi.stubGlobal("window", { dispatchEvent: (e: Event) => events.push(e.type) });
    vi.stubGlobal("CustomEvent", class extends Event {});
    const error = await api.GET("/auth/me/").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, signedOut: true });
    expect(events).toEqual([]);
  });

  it("is not confused with a refusal for want of a role", async () => {
    server(() => answer(403, { detail: "This needs one of the roles annotator, manager in project 'demo'." }));
    const error = (await api.GET("/projects/{project_id}/", { params: { path: { project_id: 1 } } }).catch((e: unknown) => e)) as ApiError;
    expect(error.signedOut).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });
});

describe("the client's types", () => {
  it("refuse a path, parameter or body the API does not declare", () => {
    // Never run: `npm run build` (tsc) fails if any of these lines stops being a type error.
    const mistakes = () => [
      // @ts-expect-error: no such path
      api.GET("/project/"),
      // @ts-expect-error: no such method on this path
      api.DELETE("/projects/"),
      // @ts-expect-error: the path parameter is missing
      api.GET("/projects/{project_id}/"),
      // @ts-expect-error: the path parameter has the wrong type
      api.GET("/projects/{project_id}/", { params: { path: { project_id: "3" } } }),
      // @ts-expect-error: a skip's reason is a string
      api.POST("/groups/{group_id}/skip/", { ...group(1), body: { reason: 3 } }),
      // @ts-expect-error: a submission needs its client_key, images...
      api.POST("/groups/{group_id}/submit/", { ...group(1), body: { time_spent_ms: 1 } }),
    ];
    expect(typeof mistakes).toBe("function");
  });
});
