import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { FieldErrors } from "./FieldErrors";
import { problemsByField } from "./problems";

/** Staff create a project: a name and a slug; ImageReward's protocol until the manager changes it. */
export function NewProjectForm({ onCreated }: { onCreated: (id: number) => void }) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const byField = problemsByField(error, ["name", "slug"]);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const project = await unwrap(api.POST("/projects/", { body: { name, slug } }));
      setError(null);
      setName("");
      setSlug("");
      onCreated(project.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="manage-new-project" onSubmit={submit} aria-label="New project">
      <h2>New project</h2>
      <label>
        Name <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <FieldErrors problems={byField.name} />
      </label>
      <label>
        Slug <input name="slug" value={slug} onInput={(e) => setSlug(e.currentTarget.value)} />
        <FieldErrors problems={byField.slug} />
      </label>
      <button type="submit" disabled={busy}>
        Create project
      </button>
      <FieldErrors problems={byField[""]} />
    </form>
  );
}
