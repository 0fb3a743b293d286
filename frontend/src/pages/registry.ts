/**
 * Every page of the app, in one place. To add a page: create src/pages/<name>/ with an
 * index.ts exporting a PageDef (and the component module it loads), then add it to this list.
 * See frontend/README.md.
 */
import { matchPath, type Params } from "../app/router";
import type { PageDef } from "./types";
import { projectsPage } from "./projects";
import { annotatePage } from "./annotate";
import { exportsPage } from "./exports";
import { modelsPage, projectModelsPage } from "./models";
import { managePage } from "./manage";
import { qualityPages } from "./quality";
import { webhooksPage } from "./webhooks";

export const pages: PageDef[] = [
  projectsPage,
  annotatePage,
  exportsPage,
  modelsPage,
  projectModelsPage,
  managePage,
  ...qualityPages,
  webhooksPage,
];

/** The page for a route, with its params. */
export function findPage(route: string): { page: PageDef; params: Params } | null {
  for (const page of pages) {
    const params = matchPath(page.path, route);
    if (params) return { page, params };
  }
  return null;
}
