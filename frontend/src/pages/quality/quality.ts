/**
 * Plain functions behind the quality pages (tested in quality.test.ts): sorting the annotator
 * table, its CSV, the heatmap's cells and colours, the review screen's keys, and the review
 * screen's reading of the production model's scores beside a judgment.
 */

export type SortDirection = "asc" | "desc";

/** Rows sorted by one column; missing values (null) always go last, whatever the direction. */
export function sortRows<T>(rows: readonly T[], key: keyof T, direction: SortDirection): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key] as unknown;
    const y = b[key] as unknown;
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === "number" && typeof y === "number") return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join("; ") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return [columns.join(","), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(","))].join("\r\n") + "\r\n";
}

export interface PairCell {
  row: number;
  column: number;
  value: number | null;
  groups: number;
}

/** The symmetric matrix of pairwise agreement over `ids` (the diagonal and unseen pairs are null). */
export function pairMatrix(
  ids: readonly number[],
  pairs: readonly { first: number; second: number; pairwise_agreement: number | null; groups: number }[],
): PairCell[] {
  const index = new Map(ids.map((id, i) => [id, i]));
  const cells: PairCell[] = [];
  for (let row = 0; row < ids.length; row++)
    for (let column = 0; column < ids.length; column++) cells.push({ row, column, value: null, groups: 0 });
  for (const pair of pairs) {
    const a = index.get(pair.first);
    const b = index.get(pair.second);
    if (a === undefined || b === undefined) continue;
    for (const [r, c] of [[a, b], [b, a]]) cells[r * ids.length + c] = { row: r, column: c, value: pair.pairwise_agreement, groups: pair.groups };
  }
  return cells;
}

/** A colour from red (0) through yellow to green (1); grey for no value. */
export function agreementColour(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "#e5e7eb";
  const v = Math.min(1, Math.max(0, value));
  const hue = Math.round(120 * v);
  return `hsl(${hue}, 70%, ${Math.round(75 - 20 * v)}%)`;
}

/** Days since the first date, for plotting dated windows on a numeric axis. */
export function dayOffsets(dates: readonly string[]): number[] {
  if (dates.length === 0) return [];
  const first = Date.parse(dates[0] + "T00:00:00Z");
  return dates.map((d) => Math.round((Date.parse(d + "T00:00:00Z") - first) / 86_400_000));
}

/** The date `offset` days after `first` (YYYY-MM-DD), as an axis shows it: "12-06". */
export function dayLabel(first: string, offset: number): string {
  return new Date(Date.parse(first + "T00:00:00Z") + offset * 86_400_000).toISOString().slice(5, 10);
}

export type ReviewAction =
  | { kind: "accept" }
  | { kind: "reject" }
  | { kind: "reason"; index: number }
  | { kind: "next" }
  | { kind: "previous" }
  | { kind: "note" }
  | { kind: "cancel" };

/** What a key does on the review screen (null: nothing). Digits pick a reason while rejecting. */
export function reviewKey(key: string, rejecting: boolean): ReviewAction | null {
  if (rejecting && /^[1-9]$/.test(key)) return { kind: "reason", index: Number(key) - 1 };
  switch (key) {
    case "a":
    case "A":
      return { kind: "accept" };
    case "r":
    case "R":
      return { kind: "reject" };
    case "j":
    case "ArrowDown":
      return { kind: "next" };
    case "k":
    case "ArrowUp":
      return { kind: "previous" };
    case "n":
      return { kind: "note" };
    case "Escape":
      return { kind: "cancel" };
    default:
      return null;
  }
}

/** The model's place for each image (1 = its best score; equal scores share a place). */
export function modelRanks(scores: readonly { image_id: number; score: number }[]): Map<number, number> {
  return new Map(scores.map((s) => [s.image_id, 1 + scores.filter((other) => other.score > s.score).length]));
}

/** Of the image pairs a judgment puts in different slots (and the model scored), how many the
 * model orders the same way: a higher score for the image in the better (lower) slot. A model tie
 * is not agreement, as on the server (rewardmodel/services/model_agreement.py). */
export function agreementWithModel(
  images: readonly { image_id: number; slot: number }[],
  scores: ReadonlyMap<number, number>,
): { agreed: number; compared: number } {
  let agreed = 0;
  let compared = 0;
  for (let i = 0; i < images.length; i++)
    for (let j = i + 1; j < images.length; j++) {
      const [a, b] = [images[i], images[j]];
      const [x, y] = [scores.get(a.image_id), scores.get(b.image_id)];
      if (a.slot === b.slot || x === undefined || y === undefined) continue;
      compared++;
      if ((a.slot < b.slot && x > y) || (b.slot < a.slot && y > x)) agreed++;
    }
  return { agreed, compared };
}
