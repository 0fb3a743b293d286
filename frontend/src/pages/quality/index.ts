import type { PageDef } from "../types";
import { ANNOTATOR_PATH, QUALITY_PATH, REVIEW_PATH } from "./paths";

/** The top-bar entry: picks the project (straight to its dashboard when there is one). */
export const qualityIndexPage: PageDef = {
  id: "quality-index",
  path: "/quality",
  title: "Quality",
  roles: ["reviewer", "researcher"],
  nav: { label: "Quality", order: 15 },
  load: () => import("./QualityIndexPage"),
};

/** Agreement over time, who agrees with whom, outliers, gold; the annotator table. */
export const qualityDashboardPage: PageDef = {
  id: "quality",
  path: QUALITY_PATH,
  title: "Quality",
  roles: ["reviewer", "researcher"],
  load: () => import("./DashboardPage"),
};

export const reviewPage: PageDef = {
  id: "review",
  path: REVIEW_PATH,
  title: "Review",
  roles: ["reviewer"],
  load: () => import("./ReviewPage"),
};

export const annotatorPage: PageDef = {
  id: "annotator",
  path: ANNOTATOR_PATH,
  title: "Annotator",
  roles: ["reviewer"],
  load: () => import("./AnnotatorPage"),
};

export const qualityPages = [qualityIndexPage, qualityDashboardPage, reviewPage, annotatorPage];
