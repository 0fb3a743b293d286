import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../test/fixtures";
import { DraftStore } from "./drafts";

describe("drafts", () => {
  it("keeps a group's work and its client_key across a reload (a new store on the same storage)", () => {
    const storage = new MemoryStorage();
    const before = new DraftStore(storage, 7);
    const draft = before.loadOrCreate(42);
    before.save({ ...draft, ratings: { 1: { overall: 5 } }, slots: { 1: 2 }, timeSpentMs: 900 });

    const after = new DraftStore(storage, 7).loadOrCreate(42);
    expect(after).toMatchObject({ groupId: 42, clientKey: draft.clientKey, ratings: { 1: { overall: 5 } }, slots: { 1: 2 }, timeSpentMs: 900 });
  });

  it("gives each new group its own client_key", () => {
    const store = new DraftStore(new MemoryStorage(), 7);
    expect(store.loadOrCreate(1).clientKey).not.toBe(store.loadOrCreate(2).clientKey);
    expect(store.loadOrCreate(1).clientKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps users apart on a shared computer", () => {
    const storage = new MemoryStorage();
    const alice = new DraftStore(storage, 1);
    alice.save({ ...alice.loadOrCreate(42), promptCategory: "Animals" });
    expect(new DraftStore(storage, 2).load(42)).toBeNull();
  });

  it("drops drafts untouched for longer than the maximum age, and only those", () => {
    const storage = new MemoryStorage();
    let now = 0;
    const store = new DraftStore(storage, 1, () => now);
    store.save(store.loadOrCreate(1));
    now = 10_000;
    store.save(store.loadOrCreate(2));
    expect(store.prune(5_000)).toBe(1);
    expect(store.load(1)).toBeNull();
    expect(store.load(2)).not.toBeNull();
  });
});
