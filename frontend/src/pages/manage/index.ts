import type { PageDef } from "../types";

export const managePage: PageDef = {
  id: "manage",
  path: "/manage",
  title: "Manage",
  roles: ["manager"],
  nav: { label: "Manage", order: 40 },
  load: () => import("./ManagePage"),
};
