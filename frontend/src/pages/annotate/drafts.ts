/**
 * The work in progress on a group, kept in localStorage on every change, so that a reload, a
 * crash or a closed tab loses nothing. One draft per (user, group); the client_key is chosen
 * when the draft is created and kept, so a submission retried after a reload is still the same
 * submission for the server.
 */
import type { Judgments } from "./rules";

export interface Draft extends Judgments {
  groupId: number;
  clientKey: string;
  /** Time spent on the group so far (visible tab only), carried across reloads. */
  timeSpentMs: number;
  updatedAt: number;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const PREFIX = "imagepref:v1:draft:";
/** Drafts untouched for this long are dropped (their leases are long gone). */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function newClientKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Fallback for non-secure contexts (plain http on a LAN address): RFC 4122 v4 from getRandomValues.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class DraftStore {
  constructor(
    private readonly storage: KeyValueStore,
    private readonly userId: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private key(groupId: number): string {
    return `${PREFIX}${this.userId}:${groupId}`;
  }

  load(groupId: number): Draft | null {
    try {
      const raw = this.storage.getItem(this.key(groupId));
      if (!raw) return null;
      const draft = JSON.parse(raw) as Draft;
      return draft && draft.groupId === groupId && typeof draft.clientKey === "string" ? draft : null;
    } catch {
      return null;
    }
  }

  /** The saved draft of the group, or a new empty one (not saved until it changes). */
  loadOrCreate(groupId: number): Draft {
    return (
      this.load(groupId) ?? {
        groupId,
        clientKey: newClientKey(),
        promptCategory: "",
        promptFlags: [],
        ratings: {},
        flags: {},
        slots: {},
        timeSpentMs: 0,
        updatedAt: this.now(),
      }
    );
  }

  save(draft: Draft): void {
    try {
      this.storage.setItem(this.key(draft.groupId), JSON.stringify({ ...draft, updatedAt: this.now() }));
    } catch {
      // Storage full or disabled: the work stays in memory; nothing else to do here.
    }
  }

  remove(groupId: number): void {
    this.storage.removeItem(this.key(groupId));
  }

  /** Drop this user's drafts older than maxAgeMs. */
  prune(maxAgeMs = DRAFT_MAX_AGE_MS): number {
    const mine = `${PREFIX}${this.userId}:`;
    const stale: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (!key || !key.startsWith(mine)) continue;
      try {
        const draft = JSON.parse(this.storage.getItem(key) ?? "null") as Draft | null;
        if (!draft || this.now() - draft.updatedAt > maxAgeMs) stale.push(key);
      } catch {
        stale.push(key);
      }
    }
    stale.forEach((key) => this.storage.removeItem(key));
    return stale.length;
  }
}
