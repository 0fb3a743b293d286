/** Rating dimensions as the protocol form edits them: text fields per dimension, and anchor texts
 * per point of its scale. The API checks what comes out (rating_dimensions[i].key, .max, ...). */

export interface Dimension {
  key: string;
  label: string;
  min: number;
  max: number;
  anchors?: Record<string, string>;
}

export interface DimensionRow {
  key: string;
  label: string;
  min: string;
  max: string;
  anchors: Record<string, string>;
}

/** The most points whose anchors the form shows one by one; the server bounds scales anyway. */
export const MAX_ANCHOR_POINTS = 101;

export function rowsOf(dimensions: Dimension[]): DimensionRow[] {
  return dimensions.map((d) => ({
    key: d.key,
    label: d.label,
    min: String(d.min),
    max: String(d.max),
    anchors: { ...(d.anchors ?? {}) },
  }));
}

/** The points of a row's scale, when min and max are integers with a scale the form can list. */
export function pointsOf(row: DimensionRow): number[] {
  const low = Number(row.min);
  const high = Number(row.max);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high < low || high - low + 1 > MAX_ANCHOR_POINTS) return [];
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** What the API receives: numbers where they parse (else the text, for the server to name), and
 * the anchors of the scale's points that have a text. */
export function dimensionsBody(rows: DimensionRow[]): unknown[] {
  return rows.map((row) => {
    const points = new Set(pointsOf(row).map(String));
    const anchors = Object.fromEntries(
      Object.entries(row.anchors).filter(([point, text]) => points.has(point) && text.trim() !== ""),
    );
    return {
      key: row.key.trim(),
      label: row.label.trim(),
      min: toNumber(row.min),
      max: toNumber(row.max),
      anchors,
    };
  });
}

function toNumber(text: string): number | string {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}

export function blankRow(index: number): DimensionRow {
  return { key: `dimension_${index + 1}`, label: "", min: "1", max: "7", anchors: {} };
}
