import { useState } from "preact/hooks";
import { api, ApiError, unwrap } from "../../api/client";
import { ErrorNotice } from "../../lib/ErrorNotice";
import {
  AGGREGATIONS,
  defaultForm,
  FORMATS,
  formProblems,
  IMAGE_MODES,
  problemsBySection,
  snapshotRequest,
  STATUSES,
  type Section,
  type Snapshot,
  type SnapshotForm,
} from "./request";

/** The form for a new snapshot: formats, which annotations, the split, the options. */
export function NewSnapshotForm({ projectId, onCreated }: { projectId: number; onCreated: (s: Snapshot) => void }) {
  const [form, setForm] = useState<SnapshotForm>(defaultForm);
  const [serverProblems, setServerProblems] = useState<Partial<Record<Section, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const local = formProblems(form);
  const problem = (section: Section) => local[section] ?? serverProblems[section];

  const set = (patch: Partial<SnapshotForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setServerProblems({});
  };
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (Object.keys(local).length) return;
    setSending(true);
    setError(null);
    try {
      const snapshot = await unwrap(api.POST("/projects/{project_id}/snapshots/", { params: { path: { project_id: projectId } }, body: snapshotRequest(form) }));
      onCreated(snapshot);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setServerProblems(problemsBySection(e.errors));
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="snapshot-form" onSubmit={submit}>
      <h2>New snapshot</h2>
      <fieldset>
        <legend>Formats</legend>
        {FORMATS.map((format) => (
          <label key={format.key} class="check">
            <input
              type="checkbox"
              checked={form.formats.includes(format.key)}
              onChange={(e) => set({ formats: toggle(form.formats, format.key, e.currentTarget.checked) })}
            />
            {format.label}
          </label>
        ))}
        <Problem text={problem("formats")} />
      </fieldset>

      <fieldset>
        <legend>Annotations</legend>
        {STATUSES.map((status) => (
          <label key={status} class="check">
            <input
              type="checkbox"
              checked={form.statuses.includes(status)}
              onChange={(e) => set({ statuses: toggle(form.statuses, status, e.currentTarget.checked) })}
            />
            {status}
          </label>
        ))}
        <label class="check">
          <input type="checkbox" checked={form.includeGold} onChange={(e) => set({ includeGold: e.currentTarget.checked })} />
          include gold groups
        </label>
        <label>
          From <input type="date" value={form.dateFrom} onInput={(e) => set({ dateFrom: e.currentTarget.value })} />
        </label>
        <label>
          to <input type="date" value={form.dateTo} onInput={(e) => set({ dateTo: e.currentTarget.value })} />
        </label>
        <Problem text={problem("filters")} />
      </fieldset>

      <fieldset>
        <legend>Split (by prompt)</legend>
        <label class="check">
          <input type="radio" name="split" checked={form.splitMethod === "fractions"} onChange={() => set({ splitMethod: "fractions" })} />
          seeded shares
        </label>
        <label class="check">
          <input type="radio" name="split" checked={form.splitMethod === "held_out"} onChange={() => set({ splitMethod: "held_out" })} />
          fixed held-out prompts
        </label>
        {form.splitMethod === "fractions" ? (
          <div class="split-shares">
            {(["train", "valid", "test"] as const).map((name) => (
              <label key={name}>
                {name}{" "}
                <input
                  class="share"
                  inputMode="decimal"
                  aria-label={`${name} share`}
                  value={form[name]}
                  onInput={(e) => set({ [name]: e.currentTarget.value })}
                />
              </label>
            ))}
            <label>
              seed{" "}
              <input
                class="share"
                inputMode="numeric"
                aria-label="split seed"
                value={form.seed}
                onInput={(e) => set({ seed: e.currentTarget.value })}
              />
            </label>
          </div>
        ) : (
          <div class="split-held-out">
            <label>
              Test prompts (one per line: a prompt id or the text)
              <textarea rows={4} value={form.heldOutTest} onInput={(e) => set({ heldOutTest: e.currentTarget.value })} />
            </label>
            <label>
              Validation prompts
              <textarea rows={3} value={form.heldOutValid} onInput={(e) => set({ heldOutValid: e.currentTarget.value })} />
            </label>
          </div>
        )}
        <Problem text={problem("split")} />
      </fieldset>

      <fieldset>
        <legend>Options</legend>
        <label>
          Images{" "}
          <select value={form.images} onChange={(e) => set({ images: e.currentTarget.value })}>
            {IMAGE_MODES.map((mode) => (
              <option key={mode.key} value={mode.key}>
                {mode.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Several annotators{" "}
          <select value={form.aggregation} onChange={(e) => set({ aggregation: e.currentTarget.value })}>
            {AGGREGATIONS.map((mode) => (
              <option key={mode.key} value={mode.key}>
                {mode.label}
              </option>
            ))}
          </select>
        </label>
        <Problem text={problem("options")} />
      </fieldset>

      {error && !Object.keys(serverProblems).length ? <ErrorNotice error={error} /> : null}
      <Problem text={serverProblems.other} />
      <button class="primary" type="submit" disabled={sending || Object.keys(local).length > 0}>
        {sending ? "Creating…" : "Create snapshot"}
      </button>
    </form>
  );
}

function Problem({ text }: { text?: string }) {
  return text ? (
    <p class="field-problem" role="alert">
      {text}
    </p>
  ) : null;
}
