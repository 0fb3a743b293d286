import type { PageDef } from "../types";

export const exportsPage: PageDef = {
  id: "exports",
  path: "/exports",
  title: "Exports",
  roles: ["researcher"],
  nav: { label: "Exports", order: 30 },
  load: () => import("./ExportsPage"),
};
