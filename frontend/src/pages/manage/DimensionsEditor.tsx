import type { FieldProblem } from "../../api/client";
import { FieldErrors } from "./FieldErrors";
import { blankRow, pointsOf, type DimensionRow } from "./dimensions";

/** One fieldset per rating dimension (key, label, scale, an anchor text per point), with the
 * server's refusals of that dimension under it. */
export function DimensionsEditor({
  rows,
  problems = [],
  onChange,
}: {
  rows: DimensionRow[];
  problems?: FieldProblem[];
  onChange: (rows: DimensionRow[]) => void;
}) {
  const change = (index: number, patch: Partial<DimensionRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const ofRow = (index: number) => problems.filter((p) => p.field.startsWith(`rating_dimensions[${index}]`));
  const general = problems.filter((p) => !/^rating_dimensions\[\d+\]/.test(p.field));

  return (
    <fieldset class="dimensions" aria-label="Rating dimensions">
      <legend>Rating dimensions</legend>
      {rows.map((row, index) => (
        <fieldset class="dimension" key={index} aria-label={`Dimension ${index + 1}`}>
          <div class="dimension-head">
            <label>
              Key <input name={`dimension-${index}-key`} value={row.key} onInput={(e) => change(index, { key: e.currentTarget.value })} />
            </label>
            <label>
              Label <input name={`dimension-${index}-label`} value={row.label} onInput={(e) => change(index, { label: e.currentTarget.value })} />
            </label>
            <label>
              From <input name={`dimension-${index}-min`} type="number" value={row.min} onInput={(e) => change(index, { min: e.currentTarget.value })} />
            </label>
            <label>
              to <input name={`dimension-${index}-max`} type="number" value={row.max} onInput={(e) => change(index, { max: e.currentTarget.value })} />
            </label>
            <button type="button" onClick={() => onChange(rows.filter((_, i) => i !== index))} disabled={rows.length === 1}>
              Remove
            </button>
          </div>
          <ol class="anchors">
            {pointsOf(row).map((point) => (
              <li key={point}>
                <label>
                  {point}{" "}
                  <input
                    name={`dimension-${index}-anchor-${point}`}
                    placeholder="anchor text (optional)"
                    value={row.anchors[String(point)] ?? ""}
                    onInput={(e) => change(index, { anchors: { ...row.anchors, [String(point)]: e.currentTarget.value } })}
                  />
                </label>
              </li>
            ))}
          </ol>
          <FieldErrors problems={ofRow(index)} />
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...rows, blankRow(rows.length)])}>
        Add a dimension
      </button>
      <FieldErrors problems={general} />
    </fieldset>
  );
}
