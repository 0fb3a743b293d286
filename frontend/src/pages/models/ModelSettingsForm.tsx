import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { FieldErrors } from "../manage/FieldErrors";
import { problemsByField } from "../manage/problems";

type Settings = components["schemas"]["ModelSettings"];
type Preset = components["schemas"]["PresetEnum"];
type Rule = components["schemas"]["PromotionRuleEnum"];
const PRESETS: Preset[] = ["tiny", "base", "imagereward-large"];
const RULES: [Rule, string][] = [
  ["not_below_production", "when not below production (minus the tolerance)"],
  ["always", "always"],
  ["manual", "by hand"],
];
const FIELDS = ["retrain_threshold", "preset", "promotion_rule", "promotion_tolerance", "held_out_fraction", "auto_retrain"];

/** The loop's settings, for managers, checked by the API (each refusal under its field). The
 * held-out fraction is fixed once a version exists (the server says so if it is changed). */
export function ModelSettingsForm({ projectId, settings, hasVersions, onSaved }: {
  projectId: number;
  settings: Settings;
  hasVersions: boolean;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState({
    retrain_threshold: String(settings.retrain_threshold),
    preset: settings.preset,
    promotion_rule: settings.promotion_rule ?? "not_below_production",
    promotion_tolerance: String(settings.promotion_tolerance),
    held_out_fraction: String(settings.held_out_fraction),
    auto_retrain: settings.auto_retrain ?? true,
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const byField = problemsByField(error, FIELDS);
  const set = (changes: Partial<typeof draft>) => {
    setDraft({ ...draft, ...changes });
    setSaved(false);
  };

  async function save(event: Event) {
    event.preventDefault();
    const body = {
      retrain_threshold: Number(draft.retrain_threshold),
      preset: draft.preset,
      promotion_rule: draft.promotion_rule,
      promotion_tolerance: Number(draft.promotion_tolerance),
      auto_retrain: draft.auto_retrain,
      // Sent only when changed: it is fixed once the project has a version.
      ...(Number(draft.held_out_fraction) !== settings.held_out_fraction ? { held_out_fraction: Number(draft.held_out_fraction) } : {}),
    };
    try {
      await unwrap(api.PATCH("/projects/{project_id}/model/settings/", { params: { path: { project_id: projectId } }, body }));
      setError(null);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form class="model-settings" onSubmit={save} aria-label="Model settings">
      <h2>Settings</h2>
      <label>
        Retrain after new comparisons{" "}
        <input name="retrain_threshold" type="number" value={draft.retrain_threshold} onInput={(e) => set({ retrain_threshold: e.currentTarget.value })} />
        <FieldErrors problems={byField.retrain_threshold} />
      </label>
      <label class="checkbox">
        <input name="auto_retrain" type="checkbox" checked={draft.auto_retrain} onChange={(e) => set({ auto_retrain: e.currentTarget.checked })} /> Retrain automatically
        <FieldErrors problems={byField.auto_retrain} />
      </label>
      <label>
        Preset{" "}
        <select name="preset" value={draft.preset} onChange={(e) => set({ preset: e.currentTarget.value as Preset })}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <FieldErrors problems={byField.preset} />
      </label>
      <label>
        Promote a ready version{" "}
        <select name="promotion_rule" value={draft.promotion_rule} onChange={(e) => set({ promotion_rule: e.currentTarget.value as Rule })}>
          {RULES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <FieldErrors problems={byField.promotion_rule} />
      </label>
      <label>
        Tolerance{" "}
        <input name="promotion_tolerance" type="number" step="0.001" value={draft.promotion_tolerance} onInput={(e) => set({ promotion_tolerance: e.currentTarget.value })} />
        <FieldErrors problems={byField.promotion_tolerance} />
      </label>
      <label>
        Held-out fraction{" "}
        <input name="held_out_fraction" type="number" step="0.01" value={draft.held_out_fraction} onInput={(e) => set({ held_out_fraction: e.currentTarget.value })} />
        {hasVersions ? <small class="once-data">Fixed once the project has a version: every version is evaluated on the same rule.</small> : null}
        <FieldErrors problems={byField.held_out_fraction} />
      </label>
      <FieldErrors problems={byField[""]} />
      <button type="submit">Save settings</button>
      {saved ? <span role="status"> Saved.</span> : null}
    </form>
  );
}
