import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { outcome, type Delivery } from "./model";

const POLL_MS = 2000;

/** A webhook's deliveries, newest first, polled while one is pending; each can be sent again. */
export function DeliveryLog({ webhookId }: { webhookId: number }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const page = await unwrap(api.GET("/webhooks/{webhook_id}/deliveries/", { params: { path: { webhook_id: webhookId }, query: { limit: 50 } } }));
        if (stopped) return;
        const rows = complete(page.results);
        setDeliveries(rows);
        setError(null);
        if (rows.some((d) => d.status === "pending")) timer = setTimeout(load, POLL_MS);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [webhookId, reload]);

  const redeliver = async (delivery: Delivery) => {
    try {
      await unwrap(api.POST("/webhook-deliveries/{delivery_id}/redeliver/", { params: { path: { delivery_id: delivery.id } } }));
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section class="webhook-log" aria-label="Delivery log">
      <h2>Delivery log</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {deliveries === null ? (
        <p class="muted">Loading deliveries…</p>
      ) : deliveries.length === 0 ? (
        <p class="muted">Nothing sent yet: send a test event.</p>
      ) : (
        <table class="snapshot-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Outcome</th>
              <th>Duration</th>
              <th>Attempts</th>
              <th>Created</th>
              <th>webhook-id</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} data-delivery-status={delivery.status} data-event-type={delivery.event_type}>
                <td>
                  <details>
                    <summary>{delivery.event_type}</summary>
                    <pre>{JSON.stringify(delivery.payload, null, 2)}</pre>
                  </details>
                </td>
                <td>{delivery.status}</td>
                <td>{outcome(delivery)}</td>
                <td>{delivery.duration_ms === null ? "—" : `${delivery.duration_ms} ms`}</td>
                <td>{delivery.attempts}</td>
                <td>{new Date(delivery.created_at).toLocaleString()}</td>
                <td>
                  <code>{delivery.webhook_message_id}</code>
                </td>
                <td>
                  <button type="button" onClick={() => redeliver(delivery)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
