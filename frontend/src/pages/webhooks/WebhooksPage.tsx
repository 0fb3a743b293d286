import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { hasRole, useSession } from "../../app/session";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { DeliveryLog } from "./DeliveryLog";
import { NewWebhookForm } from "./NewWebhookForm";
import type { Webhook, WebhookWithSecret } from "./model";

/** A project's webhooks (managers): add one, pause it, rotate its secret, send a test event, read its log. */
export default function WebhooksPage() {
  const session = useSession();
  const projects = session.projects.filter((project) => hasRole(session, ["manager"], project.id));
  const [projectId, setProjectId] = useState<number | null>(projects[0]?.id ?? null);
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (projectId === null) return;
    let stopped = false;
    unwrap(api.GET("/projects/{project_id}/webhooks/", { params: { path: { project_id: projectId }, query: { limit: 100 } } }))
      .then((page) => !stopped && (setWebhooks(complete(page.results)), setError(null)))
      .catch((e) => !stopped && setError(e));
    return () => {
      stopped = true;
    };
  }, [projectId, reload]);

  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const path = (webhook: Webhook) => ({ params: { path: { webhook_id: webhook.id } } });

  if (projects.length === 0 || projectId === null)
    return (
      <main class="webhooks">
        <h1>Webhooks</h1>
        <p>Webhooks need the manager role in a project.</p>
      </main>
    );

  return (
    <main class="webhooks">
      <div class="exports-head">
        <h1>Webhooks</h1>
        {projects.length > 1 ? (
          <label>
            Project{" "}
            <select value={projectId} onChange={(event) => (setProjectId(Number(event.currentTarget.value)), setOpen(null))}>
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="exports-project">{projects[0].name}</span>
        )}
      </div>
      <p class="exports-intro">
        Each event is POSTed as <code>{"{type, timestamp, data}"}</code> and signed as Standard Webhooks (headers{" "}
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>): verify it with a Standard
        Webhooks library and the secret. A failed delivery is tried 5 times over about an hour; <code>webhook-id</code> stays the
        same, so a receiver can drop repeats.
      </p>
      {secret ? (
        <div class="webhook-secret" role="status" data-testid="webhook-secret">
          <p>
            The secret of <strong>{secret.url}</strong>, shown this once: copy it into the receiver now.
          </p>
          <code>{secret.secret}</code>{" "}
          <button type="button" class="link" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {webhooks === null ? (
        <p class="muted">Loading webhooks…</p>
      ) : webhooks.length === 0 ? (
        <p class="muted">No webhook yet: add the first one below.</p>
      ) : (
        <table class="snapshot-table webhook-table">
          <thead>
            <tr>
              <th>URL</th>
              <th>Events</th>
              <th>State</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((webhook) => (
              <tr key={webhook.id} data-webhook-id={webhook.id}>
                <td>
                  {webhook.url}
                  {webhook.description ? <div class="muted">{webhook.description}</div> : null}
                </td>
                <td>{webhook.events.join(", ")}</td>
                <td>{webhook.is_active ? "active" : "paused"}</td>
                <td class="webhook-actions">
                  <button type="button" onClick={() => act(() => unwrap(api.POST("/webhooks/{webhook_id}/test/", path(webhook))).then(() => setOpen(webhook.id)))}>
                    Send a test event
                  </button>
                  <button type="button" onClick={() => setOpen(open === webhook.id ? null : webhook.id)}>
                    {open === webhook.id ? "Hide log" : "Delivery log"}
                  </button>
                  <button
                    type="button"
                    onClick={() => act(() => unwrap(api.PATCH("/webhooks/{webhook_id}/", { ...path(webhook), body: { is_active: !webhook.is_active } })))}
                  >
                    {webhook.is_active ? "Pause" : "Resume"}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm("Rotate the secret? The receiver must switch to the new one.") &&
                      act(() => unwrap(api.POST("/webhooks/{webhook_id}/rotate-secret/", path(webhook))).then((s) => setSecret(complete(s))))
                    }
                  >
                    Rotate secret
                  </button>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => window.confirm(`Delete the webhook to ${webhook.url} and its log?`) && act(() => unwrap(api.DELETE("/webhooks/{webhook_id}/", path(webhook))))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open !== null && webhooks?.some((w) => w.id === open) ? <DeliveryLog key={`${open}-${reload}`} webhookId={open} /> : null}
      <NewWebhookForm
        projectId={projectId}
        onCreated={(created) => {
          setSecret(created);
          setReload((n) => n + 1);
        }}
      />
    </main>
  );
}
