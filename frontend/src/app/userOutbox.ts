/** The signed-in user's outbox (the queue of lib/outboxQueue.ts), one per user, sending through
 * the API client. */
import { api, unwrap } from "../api/client";
import type { SkipPayload, SubmissionPayload } from "../api/types";
import { Outbox, type OutboxEntry } from "../lib/outboxQueue";

let instance: { userId: number; outbox: Outbox } | null = null;

function send(entry: OutboxEntry): Promise<unknown> {
  const path = { group_id: entry.groupId };
  // The bodies come back from localStorage as plain JSON; the task screen queued them as these
  // types (AnnotatePage's submit and skip).
  switch (entry.kind) {
    case "submit":
      return unwrap(api.POST("/groups/{group_id}/submit/", { params: { path }, body: entry.body as SubmissionPayload }));
    case "skip":
      return unwrap(api.POST("/groups/{group_id}/skip/", { params: { path }, body: entry.body as SkipPayload }));
  }
}

export function outboxFor(userId: number): Outbox {
  if (instance?.userId !== userId) {
    const outbox = new Outbox({ storage: window.localStorage, storageKey: `imagepref:v1:outbox:${userId}`, send });
    instance = { userId, outbox };
    // Whatever was left from an earlier visit goes out now.
    void outbox.flush();
  }
  return instance.outbox;
}

if (typeof window !== "undefined") {
  window.addEventListener("online", () => instance?.outbox.retryNow());
}
