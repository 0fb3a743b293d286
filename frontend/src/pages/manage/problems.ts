/** Refusals of the API shown next to the field they concern. */
import { ApiError, type FieldProblem } from "../../api/client";

/** The problems of a refusal, by the form field they concern: `rating_dimensions[1].max` belongs
 * to `rating_dimensions`; problems of no known field go under "" (shown above the form). */
export function problemsByField(error: unknown, fields: readonly string[]): Record<string, FieldProblem[]> {
  const out: Record<string, FieldProblem[]> = {};
  if (!(error instanceof ApiError)) return out;
  for (const problem of error.errors) {
    const base = problem.field.split(/[.[]/, 1)[0];
    const key = fields.includes(base) ? base : "";
    (out[key] ??= []).push(problem);
  }
  return out;
}

/** "a, b\nc" -> ["a", "b", "c"]: a list typed as text, one entry per comma or line. */
export function listOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** A bad-row table's "where": "manifest.jsonl:12" or "train.json[3]" or the option's name. */
export function rowPlace(row: { file: string; line: number | null }): string {
  if (!row.file) return "";
  if (row.line === null) return row.file;
  return row.file.endsWith(".jsonl") ? `${row.file}:${row.line}` : `${row.file}[${row.line}]`;
}
