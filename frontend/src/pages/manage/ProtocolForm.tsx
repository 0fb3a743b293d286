import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete, type ProjectDetail } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { DimensionsEditor } from "./DimensionsEditor";
import { type Dimension, type DimensionRow, dimensionsBody, rowsOf } from "./dimensions";
import { FieldErrors } from "./FieldErrors";
import { listOf, problemsByField } from "./problems";

const NUMBERS = [
  ["ranking_slots", "Ranking slots", "1"],
  ["max_images_per_slot", "Images per slot", "1"],
  ["annotations_per_group", "Annotations per group", "1"],
  ["lease_seconds", "Lease time (seconds)", "1"],
  ["gold_rate", "Gold rate (0 to 1)", "0.01"],
] as const;
/** Qualification: newcomers answer gold groups of the qualification set (the Qualification tab) first. */
const QUALIFICATION_NUMBERS = [
  ["qualification_size", "Groups per attempt", "1"],
  ["qualification_pass_mark", "Pass mark (mean gold agreement, 0 to 1)", "0.01"],
] as const;
const LISTS = [
  ["image_flags", "Image flags"],
  ["prompt_flags", "Prompt flags"],
  ["prompt_categories", "Prompt categories"],
] as const;
const FIELDS = [
  "name",
  "instructions",
  "rating_dimensions",
  "require_consistent_ranking",
  "require_qualification",
  ...NUMBERS.map(([key]) => key),
  ...QUALIFICATION_NUMBERS.map(([key]) => key),
  ...LISTS.map(([key]) => key),
];

/** What the settings mean once the project holds groups: the server's own rules, said here. */
const ONCE_DATA_EXISTS: Record<string, string> = {
  ranking_slots: "Groups exist: slots × images per slot must still hold the largest group.",
  max_images_per_slot: "Groups exist: slots × images per slot must still hold the largest group.",
  annotations_per_group: "Groups exist: applies to groups imported from now on; existing groups keep theirs.",
};

type Draft = Record<string, string | boolean | DimensionRow[]> & { rating_dimensions: DimensionRow[] };

function draftOf(project: ProjectDetail): Draft {
  return {
    name: project.name,
    instructions: project.instructions,
    ranking_slots: String(project.ranking_slots),
    max_images_per_slot: String(project.max_images_per_slot),
    annotations_per_group: String(project.annotations_per_group),
    lease_seconds: String(project.lease_seconds),
    gold_rate: String(project.gold_rate),
    require_consistent_ranking: project.require_consistent_ranking,
    require_qualification: project.require_qualification,
    qualification_size: String(project.qualification_size),
    qualification_pass_mark: String(project.qualification_pass_mark),
    image_flags: project.image_flags.join("\n"),
    prompt_flags: project.prompt_flags.join("\n"),
    prompt_categories: project.prompt_categories.join("\n"),
    rating_dimensions: rowsOf(project.rating_dimensions as Dimension[]),
  };
}

