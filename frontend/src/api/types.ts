/**
 * The API's shapes as the app uses them, taken from the generated OpenAPI types (schema.d.ts,
 * `npm run gen:api`): a serializer change that the app depends on fails `npm run typecheck`.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

/** A response as the server sends it: drf-spectacular marks model fields with a default as
 * optional, but every field of a response is always there. */
export type Complete<T> = T extends (infer U)[]
  ? Complete<U>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Complete<T[K]> }
    : T;

/** Reads a response as Complete (above); the one place that claim is made. */
export function complete<T>(response: T): Complete<T> {
  return response as Complete<T>;
}

export type Me = Schemas["User"];
export type Role = Schemas["RoleEnum"];
export type Progress = Schemas["Progress"];
export type ProjectSummary = Complete<Schemas["ProjectListItem"]>;
export type RatingDimension = Complete<Schemas["RatingDimension"]>;
export type ProjectDetail = Complete<Schemas["Project"]>;
export type TaskImage = Schemas["TaskImage"];
export type Task = Complete<Schemas["Task"]>;
export type ImageJudgment = Complete<Schemas["ImageJudgmentRequest"]>;
/** Sent complete (every field), which the request type accepts. */
export type SubmissionPayload = Complete<Schemas["SubmissionRequest"]>;
export type SubmissionResult = Complete<Schemas["AnnotationReceipt"]>;
export type SkipPayload = Schemas["SkipRequest"];
export type NextTaskPayload = Schemas["NextTaskRequestRequest"];

// The payloads the app builds must be what the API accepts.
type Assert<T extends true> = T;
export type _SubmissionFits = Assert<SubmissionPayload extends Schemas["SubmissionRequest"] ? true : false>;
