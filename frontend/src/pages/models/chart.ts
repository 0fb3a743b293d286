/**
 * Plain functions behind the Models page's charts and labels (tested in chart.test.ts): scales,
 * SVG paths, ticks and the numbers as people read them.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Range {
  min: number;
  max: number;
}

export interface Box {
  width: number;
  height: number;
  /** Room left for the axes' labels: left, bottom; right and top get a small margin. */
  left: number;
  bottom: number;
}

/** The smallest range holding every value (and `include`), never empty. */
export function extent(values: number[], include: number[] = []): Range {
  const all = [...values, ...include].filter((v) => Number.isFinite(v));
  if (all.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  return { min, max };
}

const MARGIN = 8;

export function toScreen(point: Point, box: Box, xs: Range, ys: Range): Point {
  const innerW = box.width - box.left - MARGIN;
  const innerH = box.height - box.bottom - MARGIN;
  return {
    x: box.left + ((point.x - xs.min) / (xs.max - xs.min)) * innerW,
    y: MARGIN + innerH - ((point.y - ys.min) / (ys.max - ys.min)) * innerH,
  };
}

/** An SVG path through the points in the box ("" for none). */
export function linePath(points: Point[], box: Box, xs: Range, ys: Range): string {
  return points
    .map((p, i) => {
      const s = toScreen(p, box, xs, ys);
      return `${i === 0 ? "M" : "L"}${s.x.toFixed(1)},${s.y.toFixed(1)}`;
    })
    .join(" ");
}

/** About `count` round tick values covering the range (1, 2 or 5 times a power of ten apart). */
export function ticks(range: Range, count = 4): number[] {
  const span = range.max - range.min;
  if (!(span > 0)) return [range.min];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(range.min / step) * step; v <= range.max + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "–" : `${(100 * value).toFixed(digits)}%`;
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - 60 * minutes);
  return `${minutes} min ${rest} s`;
}

/** A run's loss history ([[step, loss], ...]) as chart points. */
export function lossPoints(history: readonly (readonly number[])[] | undefined): Point[] {
  return (history ?? []).filter((row) => row.length >= 2).map(([step, loss]) => ({ x: step, y: loss }));
}

export interface CurvePoint {
  train_pairs: number;
  preference_accuracy: number | null;
}

/** The learning curve's points: accuracy against training pairs, versions without an accuracy left out. */
export function curvePoints(points: readonly CurvePoint[]): Point[] {
  return points
    .filter((p) => p.preference_accuracy !== null && p.preference_accuracy !== undefined)
    .map((p) => ({ x: p.train_pairs, y: p.preference_accuracy as number }));
}

/** How long to wait before reading the page's data again: often while a run moves, rarely otherwise. */
export function pollDelay(activeRunState: string | null | undefined): number {
  if (activeRunState === "running") return 2000;
  if (activeRunState === "queued") return 4000;
  return 30000;
}
