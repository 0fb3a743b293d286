/**
 * The quality dashboard's SVG charts, on the Models page's scales and ticks (models/chart.ts):
 * the same look and no charting library to ship for three small plots.
 */
import { extent, formatPercent, ticks, toScreen, type Range } from "../models/chart";
import { agreementColour, pairMatrix } from "./quality";

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  outlier: boolean;
  title: string;
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
  const box = { width, height, left: 46, bottom: 30 };
  const xs: Range = extent(points.map((p) => p.x), [0]);
  const ys: Range = extent(points.map((p) => p.y), [0.5, 1]);
  return (
    <svg class="line-chart scatter" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {ticks(ys).map((y) => {
        const s = toScreen({ x: xs.min, y }, box, xs, ys);
        return (
          <g key={`y${y}`} class="tick">
            <line x1={box.left} x2={width - 8} y1={s.y} y2={s.y} />
            <text x={box.left - 4} y={s.y + 4} text-anchor="end">{formatPercent(y, 0)}</text>
          </g>
        );
      })}
      {ticks(xs).map((x) => {
        const s = toScreen({ x, y: ys.min }, box, xs, ys);
        return <text key={`x${x}`} class="tick" x={s.x} y={height - box.bottom + 14} text-anchor="middle">{x}</text>;
      })}
      <text class="axis-label" x={width - 8} y={height - 2} text-anchor="end">{xLabel}</text>
      <text class="axis-label" x={4} y={10}>{yLabel}</text>
      {points.map((p) => {
        const s = toScreen(p, box, xs, ys);
        return p.outlier ? (
          <g key={p.label} class="outlier" data-testid="scatter-outlier">
            <title>{p.title}</title>
            <rect x={s.x - 5} y={s.y - 5} width={10} height={10} transform={`rotate(45 ${s.x} ${s.y})`} />
            <text x={s.x + 8} y={s.y + 4}>{p.label}</text>
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

/** Pairwise agreement of every two annotators, as coloured cells. */
export function Heatmap({ annotators, pairs }: {
  annotators: { id: number; username: string }[];
  pairs: { first: number; second: number; pairwise_agreement: number | null; groups: number }[];
}) {
  if (annotators.length < 2 || pairs.length === 0) return <p class="chart-empty">Annotator pairs: no shared groups yet.</p>;
  const cell = Math.max(14, Math.min(36, Math.floor(360 / annotators.length)));
  const left = 90;
  const top = 90;
  const size = annotators.length * cell;
  const cells = pairMatrix(annotators.map((a) => a.id), pairs);
  return (
    <svg class="heatmap" viewBox={`0 0 ${left + size + 4} ${top + size + 4}`} role="img" aria-label="Pairwise agreement of every two annotators">
      {annotators.map((a, i) => (
        <g key={a.id}>
          <text x={left - 4} y={top + i * cell + cell / 2 + 4} text-anchor="end">{a.username}</text>
          <text x={left + i * cell + cell / 2} y={top - 4} transform={`rotate(-60 ${left + i * cell + cell / 2} ${top - 4})`}>{a.username}</text>
        </g>
      ))}
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
  const left = 90;
  const width = 420;
  const inner = width - left - 50;
  const row = 18;
  const height = shown.length * row + 8;
  return (
    <svg class="bars" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {shown.map((r, i) => (
        <g key={r.label} class={r.low ? "low" : ""}>
          <text x={left - 4} y={i * row + 13} text-anchor="end">{r.label}</text>
          <rect x={left} y={i * row + 3} width={Math.max(1, inner * (r.value ?? 0))} height={row - 6} />
          <text x={left + inner * (r.value ?? 0) + 4} y={i * row + 13}>{formatPercent(r.value, 0)}</text>
        </g>
      ))}
      {bar !== null ? <line class="bar-line" x1={left + inner * bar} x2={left + inner * bar} y1={0} y2={height} /> : null}
    </svg>
  );
}
