import { useState } from "preact/hooks";
import { api, ApiError, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { emptyForm, EVENTS, formField, formProblems, type WebhookForm, type WebhookWithSecret } from "./model";

/** A new webhook: its URL, what it is for, the events it receives. */
export function NewWebhookForm({ projectId, onCreated }: { projectId: number; onCreated: (w: WebhookWithSecret) => void }) {
  const [form, setForm] = useState<WebhookForm>(emptyForm);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [tried, setTried] = useState(false);
  const local = tried ? formProblems(form) : {};
  const problem = (field: "url" | "events" | "description") => (field in local ? local[field as "url" | "events"] : serverProblems[field]);

  const set = (patch: Partial<WebhookForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setServerProblems({});
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(formProblems(form)).length) return;
    setSending(true);
    setError(null);
    try {
      const created = await unwrap(
        api.POST("/projects/{project_id}/webhooks/", {
          params: { path: { project_id: projectId } },
          body: { url: form.url.trim(), description: form.description, events: form.events },
        }),
      );
      onCreated(complete(created));
      setForm(emptyForm());
      setTried(false);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        const byField: Record<string, string> = {};
        for (const p of e.errors) {
          const field = formField(p.field);
          if (field) byField[field] = p.message;
        }
        setServerProblems(byField);
      }
      setError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="snapshot-form webhook-form" onSubmit={submit}>
      <h2>New webhook</h2>
      <label>
        URL{" "}
        <input
          type="url"
          name="url"
          size={60}
          placeholder="https://ci.example.org/hooks/imagepref"
          value={form.url}
          onInput={(e) => set({ url: e.currentTarget.value })}
        />
      </label>
      <Problem text={problem("url")} />
      <label>
        Description{" "}
        <input type="text" name="description" maxLength={200} value={form.description} onInput={(e) => set({ description: e.currentTarget.value })} />
      </label>
      <fieldset>
        <legend>Events</legend>
        {EVENTS.map((item) => (
          <label key={item.key} class="check">
            <input
              type="checkbox"
              value={item.key}
              checked={form.events.includes(item.key)}
              onChange={(e) =>
                set({ events: e.currentTarget.checked ? [...form.events, item.key] : form.events.filter((k) => k !== item.key) })
              }
            />
            <code>{item.key}</code>: {item.label}
          </label>
        ))}
        <Problem text={problem("events")} />
      </fieldset>
      {error && !Object.keys(serverProblems).length ? <ErrorNotice error={error} /> : null}
      <button type="submit" disabled={sending}>
        {sending ? "Adding…" : "Add webhook"}
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
