/** The signed-in user's outbox (the queue of lib/outboxQueue.ts), one per user, sending through
 * the API client. */
import { api } from "../api/client";
import { Outbox, type OutboxEntry } from "../lib/outboxQueue";

let instance: { userId: number; outbox: Outbox } | null = null;

function send(entry: OutboxEntry): Promise<unknown> {
  switch (entry.kind) {
    case "submit":
      return api.post(`groups/${entry.groupId}/submit/`, entry.body);
    case "skip":
      return api.post(`groups/${entry.groupId}/skip/`, entry.body);
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
