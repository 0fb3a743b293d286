import type { PageDef } from "../types";

export const projectsPage: PageDef = {
  id: "projects",
  path: "/",
  title: "Projects",
  roles: "signed-in",
  nav: { label: "Projects", order: 0 },
  load: () => import("./ProjectsPage"),
};
