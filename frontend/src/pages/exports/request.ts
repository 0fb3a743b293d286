/**
 * The "new snapshot" form as data: its defaults, the checks the server makes too (so most
 * mistakes show before sending), the request body, and where the server's refusals belong.
 * Plain TypeScript, tested in request.test.ts.
 */
import type { FieldProblem } from "../../api/client";
import type { components } from "../../api/schema";

export type Snapshot = components["schemas"]["Snapshot"];
export type SnapshotRequest = components["schemas"]["SnapshotCreateRequest"];

export const FORMATS: { key: string; label: string }[] = [
  { key: "reference", label: "Reference training format (train.json, valid.json, test.json)" },
  { key: "per_image_parquet", label: "Per-image Parquet (ImageRewardDB columns)" },
  { key: "pairwise_parquet", label: "Pairwise Parquet (label_0 / label_1, ties 0.5)" },
  { key: "pairwise_jsonl", label: "Pairwise JSONL (same rows)" },
  { key: "refl_data", label: "ReFL prompts (refl_data.json)" },
  { key: "trl_preference", label: "TRL preference pairs (prompt / chosen / rejected, Parquet)" },
];
/** The formats that can carry the images themselves (images: "embed"). */
export const EMBEDDING_FORMATS = ["per_image_parquet", "pairwise_parquet", "trl_preference"];
export const STATUSES = ["submitted", "accepted", "rejected"] as const;
export const IMAGE_MODES = [
  { key: "none", label: "Metadata only" },
  { key: "copy", label: "Copy the images" },
  { key: "link", label: "Hard-link the images (same disk)" },
  { key: "embed", label: "Embed the images in the Parquet files" },
];
export const AGGREGATIONS = [
  { key: "mean_slot", label: "One record per group (mean slot)" },
  { key: "per_annotation", label: "One record per annotation" },
];

export interface SnapshotForm {
  formats: string[];
  statuses: string[];
  includeGold: boolean;
  dateFrom: string;
  dateTo: string;
  splitMethod: "fractions" | "held_out";
  train: string;
  valid: string;
  test: string;
  seed: string;
  /** Held-out prompts, one per line: a number is a prompt id, anything else a prompt text. */
  heldOutTest: string;
  heldOutValid: string;
  images: string;
  aggregation: string;
}

export function defaultForm(): SnapshotForm {
  return {
    formats: FORMATS.map((f) => f.key),
    statuses: ["submitted", "accepted"],
    includeGold: false,
    dateFrom: "",
    dateTo: "",
    splitMethod: "fractions",
    train: "0.8",
    valid: "0.1",
    test: "0.1",
    seed: "0",
    heldOutTest: "",
    heldOutValid: "",
    images: "none",
    aggregation: "mean_slot",
  };
}

/** Form sections a problem can be shown next to. */
export type Section = "formats" | "filters" | "split" | "options" | "other";

/** Problems found before sending, by section (empty: nothing to fix). */
export function formProblems(form: SnapshotForm): Partial<Record<Section, string>> {
  const problems: Partial<Record<Section, string>> = {};
  if (form.formats.length === 0) problems.formats = "Choose at least one format.";
  if (form.statuses.length === 0) problems.filters = "Choose at least one annotation status.";
  else if (form.dateFrom && form.dateTo && form.dateFrom > form.dateTo) problems.filters = "The end date is before the start date.";
  if (form.splitMethod === "fractions") {
    const shares = [form.train, form.valid, form.test].map(Number);
    if (shares.some((x, i) => [form.train, form.valid, form.test][i].trim() === "" || !Number.isFinite(x) || x < 0 || x > 1))
      problems.split = "Each share is a number from 0 to 1.";
    else if (Math.abs(shares[0] + shares[1] + shares[2] - 1) > 1e-6)
      problems.split = `The shares add up to ${+(shares[0] + shares[1] + shares[2]).toFixed(6)}, not 1.`;
    else if (!/^-?\d+$/.test(form.seed.trim())) problems.split = "The seed is a whole number.";
  } else if (lines(form.heldOutTest).length + lines(form.heldOutValid).length === 0) {
    problems.split = "List at least one held-out prompt.";
  }
  const naming = FORMATS.map((f) => f.key).filter((key) => form.formats.includes(key) && !EMBEDDING_FORMATS.includes(key));
  if (form.images === "embed" && naming.length > 0) {
    problems.options = `Embedded images live inside Parquet files; ${naming.join(", ")} can only name them: leave them out, or copy the images.`;
  }
  return problems;
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function promptRefs(text: string): (number | string)[] {
  return lines(text).map((line) => (/^\d+$/.test(line) ? Number(line) : line));
}

/** The POST body for projects/{id}/snapshots/. */
export function snapshotRequest(form: SnapshotForm): SnapshotRequest {
  const filters: Record<string, unknown> = { statuses: form.statuses, include_gold: form.includeGold };
  if (form.dateFrom) filters.date_from = form.dateFrom;
  if (form.dateTo) filters.date_to = form.dateTo;
  const split =
    form.splitMethod === "fractions"
      ? {
          method: "fractions",
          seed: Number(form.seed),
          fractions: { train: Number(form.train), valid: Number(form.valid), test: Number(form.test) },
        }
      : { method: "held_out", test: promptRefs(form.heldOutTest), valid: promptRefs(form.heldOutValid) };
  return {
    filters,
    split,
    formats: FORMATS.map((f) => f.key).filter((key) => form.formats.includes(key)),
    options: { images: form.images, aggregation: form.aggregation },
  };
}

/** The server's refusals (fields like "split.fractions", "filters.date_to") by form section. */
export function sectionOf(problem: FieldProblem): Section {
  const head = problem.field.split(/[.[]/)[0];
  if (head === "formats" || head === "filters" || head === "split" || head === "options") return head;
  return "other";
}

export function problemsBySection(errors: FieldProblem[]): Partial<Record<Section, string>> {
  const out: Partial<Record<Section, string>> = {};
  for (const problem of errors) {
    const section = sectionOf(problem);
    out[section] = out[section] ? `${out[section]} ${problem.message}.` : `${problem.message}.`;
  }
  return out;
}

/** A snapshot still being written: worth polling. */
export function isActive(snapshot: Pick<Snapshot, "status">): boolean {
  return snapshot.status === "pending" || snapshot.status === "running";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
