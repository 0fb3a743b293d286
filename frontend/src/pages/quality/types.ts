import type { components } from "../../api/schema";
import type { Complete } from "../../api/types";

type Schemas = components["schemas"];

export type QualityReport = Complete<Schemas["QualityReport"]>;
export type ProjectQuality = QualityReport["figures"];
export type AnnotatorQuality = ProjectQuality["annotators"][number];
export type AnnotatorPair = ProjectQuality["pairs"][number];
export type Window = ProjectQuality["windows"]["daily"][number];
export type AnnotatorPage = Complete<Schemas["AnnotatorPage"]>;
export type ReviewedAnnotation = Complete<Schemas["ReviewedAnnotation"]>;
export type QueuedAnnotation = Complete<Schemas["QueuedAnnotation"]>;
export type ReviewDecision = Complete<Schemas["ReviewDecision"]>;
export type Pause = Complete<Schemas["Pause"]>;
export type ModelAgreement = NonNullable<QualityReport["model"]>;
export type GroupModelScores = Complete<Schemas["GroupModelScores"]>;
