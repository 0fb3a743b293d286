import type { ComponentChildren } from "preact";
import { buildPath, navigate } from "../../app/router";

/** An in-app link to `pattern` with `params`. */
export function AppLink({ pattern, params, children, class: className }: {
  pattern: string;
  params: Record<string, string | number>;
  children: ComponentChildren;
  class?: string;
}) {
  const route = buildPath(pattern, params);
  return (
    <a
      class={className}
      href={"/app" + route}
      onClick={(event) => {
        event.preventDefault();
        navigate(route);
      }}
    >
      {children}
    </a>
  );
}
