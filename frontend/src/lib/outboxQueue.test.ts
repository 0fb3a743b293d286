import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../api/client";
import { MemoryStorage } from "../test/fixtures";
import { Outbox, type OutboxEntry, type OutboxEvent } from "./outboxQueue";

/** An outbox whose sends are answered by `answers` in turn and whose timers run by hand. */
function setup(answers: Array<() => Promise<unknown>>, storage = new MemoryStorage()) {
  const sent: OutboxEntry[] = [];
  const timers: Array<() => void> = [];
  const events: OutboxEvent[] = [];
  const outbox = new Outbox({
    storage,
    storageKey: "outbox",
    send: (entry) => {
      sent.push(structuredClone(entry));
      const answer = answers.shift();
      return answer ? answer() : Promise.resolve({ ok: true });
    },
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
  });
  outbox.subscribe((e) => events.push(e));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { outbox, sent, timers, events, storage, settle };
}

const submission = (groupId: number, key = `key-${groupId}`) => ({ kind: "submit" as const, projectId: 1, groupId, key, body: { client_key: key } });

describe("outbox", () => {
  it("retries a submission whose first try failed on the network, with the same client_key", async () => {
    const { outbox, sent, timers, events, settle } = setup([() => Promise.reject(new NetworkError("offline"))]);
    outbox.add(submission(5));
    await settle();
    expect(outbox.list()[0]).toMatchObject({ state: "waiting", attempts: 1, lastError: "offline" });

    timers.shift()!();
    await settle();
    expect(sent.map((e) => e.key)).toEqual(["key-5", "key-5"]);
    expect(outbox.list()).toEqual([]);
    expect(events.filter((e) => e.type === "delivered")).toHaveLength(1);
  });

  it("retries a 5xx answer but stops at a refusal, reporting the server's detail", async () => {
    const { outbox, timers, events, settle } = setup([
      () => Promise.reject(new ApiError(503, "Service unavailable")),
      () => Promise.reject(new ApiError(400, "Submission refused: images[0].slot: slot 6 is outside 1..5.")),
    ]);
    outbox.add(submission(5));
    await settle();
    timers.shift()!();
    await settle();
    expect(outbox.list()[0]).toMatchObject({ state: "refused", lastError: "Submission refused: images[0].slot: slot 6 is outside 1..5." });
    expect(events.find((e) => e.type === "refused")).toBeTruthy();
    expect(timers).toHaveLength(0);
  });

  it("sends in order and holds later entries while an earlier one waits to retry", async () => {
    const { outbox, sent, timers, settle } = setup([() => Promise.reject(new NetworkError("offline"))]);
    outbox.add(submission(1));
    outbox.add(submission(2));
    await settle();
    expect(sent.map((e) => e.groupId)).toEqual([1]);
    timers.shift()!();
    await settle();
    expect(sent.map((e) => e.groupId)).toEqual([1, 1, 2]);
  });

  it("survives a reload: entries are read back from storage and sent again", async () => {
    const storage = new MemoryStorage();
    const first = setup([() => new Promise(() => undefined)], storage); // never answers: the page goes away
    first.outbox.add(submission(9));
    await first.settle();

    const second = setup([], storage);
    expect(second.outbox.list()).toMatchObject([{ groupId: 9, state: "pending" }]);
    await second.outbox.flush();
    expect(second.sent.map((e) => e.key)).toEqual(["key-9"]);
    expect(storage.getItem("outbox")).toBeNull();
  });

  it("does not queue the same submission twice", async () => {
    const { outbox, sent, settle } = setup([() => new Promise(() => undefined)]);
    outbox.add(submission(3));
    outbox.add(submission(3));
    await settle();
    expect(outbox.list()).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it("replaces a refused submission of a group when it is submitted again", async () => {
    const { outbox, settle } = setup([() => Promise.reject(new ApiError(400, "no"))]);
    outbox.add(submission(3));
    await settle();
    outbox.add(submission(3, "key-3")); // same key after fixing the group: nothing was written under it
    await settle();
    expect(outbox.list()).toEqual([]);
  });
});
