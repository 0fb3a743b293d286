/** The project's instructions, its scales with their anchors, and the key map. */
import { useEffect, useRef } from "preact/hooks";
import type { ProjectDetail } from "../../api/types";
import { KEY_HELP } from "./keymap";

export function HelpPanel({ project, onClose }: { project: ProjectDetail; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <aside class="help-panel" role="dialog" aria-modal="false" aria-labelledby="help-title" tabIndex={-1} ref={ref} data-testid="help-panel">
      <div class="help-head">
        <h2 id="help-title">Help</h2>
        <button type="button" class="icon" onClick={onClose} aria-label="Close help">
          ×
        </button>
      </div>
      <h3>Instructions</h3>
      <div class="instructions">{project.instructions || "This project has no written instructions."}</div>
      <h3>Keys</h3>
      <table class="key-map">
        <tbody>
          {KEY_HELP.map((row) => (
            <tr key={row.what}>
              <th scope="row">
                {row.keys.map((k, i) => (k === "+" || k === "…" ? <span key={i}>{k}</span> : <kbd key={i}>{k}</kbd>))}
              </th>
              <td>{row.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Scales</h3>
      <dl class="scales">
        {project.rating_dimensions.map((d) => (
          <div key={d.key}>
            <dt>
              {d.label} ({d.min}–{d.max})
            </dt>
            {Object.entries(d.anchors ?? {})
              .sort((a, b) => Number(a[0]) - Number(b[0]))
              .map(([value, text]) => (
                <dd key={value}>
                  <b>{value}</b> {text}
                </dd>
              ))}
          </div>
        ))}
        <div>
          <dt>Rank</dt>
          <dd>
            Slots 1 (best) to {project.ranking_slots} (worst); up to {project.max_images_per_slot} images may share a slot (a tie).
            {project.require_consistent_ranking ? " The ranking must agree with the ratings: an image rated higher overall may not be ranked below one rated lower." : ""}
          </dd>
        </div>
      </dl>
    </aside>
  );
}
