/**
 * What the task screen says while an annotator qualifies (tested in qualification.test.ts): the
 * banner with the group's place in their attempt, and the result of a finished attempt with what
 * it means, in the server's words. The server enforces all of it (next-task hands a qualifying
 * annotator nothing else); this only tells them.
 */
import type { components } from "../../api/schema";
import type { Complete } from "../../api/types";

export type MyQualification = Complete<components["schemas"]["MyQualification"]>;
export type TaskQualification = Complete<components["schemas"]["TaskQualification"]>;

const QUALIFYING = new Set(["not_started", "in_progress"]);

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${Math.round(value * 100)}%`;
}

/** "Qualification: group 2 of 5 — your work counts once you pass", or null when not qualifying. */
export function bannerText(place: TaskQualification | null, status: MyQualification | null): string | null {
  if (place === null) return null;
  if (status !== null && !QUALIFYING.has(status.state)) return null;
  const attempt = place.attempt > 1 ? ` (attempt ${place.attempt})` : "";
  return `Qualification${attempt}: group ${place.position} of ${place.size} — your work counts once you pass`;
}

export interface ResultNotice {
  tone: "passed" | "retry" | "failed";
  /** The latest attempt's score against the pass mark, e.g. "Your result: 40% agreement (pass mark 80%)". */
  result: string | null;
  /** What it means and what follows: the server's message. */
  reason: string;
}

/**
 * The result to show, or null: always once both attempts failed (until a manager resets them),
 * while a failed attempt awaits the next one, and a pass only when it happened during this visit
 * (`passedBefore`: the status said passed when the page opened).
 */
export function resultNotice(status: MyQualification | null, passedBefore: boolean): ResultNotice | null {
  if (status === null || status.state === "not_required") return null;
  const latest = status.latest;
  const result = latest ? `Your result: ${percent(latest.score)} agreement (pass mark ${percent(status.pass_mark)})` : null;
  if (status.state === "failed") return { tone: "failed", result, reason: status.message };
  if (status.state === "passed") return passedBefore ? null : { tone: "passed", result, reason: status.message };
  if (latest && latest.passed === false) return { tone: "retry", result: latest.reset_at ? null : result, reason: status.message };
  return null;
}

/** Whether a refusal of next-task is the qualification's (the result notice says it better). */
export function isQualificationRefusal(errors: readonly { rule: string }[]): boolean {
  return errors.some((e) => e.rule === "qualification_failed");
}
