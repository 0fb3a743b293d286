import { extent, linePath, ticks, toScreen, type Point, type Range } from "./chart";

interface Props {
  points: Point[];
  /** Accessible description of what the chart shows. */
  label: string;
  xLabel: string;
  yLabel: string;
  formatY?: (y: number) => string;
  /** Values the y axis always includes (e.g. 0.5 for accuracy). */
  includeY?: number[];
  markers?: boolean;
  width?: number;
  height?: number;
}

/** A small SVG line chart with its axes; nothing is drawn for no points. */
export function LineChart({ points, label, xLabel, yLabel, formatY = String, includeY = [], markers = false,
  width = 420, height = 180 }: Props) {
  if (points.length === 0) return <p class="chart-empty">{label}: no data yet.</p>;
  const box = { width, height, left: 46, bottom: 30 };
  const xs: Range = extent(points.map((p) => p.x));
  const ys: Range = extent(points.map((p) => p.y), includeY);
  return (
    <svg class="line-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {ticks(ys).map((y) => {
        const s = toScreen({ x: xs.min, y }, box, xs, ys);
        return (
          <g key={`y${y}`} class="tick">
            <line x1={box.left} x2={width - 8} y1={s.y} y2={s.y} />
            <text x={box.left - 4} y={s.y + 4} text-anchor="end">{formatY(y)}</text>
          </g>
        );
      })}
      {ticks(xs).map((x) => {
        const s = toScreen({ x, y: ys.min }, box, xs, ys);
        return (
          <text key={`x${x}`} class="tick" x={s.x} y={height - box.bottom + 14} text-anchor="middle">{x}</text>
        );
      })}
      <text class="axis-label" x={width - 8} y={height - 2} text-anchor="end">{xLabel}</text>
      <text class="axis-label" x={4} y={10}>{yLabel}</text>
      <path class="line" d={linePath(points, box, xs, ys)} />
      {markers
        ? points.map((p, i) => {
            const s = toScreen(p, box, xs, ys);
            return <circle key={i} class="marker" cx={s.x} cy={s.y} r={3.5} />;
          })
        : null}
    </svg>
  );
}
