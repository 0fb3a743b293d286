import { describe, expect, it } from "vitest";
import type { Task } from "../../api/types";
import { TaskQueue } from "./taskQueue";

const task = (id: number): Task => ({ lease: { id, expires_at: "" }, group: { id, prompt: { id, text: `prompt ${id}` }, images: [], urls_expire_at: null }, qualification: null });

/** A queue over a fake server that holds at most 2 leases, like annotation/services/assignment.py. */
function setup(outbox: number[] = []) {
  const calls: number[][] = [];
  let counter = 0;
  const server = { held: [...outbox], left: 10 };
  const queue = new TaskQueue({
    fetchNext: async (exclude) => {
      calls.push(exclude);
      const reuse = server.held.find((g) => !exclude.includes(g));
      if (reuse !== undefined) return task(reuse);
      if (server.held.length >= 2) throw new Error("409 max_held_leases");
      if (server.left === 0) return null;
      server.left -= 1;
      const id = 100 + ++counter;
      server.held.push(id);
      return task(id);
    },
    preload: async () => undefined,
    outboxGroups: () => outbox,
    onChange: () => undefined,
    onError: (e) => {
      throw e;
    },
  });
  return { queue, calls, server, outbox };
}

describe("task queue", () => {
  it("fetches the current group, then prefetches the next one excluding the current", async () => {
    const { queue, calls } = setup();
    await queue.poke();
    expect(queue.current?.group.id).toBe(101);
    expect(queue.next?.group.id).toBe(102);
    expect(queue.nextIsReady).toBe(true);
    expect(calls).toEqual([[], [101]]);
  });

  it("shows the prefetched group at once on advance and waits for the outbox before asking for a third", async () => {
    const { queue, calls, outbox } = setup();
    await queue.poke();
    outbox.push(101); // submitted, not delivered yet: its lease is still held
    queue.advance();
    await queue.poke();
    expect(queue.current?.group.id).toBe(102);
    expect(queue.next).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it("prefetches again once the submission is delivered", async () => {
    const { queue, calls, outbox, server } = setup();
    await queue.poke();
    outbox.push(101);
    queue.advance();
    outbox.pop();
    server.held = server.held.filter((g) => g !== 101);
    await queue.poke();
    expect(queue.next?.group.id).toBe(103);
    expect(calls.at(-1)).toEqual([102]);
  });

  it("never asks for a group that is still in the outbox after a reload", async () => {
    const { queue, calls } = setup([55]);
    await queue.poke();
    expect(calls[0]).toEqual([55]);
    expect(queue.current?.group.id).not.toBe(55);
  });

  it("knows when the queue is empty", async () => {
    const { queue, server } = setup();
    server.left = 1;
    await queue.poke();
    expect(queue.current?.group.id).toBe(101);
    expect(queue.next).toBeNull();
    expect(queue.exhausted).toBe(true);
  });

  it("puts a refused group back in front, keeping the current one as next", async () => {
    const { queue } = setup();
    await queue.poke();
    queue.advance();
    queue.reopen(task(101));
    expect(queue.current?.group.id).toBe(101);
    expect(queue.next?.group.id).toBe(102);
  });

  it("takes a newer copy of a queued group in its place and ignores groups it does not hold", async () => {
    const { queue } = setup();
    await queue.poke();
    const renewed = { ...task(102), lease: { id: 102, expires_at: "later" } };
    queue.update(renewed);
    queue.update(task(999));
    expect(queue.next).toBe(renewed);
    expect(queue.nextIsReady).toBe(true);
    expect(queue.current?.group.id).toBe(101);
  });

  it("leaves a refusal of next-task for the page to show (no change notice clears it)", async () => {
    const events: string[] = [];
    const queue = new TaskQueue({
      fetchNext: async () => {
        throw new Error("403 paused");
      },
      preload: async () => undefined,
      outboxGroups: () => [],
      onChange: () => events.push("change"),
      onError: (e) => events.push(`error ${(e as Error).message}`),
    });
    await queue.poke();
    expect(events).toEqual(["error 403 paused"]);
  });
});
