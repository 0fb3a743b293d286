/**
 * The quality dashboard's SVG charts, on the Models page's ticks (models/chart.ts) and the
 * layout of chartLayout.ts (margins from the labels' lengths): no charting library to ship for
 * four small plots.
 */
import { extent, formatPercent, ticks, type Range } from "../models/chart";
import { axesLayout, barLabels, heatmapLayout, place, textWidth, type AxesLayout } from "./chartLayout";
import { agreementColour, pairMatrix } from "./quality";

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  outlier: boolean;
  title: string;
}

/** The x and y axes of a chart laid out by `axesLayout`: grid lines, tick labels and titles. */
function Axes({ layout, xs, ys, xTicks, yTicks, formatX, formatY }: {
  layout: AxesLayout;
  xs: Range;
  ys: Range;
  xTicks: number[];
  yTicks: number[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
}) {
  const { plot } = layout;
  return (
    <>
      {yTicks.map((y) => {
        const s = place({ x: xs.min, y }, plot, xs, ys);
        return (
          <g key={`y${y}`} class="tick">
            <line x1={plot.left} x2={plot.right} y1={s.y} y2={s.y} />
            <text x={layout.yTickX} y={s.y + layout.fontSize / 3} text-anchor="end">{formatY(y)}</text>
          </g>
        );
      })}
      {xTicks.map((x) => (
        <text key={`x${x}`} class="tick" x={place({ x, y: ys.min }, plot, xs, ys).x} y={layout.xTickY} text-anchor="middle">
          {formatX(x)}
        </text>
      ))}
      <text class="axis-label" x={layout.xTitle.x} y={layout.xTitle.y} text-anchor="middle">
        {layout.xTitle.truncated ? <title>{layout.xTitle.full}</title> : null}
        {layout.xTitle.text}
      </text>
      <text
        class="axis-label"
        x={layout.yTitle.x}
        y={layout.yTitle.y}
        text-anchor="middle"
        transform={`rotate(-90 ${layout.yTitle.x} ${layout.yTitle.y})`}
      >
        {layout.yTitle.truncated ? <title>{layout.yTitle.full}</title> : null}
        {layout.yTitle.text}
      </text>
    </>
  );
}

/** The axes of `points` (with `includeY` on the y axis) in a width x height chart. */
function axesFor(points: { x: number; y: number }[], { width, height, xTitle, yTitle, formatX, formatY, includeY, wholeX }: {
  width: number;
  height: number;
  xTitle: string;
  yTitle: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  includeY: number[];
  wholeX: boolean;
}) {
  // Whole days: half a day of room either side, so a single day sits alone in the middle.
  const xs: Range = wholeX
    ? { min: Math.min(...points.map((p) => p.x)) - 0.5, max: Math.max(...points.map((p) => p.x)) + 0.5 }
    : extent(points.map((p) => p.x), [0]);
  const ys: Range = extent(points.map((p) => p.y), includeY);
  const xTicks = ticks(xs).filter((x) => !wholeX || Number.isInteger(x));
  const yTicks = ticks(ys);
  const layout = axesLayout({ width, height, xTicks: xTicks.map(formatX), yTicks: yTicks.map(formatY), xTitle, yTitle });
  return { xs, ys, xTicks, yTicks, layout };
}

/** Agreement over time: one marker per day, joined by a line; the x axis in whole days, dated. */
export function TrendChart({ points, label, xLabel, yLabel, formatX, formatY, includeY = [], width = 420, height = 200 }: {
  points: { x: number; y: number }[];
  label: string;
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  includeY?: number[];
  width?: number;
  height?: number;
}) {
  if (points.length === 0) return <p class="chart-empty">{label}: no data yet.</p>;
  const { xs, ys, xTicks, yTicks, layout } = axesFor(points, { width, height, xTitle: xLabel, yTitle: yLabel, formatX, formatY, includeY, wholeX: true });
  const screen = points.map((p) => place(p, layout.plot, xs, ys));
  return (
    <svg class="line-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <Axes layout={layout} xs={xs} ys={ys} xTicks={xTicks} yTicks={yTicks} formatX={formatX} formatY={formatY} />
      <path class="line" d={screen.map((s, i) => `${i === 0 ? "M" : "L"}${s.x.toFixed(1)},${s.y.toFixed(1)}`).join(" ")} />
      {screen.map((s, i) => (
        <circle key={i} class="marker" cx={s.x} cy={s.y} r={3.5}>
          <title>{`${formatX(points[i].x)}: ${formatY(points[i].y)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** Speed against agreement, one dot per annotator; outliers drawn as red diamonds and named. */
export function Scatter({ points, label, xLabel, yLabel, width = 420, height = 240 }: {
  points: ScatterPoint[];
  label: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}) {
  if (points.length === 0) return <p class="chart-empty">{label}: no data yet.</p>;
  const formatY = (y: number) => formatPercent(y, 0);
  const { xs, ys, xTicks, yTicks, layout } = axesFor(points, { width, height, xTitle: xLabel, yTitle: yLabel, formatX: String, formatY, includeY: [0.5, 1], wholeX: false });
  return (
    <svg class="line-chart scatter" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <Axes layout={layout} xs={xs} ys={ys} xTicks={xTicks} yTicks={yTicks} formatX={String} formatY={formatY} />
      {points.map((p) => {
        const s = place(p, layout.plot, xs, ys);
        // An outlier's name goes on the side of the dot with room for it.
        const onLeft = s.x + 8 + textWidth(p.label) > width;
        return p.outlier ? (
          <g key={p.label} class="outlier" data-testid="scatter-outlier">
            <title>{p.title}</title>
            <rect x={s.x - 5} y={s.y - 5} width={10} height={10} transform={`rotate(45 ${s.x} ${s.y})`} />
            <text x={onLeft ? s.x - 8 : s.x + 8} y={s.y + 4} text-anchor={onLeft ? "end" : "start"}>{p.label}</text>
          </g>
        ) : (
          <circle key={p.label} class="marker" cx={s.x} cy={s.y} r={4}>
            <title>{p.title}</title>
          </circle>
        );
      })}
    </svg>
  );
}

/** Pairwise agreement of every two annotators, as coloured cells; names slanted above, cut with
 * an ellipsis when long (the full name in the cell's and the label's title). */
export function Heatmap({ annotators, pairs }: {
  annotators: { id: number; username: string }[];
  pairs: { first: number; second: number; pairwise_agreement: number | null; groups: number }[];
}) {
  if (annotators.length < 2 || pairs.length === 0) return <p class="chart-empty">Annotator pairs: no shared groups yet.</p>;
  const layout = heatmapLayout(annotators.map((a) => a.username));
  const { cell, left, top } = layout;
  const cells = pairMatrix(annotators.map((a) => a.id), pairs);
  return (
    <svg
      class="heatmap"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label="Pairwise agreement of every two annotators"
    >
      {annotators.map((a, i) => {
        const label = layout.labels[i];
        const x = left + i * cell + cell / 2;
        return (
          <g key={a.id} data-testid="heatmap-label">
            <text x={left - 4} y={top + i * cell + cell / 2 + layout.fontSize / 3} text-anchor="end">
              {label.truncated ? <title>{a.username}</title> : null}
              {label.text}
            </text>
            <text x={x} y={top - 4} transform={`rotate(${-layout.angle} ${x} ${top - 4})`}>
              {label.truncated ? <title>{a.username}</title> : null}
              {label.text}
            </text>
          </g>
        );
      })}
      {cells.map((c) => (
        <rect key={`${c.row}-${c.column}`} x={left + c.column * cell} y={top + c.row * cell} width={cell - 1} height={cell - 1} fill={agreementColour(c.value)}>
          <title>
            {c.value === null ? "no shared groups" : `${annotators[c.row].username} and ${annotators[c.column].username}: ${formatPercent(c.value)} over ${c.groups} groups`}
          </title>
        </rect>
      ))}
    </svg>
  );
}

/** Horizontal bars, one per annotator, with the project's bar as a line when it is set. */
export function Bars({ rows, bar, label }: { rows: { label: string; value: number | null; low: boolean }[]; bar: number | null; label: string }) {
  const shown = rows.filter((r) => r.value !== null);
  if (shown.length === 0) return <p class="chart-empty">{label}: no gold answers yet.</p>;
  const { left, labels } = barLabels(shown.map((r) => r.label));
  const width = 420;
  const inner = width - left - textWidth("100%") - 8;
  const row = 18;
  const height = shown.length * row + 8;
  return (
    <svg class="bars" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {shown.map((r, i) => (
        <g key={r.label} class={r.low ? "low" : ""}>
          <text x={left - 4} y={i * row + 13} text-anchor="end">
            {labels[i].truncated ? <title>{r.label}</title> : null}
            {labels[i].text}
          </text>
          <rect x={left} y={i * row + 3} width={Math.max(1, inner * (r.value ?? 0))} height={row - 6} />
          <text x={left + inner * (r.value ?? 0) + 4} y={i * row + 13}>{formatPercent(r.value, 0)}</text>
        </g>
      ))}
      {bar !== null ? <line class="bar-line" x1={left + inner * bar} x2={left + inner * bar} y1={0} y2={height} /> : null}
    </svg>
  );
}
