import { useCallback, useEffect, useRef } from "preact/hooks";

/** Time spent on the task while the tab is visible, starting from `initialMs` (a draft's).
 * Returns a function reading the total now. */
export function useActiveTime(initialMs: number): () => number {
  const accumulated = useRef(initialMs);
  const since = useRef<number | null>(typeof document === "undefined" || document.visibilityState === "visible" ? performance.now() : null);

  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        if (since.current === null) since.current = performance.now();
      } else if (since.current !== null) {
        accumulated.current += performance.now() - since.current;
        since.current = null;
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  return useCallback(() => accumulated.current + (since.current === null ? 0 : performance.now() - since.current), []);
}
