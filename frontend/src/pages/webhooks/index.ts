import type { PageDef } from "../types";

export const webhooksPage: PageDef = {
  id: "webhooks",
  path: "/webhooks",
  title: "Webhooks",
  roles: ["manager"],
  nav: { label: "Webhooks", order: 40 },
  load: () => import("./WebhooksPage"),
};
