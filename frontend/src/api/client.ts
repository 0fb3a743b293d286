/**
 * The one way the app talks to the REST API (docs/API.md): a typed fetch wrapper that
 *  - prefixes /api/v1/,
 *  - sends the session cookie and, on writes, the X-CSRFToken header (fetched once from
 *    auth/csrf/ and refreshed once if the server says the token is stale),
 *  - turns every refusal into an ApiError carrying the server's `detail` and `errors`,
 *  - turns a failure to reach the server into a NetworkError (so callers can retry).
 */

export const API_BASE = "/api/v1/";

/** Dispatched on window when a request fails because the session is gone. */
export const SIGNED_OUT_EVENT = "imagepref:signed-out";

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** The server answered with a 4xx/5xx. `detail` is the server's own message, to show as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldProblem[];
  constructor(status: number, detail: string, errors: FieldProblem[] = []) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    this.errors = errors;
  }
  /** The session is gone (expired, or signed out in another tab): signing in again fixes it. */
  get signedOut(): boolean {
    return this.status === 401 || (this.status === 403 && /credentials were not provided|not authenticated/i.test(this.detail));
  }
  /** 5xx, 408 and 429 may succeed on a later try, and so may anything refused for want of a
   * session (after signing in again); other 4xx are refusals. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429 || this.signedOut;
  }
}

/** The request never got an answer (offline, connection reset, aborted by the network). */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetworkError";
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.retryable);
}

function readCookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

let csrfToken: string | null = null;

async function ensureCsrf(force = false): Promise<string> {
  if (!force) {
    csrfToken = csrfToken ?? readCookie("csrftoken");
    if (csrfToken) return csrfToken;
  }
  const answer = await send<{ csrfToken: string }>("GET", "auth/csrf/", undefined, false);
  csrfToken = answer.csrfToken;
  return csrfToken;
}

/** Forget the CSRF token (the server rotates it at sign-in and sign-out). */
export function resetCsrf(): void {
  csrfToken = null;
}

async function send<T>(method: string, path: string, body: unknown, withCsrf: boolean, retryCsrf = true): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (withCsrf) headers["X-CSRFToken"] = await ensureCsrf();
  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (error) {
    throw new NetworkError(`Could not reach the server (${(error as Error).message || "network error"}).`);
  }
  if (response.status === 204) return undefined as T;
  let data: unknown = undefined;
  const text = await response.text().catch(() => "");
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const payload = (data ?? {}) as { detail?: unknown; errors?: FieldProblem[] };
    const detail =
      typeof payload.detail === "string" && payload.detail
        ? payload.detail
        : `The server answered ${response.status} ${response.statusText || ""}`.trim() + ".";
    // A stale CSRF token (e.g. after signing in elsewhere) is refreshed once, then retried.
    if (withCsrf && retryCsrf && response.status === 403 && /csrf/i.test(detail)) {
      await ensureCsrf(true);
      return send<T>(method, path, body, withCsrf, false);
    }
    const error = new ApiError(response.status, detail, Array.isArray(payload.errors) ? payload.errors : []);
    // Outside auth/ (where "signed out" is an expected answer), tell the app to ask for a sign-in.
    if (error.signedOut && !path.startsWith("auth/") && typeof window !== "undefined") {
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    }
    throw error;
  }
  return data as T;
}

export const api = {
  get<T>(path: string): Promise<T> {
    return send<T>("GET", path, undefined, false);
  },
  post<T>(path: string, body?: unknown): Promise<T> {
    return send<T>("POST", path, body ?? {}, true);
  },
  patch<T>(path: string, body: unknown): Promise<T> {
    return send<T>("PATCH", path, body, true);
  },
  put<T>(path: string, body: unknown): Promise<T> {
    return send<T>("PUT", path, body, true);
  },
  delete<T = void>(path: string): Promise<T> {
    return send<T>("DELETE", path, undefined, true);
  },
};
