/**
 * Client-side routes live under /app/ (config/frontend.py answers index.html for them, so a
 * reload or a shared link works). Patterns use ":name" segments: "/projects/:projectId/annotate".
 */
import { useEffect, useState } from "preact/hooks";

export const APP_PREFIX = "/app";

export type Params = Record<string, string>;

/** The params of `path` if it matches `pattern`, else null. */
export function matchPath(pattern: string, path: string): Params | null {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** Fill a pattern's ":name" segments: buildPath("/projects/:projectId", {projectId: 3}). */
export function buildPath(pattern: string, params: Record<string, string | number> = {}): string {
  return pattern
    .split("/")
    .map((part) => (part.startsWith(":") ? encodeURIComponent(String(params[part.slice(1)])) : part))
    .join("/");
}

/** The route inside the app: "/app/projects" gives "/projects"; "/" gives "/". */
export function currentRoute(): string {
  const path = window.location.pathname;
  if (path === APP_PREFIX || path.startsWith(APP_PREFIX + "/")) return path.slice(APP_PREFIX.length) || "/";
  return "/";
}

const listeners = new Set<() => void>();

export function navigate(route: string, { replace = false } = {}): void {
  const url = APP_PREFIX + (route.startsWith("/") ? route : "/" + route);
  if (url === window.location.pathname) return;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  listeners.forEach((listener) => listener());
}

/** The current route, re-rendering on navigate() and on the browser's back/forward. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return route;
}
