import type { PageDef } from "../types";

export const annotatePage: PageDef = {
  id: "annotate",
  path: "/projects/:projectId/annotate",
  title: "Annotate",
  roles: ["annotator"],
  load: () => import("./AnnotatePage"),
};
