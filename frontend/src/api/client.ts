/**
 * The one way the app talks to the REST API (docs/API.md): an openapi-fetch client over the
 * generated schema (schema.d.ts), so that a call's path, method, parameters and body are checked
 * by TypeScript against what the server declares. Its middleware
 *  - sends, on writes, the X-CSRFToken header (fetched once from auth/csrf/ and refreshed once
 *    if the server says the token is stale),
 *  - turns every refusal into an ApiError carrying the server's `detail` and `errors`, and tells
 *    the app when the refusal means the session is gone,
 * and its transport turns a failure to reach the server into a NetworkError (so callers can retry).
 *
 *     const project = await unwrap(api.GET("/projects/{project_id}/", { params: { path: { project_id: 3 } } }));
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export const API_BASE = "/api/v1";

/** The API's paths as the app writes them: relative to API_BASE, e.g. "/projects/{project_id}/". */
export type ApiPaths = {
  [P in keyof paths as P extends `${typeof API_BASE}${infer Rest}` ? Rest : never]: paths[P];
};

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

/** The refusal's body, `{"detail", "errors": [{"field", "rule", "message"}]}`, whatever came. */
async function refusalOf(response: Response): Promise<{ detail: string; errors: FieldProblem[] }> {
  let payload: { detail?: unknown; errors?: unknown } = {};
  try {
    payload = JSON.parse(await response.text()) ?? {};
  } catch {
    // Not JSON (a proxy's error page, an empty body): the status line has to do.
  }
  const detail =
    typeof payload.detail === "string" && payload.detail
      ? payload.detail
      : `The server answered ${response.status} ${response.statusText || ""}`.trim() + ".";
  return { detail, errors: Array.isArray(payload.errors) ? (payload.errors as FieldProblem[]) : [] };
}

/** fetch, looked up at each call rather than once (tests put their own in its place). */
async function transport(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    throw new NetworkError(`Could not reach the server (${(error as Error).message || "network error"}).`);
  }
}

// Request() takes absolute URLs only; outside a page (the unit tests) there is no origin to use.
const origin = typeof location === "undefined" ? "http://localhost" : location.origin;

export const api = createClient<ApiPaths>({
  baseUrl: origin + API_BASE,
  credentials: "same-origin",
  headers: { Accept: "application/json" },
  fetch: transport,
});

/** What a call answered when it succeeded (undefined for 204 No Content). A refusal never gets
 * here: the middleware below throws it as an ApiError. */
export type Data<R> = R extends { data: infer D; error?: never } ? D : never;

export async function unwrap<R extends { data?: unknown; response: Response }>(call: Promise<R>): Promise<Data<R>> {
  return (await call).data as Data<R>;
}

let csrfToken: string | null = null;

async function ensureCsrf(force = false): Promise<string> {
  if (!force) {
    csrfToken = csrfToken ?? readCookie("csrftoken");
    if (csrfToken) return csrfToken;
  }
  csrfToken = (await unwrap(api.GET("/auth/csrf/"))).csrfToken;
  return csrfToken;
}

/** Forget the CSRF token (the server rotates it at sign-in and sign-out). */
export function resetCsrf(): void {
  csrfToken = null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** An unsent copy of each write, to send again once with a fresh CSRF token. */
const unsent = new WeakMap<Request, Request>();

const csrf: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return;
    request.headers.set("X-CSRFToken", await ensureCsrf());
    unsent.set(request, request.clone());
  },
  async onResponse({ request, response }) {
    const copy = unsent.get(request);
    if (!copy || response.status !== 403) return;
    // A stale token (e.g. after signing in elsewhere) is refreshed once, then the write retried.
    if (!/csrf/i.test((await refusalOf(response.clone())).detail)) return;
    copy.headers.set("X-CSRFToken", await ensureCsrf(true));
    return transport(copy);
  },
};

const refusals: Middleware = {
  async onResponse({ schemaPath, response }) {
    if (response.ok) return;
    const { detail, errors } = await refusalOf(response);
    const error = new ApiError(response.status, detail, errors);
    // Outside auth/ (where "signed out" is an expected answer), tell the app to ask for a sign-in.
    if (error.signedOut && !schemaPath.startsWith("/auth/") && typeof window !== "undefined") {
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    }
    throw error;
  },
};

// Answers pass through the middleware last-registered first: the CSRF retry happens before a
// 403 is turned into an ApiError.
api.use(refusals, csrf);