/** The protocol, edited as a form and checked by the API: each refusal under its field. */
export function ProtocolForm({ projectId, onSaved }: { projectId: number; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [hasGroups, setHasGroups] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const path = { params: { path: { project_id: projectId } } };

  useEffect(() => {
    void (async () => {
      try {
        const [project, progress] = await Promise.all([
          unwrap(api.GET("/projects/{project_id}/", path)),
          unwrap(api.GET("/projects/{project_id}/progress/", path)),
        ]);
        setDraft(draftOf(complete(project)));
        setHasGroups(progress.groups.total + progress.groups.gold > 0);
      } catch (e) {
        setError(e);
      }
    })();
  }, [projectId]);

  if (draft === null) return error ? <ErrorNotice error={error} /> : <p class="muted">Loading the protocol…</p>;
  const byField = problemsByField(error, FIELDS);
  const set = (key: string, value: string | boolean | DimensionRow[]) => {
    setDraft({ ...draft, [key]: value } as Draft);
    setSaved(false);
  };

  async function save(event: Event) {
    event.preventDefault();
    const body = {
      name: String(draft!.name),
      instructions: String(draft!.instructions),
      require_consistent_ranking: Boolean(draft!.require_consistent_ranking),
      require_qualification: Boolean(draft!.require_qualification),
      rating_dimensions: dimensionsBody(draft!.rating_dimensions),
      ...Object.fromEntries([...NUMBERS, ...QUALIFICATION_NUMBERS].map(([key]) => [key, Number(draft![key])])),
      ...Object.fromEntries(LISTS.map(([key]) => [key, listOf(String(draft![key]))])),
    };
    try {
      // The body is checked by the server, field by field; the form only gathers it.
      const project = await unwrap(api.PATCH("/projects/{project_id}/", { ...path, body: body as never }));
      setDraft(draftOf(complete(project)));
      setError(null);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
      setSaved(false);
    }
  }

  return (
    <form class="protocol-form" onSubmit={save} aria-label="Protocol">
      <label>
        Name <input name="name" value={String(draft.name)} onInput={(e) => set("name", e.currentTarget.value)} />
        <FieldErrors problems={byField.name} />
      </label>
      <label>
        Instructions
        <textarea name="instructions" rows={4} value={String(draft.instructions)} onInput={(e) => set("instructions", e.currentTarget.value)} />
        <FieldErrors problems={byField.instructions} />
      </label>
      <div class="protocol-numbers">
        {NUMBERS.map(([key, label, step]) => (
          <label key={key}>
            {label}{" "}
            <input name={key} type="number" step={step} value={String(draft[key])} onInput={(e) => set(key, e.currentTarget.value)} />
            {hasGroups && ONCE_DATA_EXISTS[key] ? <small class="once-data">{ONCE_DATA_EXISTS[key]}</small> : null}
            <FieldErrors problems={byField[key]} />
          </label>
        ))}
      </div>
      <label class="checkbox">
        <input
          name="require_consistent_ranking"
          type="checkbox"
          checked={Boolean(draft.require_consistent_ranking)}
          onChange={(e) => set("require_consistent_ranking", e.currentTarget.checked)}
        />{" "}
        The ranking must agree with the ratings
        <FieldErrors problems={byField.require_consistent_ranking} />
      </label>
      <fieldset class="protocol-qualification">
        <legend>Qualification</legend>
        <label class="checkbox">
          <input
            name="require_qualification"
            type="checkbox"
            checked={Boolean(draft.require_qualification)}
            onChange={(e) => set("require_qualification", e.currentTarget.checked)}
          />{" "}
          Newcomers qualify first: their work counts once they pass (two failed attempts wait for a manager)
          <FieldErrors problems={byField.require_qualification} />
        </label>
        <div class="protocol-numbers">
          {QUALIFICATION_NUMBERS.map(([key, label, step]) => (
            <label key={key}>
              {label}{" "}
              <input name={key} type="number" step={step} value={String(draft[key])} onInput={(e) => set(key, e.currentTarget.value)} />
              <FieldErrors problems={byField[key]} />
            </label>
          ))}
        </div>
      </fieldset>
      <div class="protocol-lists">
        {LISTS.map(([key, label]) => (
          <label key={key}>
            {label} <small>(one per line)</small>
            <textarea name={key} rows={5} value={String(draft[key])} onInput={(e) => set(key, e.currentTarget.value)} />
            <FieldErrors problems={byField[key]} />
          </label>
        ))}
      </div>
      <DimensionsEditor
        rows={draft.rating_dimensions}
        problems={byField.rating_dimensions}
        onChange={(rows) => set("rating_dimensions", rows)}
      />
      <FieldErrors problems={byField[""]} />
      <button type="submit">Save protocol</button>
      {saved ? <span role="status" class="saved"> Saved.</span> : null}
    </form>
  );
}
