/**
 * Where the quality charts put their axes, labels and cells (tested in chartLayout.test.ts): the
 * margins follow from the labels' lengths, so a tick label never runs into an axis title and the
 * last name of a heatmap is never cut. Text is measured by estimate (no DOM), generously: a
 * glyph of a sans-serif is taken as ADVANCE font sizes wide.
 */

export const FONT = 11;
const ADVANCE = 0.62;
const PAD = 4;

/** The width of `text` at `fontSize`, as estimated for layout. */
export function textWidth(text: string, fontSize = FONT): number {
  return Math.ceil(text.length * fontSize * ADVANCE);
}

/** `text` cut with an ellipsis to fit `maxWidth` (the full text then goes in a <title>). */
export function fitText(text: string, maxWidth: number, fontSize = FONT): { text: string; truncated: boolean } {
  if (textWidth(text, fontSize) <= maxWidth) return { text, truncated: false };
  const chars = Math.max(1, Math.floor(maxWidth / (fontSize * ADVANCE)) - 1);
  return { text: `${text.slice(0, chars)}…`, truncated: true };
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface AxesLayout {
  width: number;
  height: number;
  fontSize: number;
  /** The plotting area; ticks and points fall inside it. */
  plot: Rect;
  /** The right edge of the y tick labels (text-anchor end) and the baseline of the x ones. */
  yTickX: number;
  xTickY: number;
  /** The y title, rotated a quarter turn about its anchor (text-anchor middle), left of the tick labels. */
  yTitle: AxisTitle;
  /** The x title under the tick labels, centred on the plot. */
  xTitle: AxisTitle;
}

/** A title at (x, y) as shown, and in `full` when it was cut. */
export interface AxisTitle {
  x: number;
  y: number;
  text: string;
  truncated: boolean;
  full: string;
}

/**
 * Axes for a `width` x `height` chart: room on the left for the longest y tick label and the
 * rotated y title, below for the x tick labels and the x title, on the right for half the last
 * x tick label, above for half a line. Titles longer than their side are cut with an ellipsis.
 */
export function axesLayout({
  width,
  height,
  yTicks,
  xTicks,
  yTitle,
  xTitle,
  fontSize = FONT,
}: {
  width: number;
  height: number;
  yTicks: readonly string[];
  xTicks: readonly string[];
  yTitle: string;
  xTitle: string;
  fontSize?: number;
}): AxesLayout {
  const yTickWidth = Math.max(0, ...yTicks.map((t) => textWidth(t, fontSize)));
  const lastX = xTicks.length ? textWidth(xTicks[xTicks.length - 1], fontSize) : 0;
  // The rotated y title takes a band a line high (its descenders included) at the far left.
  const left = PAD + Math.ceil(fontSize * 1.25) + PAD + yTickWidth + PAD;
  const top = Math.ceil(fontSize / 2) + PAD;
  const right = width - Math.max(2 * PAD, Math.ceil(lastX / 2) + PAD);
  const bottom = height - (PAD + fontSize + PAD + fontSize + PAD);
  const plot = { left, top, right, bottom };
  return {
    width,
    height,
    fontSize,
    plot,
    yTickX: left - PAD,
    xTickY: bottom + PAD + fontSize,
    yTitle: { x: PAD + fontSize, y: (top + bottom) / 2, full: yTitle, ...fitText(yTitle, bottom - top, fontSize) },
    xTitle: { x: (left + right) / 2, y: height - PAD, full: xTitle, ...fitText(xTitle, right - left, fontSize) },
  };
}

/** A value's place on the plot: `x` across [xs.min, xs.max], `y` up [ys.min, ys.max]. */
export function place(
  point: { x: number; y: number },
  plot: Rect,
  xs: { min: number; max: number },
  ys: { min: number; max: number },
): { x: number; y: number } {
  return {
    x: plot.left + ((point.x - xs.min) / (xs.max - xs.min)) * (plot.right - plot.left),
    y: plot.bottom - ((point.y - ys.min) / (ys.max - ys.min)) * (plot.bottom - plot.top),
  };
}

export interface HeatmapLayout {
  width: number;
  height: number;
  fontSize: number;
  cell: number;
  /** The matrix's top-left corner. */
  left: number;
  top: number;
  /** Column labels are rotated by -angle degrees about the bottom of their column (text-anchor start). */
  angle: number;
  /** Each name as shown (cut to `maxLabel` with an ellipsis; the full name goes in a <title>). */
  labels: { text: string; truncated: boolean }[];
}

/**
 * A square matrix of `names` within `maxWidth`: row names on the left, column names above,
 * slanted so that long names fit; every label inside the box, the last column's included.
 */
export function heatmapLayout(
  names: readonly string[],
  { maxWidth = 460, maxLabel = 110, fontSize = FONT, angle = 45, minCell = 14, maxCell = 36 } = {},
): HeatmapLayout {
  const labels = names.map((name) => fitText(name, maxLabel, fontSize));
  const widths = labels.map((l) => textWidth(l.text, fontSize));
  const longest = Math.max(0, ...widths);
  const cos = Math.cos((angle * Math.PI) / 180);
  const sin = Math.sin((angle * Math.PI) / 180);
  const left = PAD + longest + PAD;
  const top = PAD + Math.ceil(longest * sin + fontSize * cos) + PAD;
  const n = Math.max(1, names.length);
  // The cell first, leaving room on the right for the longest slanted name, then the room the
  // names actually need past the matrix's right edge.
  const room = maxWidth - left - Math.ceil(longest * cos + fontSize * sin) - PAD;
  const cell = Math.max(minCell, Math.min(maxCell, Math.floor(room / n)));
  const overhang = Math.max(0, ...widths.map((w, i) => (i + 0.5) * cell + w * cos + fontSize * sin - n * cell));
  return {
    width: left + n * cell + Math.ceil(overhang) + PAD,
    height: top + n * cell + PAD,
    fontSize,
    cell,
    left,
    top,
    angle,
    labels,
  };
}

/** Room for bar labels: the left margin of the longest (cut to `maxLabel`), and each as shown. */
export function barLabels(names: readonly string[], { maxLabel = 110, fontSize = FONT } = {}) {
  const labels = names.map((name) => fitText(name, maxLabel, fontSize));
  return { left: PAD + Math.max(0, ...labels.map((l) => textWidth(l.text, fontSize))) + PAD, labels };
}
