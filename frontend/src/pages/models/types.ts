/** The API shapes the Models page reads (generated from the OpenAPI schema). */
import type { Complete } from "../../api/types";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

export type ModelOverview = Complete<Schemas["ModelOverview"]>;
export type ModelVersion = Complete<Schemas["ModelVersion"]>;
export type TrainingRun = Complete<Schemas["TrainingRun"]>;
export type LearningCurvePoint = Complete<Schemas["LearningCurvePoint"]>;
export type Promotion = Complete<Schemas["Promotion"]>;
export type ReflBundle = Complete<Schemas["ReflBundle"]>;
export type ReflRun = Complete<Schemas["ReflRun"]>;
export type ReflRunSummary = Complete<Schemas["ReflRunList"]>;
