import type { ComponentType } from "preact";
import type { Role } from "../api/types";
import type { Params } from "../app/router";

export interface PageProps {
  /** The route's ":name" segments, e.g. {projectId: "3"}. */
  params: Params;
}

export interface PageDef {
  /** Unique id, also the CSS hook `page-<id>`. */
  id: string;
  /** Route under /app/, with ":name" segments. Pages with ":projectId" are project pages: their
   * roles are checked in that project. */
  path: string;
  /** Document title (the project name is not known here; the page may refine it). */
  title: string;
  /** Who may open it: any of these roles (a manager holds all; staff may open everything),
   * or "signed-in" for every signed-in user. */
  roles: readonly Role[] | "signed-in";
  /** Shown in the top navigation (only pages without ":" in their path). */
  nav?: { label: string; order: number };
  /** The page's module, loaded on first visit. */
  load: () => Promise<{ default: ComponentType<PageProps> }>;
}
