import type { PageDef } from "../types";
import { PROJECT_MODELS_PATH } from "./paths";

/** The reward model of a project: versions, learning curve, the run in progress, actions. */
export const projectModelsPage: PageDef = {
  id: "models",
  path: PROJECT_MODELS_PATH,
  title: "Models",
  roles: ["researcher", "reviewer"],
  load: () => import("./ProjectModelsPage"),
};

/** The top-bar entry: picks the project (straight to it when there is one). */
export const modelsPage: PageDef = {
  id: "models-index",
  path: "/models",
  title: "Models",
  roles: ["researcher", "reviewer"],
  nav: { label: "Models", order: 20 },
  load: () => import("./ModelsPage"),
};
