/** The webhook page's data and the rules it checks before sending (the server checks them too). */
import type { components } from "../../api/schema";
import type { Complete } from "../../api/types";

type Schemas = components["schemas"];
export type Webhook = Complete<Schemas["Webhook"]>;
export type WebhookWithSecret = Complete<Schemas["WebhookWithSecret"]>;
export type Delivery = Complete<Schemas["WebhookDelivery"]>;
export type EventType = Schemas["WebhookEventEnum"];

export const EVENTS: { key: EventType; label: string }[] = [
  { key: "annotation.created", label: "an annotation is submitted" },
  { key: "annotation.reviewed", label: "an annotation is accepted or rejected" },
  { key: "group.completed", label: "a group has all the annotations it needs" },
  { key: "import.finished", label: "an import is written" },
  { key: "snapshot.ready", label: "a dataset snapshot is ready" },
  { key: "snapshot.failed", label: "a dataset snapshot failed" },
  { key: "model.version.ready", label: "a reward-model version is ready" },
  { key: "model.version.promoted", label: "a version goes into production" },
  { key: "training_run.failed", label: "a training run failed" },
  { key: "annotator.paused", label: "an annotator is paused" },
];

export interface WebhookForm {
  url: string;
  description: string;
  events: EventType[];
}

export const emptyForm = (): WebhookForm => ({ url: "", description: "", events: ["group.completed", "snapshot.ready"] });

/** Problems by field ("url", "events") that the server would refuse anyway. */
export function formProblems(form: WebhookForm): Partial<Record<"url" | "events", string>> {
  const problems: Partial<Record<"url" | "events", string>> = {};
  if (!/^https?:\/\/[^\s/]+/i.test(form.url.trim())) problems.url = "Enter an http:// or https:// URL.";
  if (form.events.length === 0) problems.events = "Choose at least one event.";
  return problems;
}

/** A field of the server's refusal ("events[1]") as the form's field ("events"). */
export function formField(field: string): "url" | "events" | "description" | null {
  const name = field.split(/[.[]/)[0];
  return name === "url" || name === "events" || name === "description" ? name : null;
}

/** One line for a delivery's outcome, as the log shows it. */
export function outcome(delivery: Pick<Delivery, "status" | "response_code" | "last_error" | "attempts" | "next_attempt_at">): string {
  const code = delivery.response_code ? `HTTP ${delivery.response_code}` : "";
  if (delivery.status === "succeeded") return code || "delivered";
  const error = delivery.last_error || code;
  if (delivery.status === "failed") return `failed: ${error}`;
  if (delivery.attempts === 0) return "queued";
  return `retrying at ${new Date(delivery.next_attempt_at).toLocaleTimeString()}: ${error}`;
}
