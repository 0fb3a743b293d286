/**
 * Submissions and skips waiting to reach the server, kept in localStorage so that neither a
 * network failure nor a reload loses them.
 *
 * The task screen puts the annotator's submission here and moves on to the next group at once;
 * the outbox sends entries one at a time, in order. A submission carries its idempotency key
 * (client_key) from the first try to the last, so a retry after a lost answer is answered by the
 * server with the first result and nothing is written twice; a skip is idempotent on the server
 * too. A failure to reach the server (or a 5xx/429) is retried with growing waits; a refusal
 * (other 4xx) stops that entry and is reported, so the annotator can fix the group.
 */
import { isRetryable } from "../api/client";
import { errorText } from "./ErrorNotice";

export type OutboxKind = "submit" | "skip";

export interface OutboxEntry {
  kind: OutboxKind;
  projectId: number;
  groupId: number;
  /** submit: the idempotency key; skip: a local id. */
  key: string;
  body: unknown;
  /** What the caller needs to handle a refusal later (the task screen keeps the task here). */
  context?: unknown;
  createdAt: number;
  attempts: number;
  state: "pending" | "sending" | "waiting" | "refused";
  /** The last failure as the annotator should read it. */
  lastError?: string;
  /** For state "waiting": when the next try starts (ms since epoch). */
  retryAt?: number;
}

export type OutboxEvent =
  | { type: "delivered"; entry: OutboxEntry; result: unknown }
  | { type: "refused"; entry: OutboxEntry; error: unknown }
  | { type: "changed" };

export interface OutboxDeps {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  storageKey: string;
  send: (entry: OutboxEntry) => Promise<unknown>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Wait before try n+1 after n failures (ms). */
  backoff?: (failures: number) => number;
}

export const defaultBackoff = (failures: number) => Math.min(15_000, 500 * 2 ** Math.max(0, failures - 1));

export class Outbox {
  private entries: OutboxEntry[];
  private listeners = new Set<(event: OutboxEvent) => void>();
  private running = false;
  private timer: unknown = null;
  private readonly deps: Required<OutboxDeps>;

  constructor(deps: OutboxDeps) {
    this.deps = {
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      backoff: defaultBackoff,
      ...deps,
    };
    this.entries = this.load();
    // An entry that was being sent when the page went away may or may not have arrived:
    // sending it again is safe (same key), so it goes back to pending.
    for (const entry of this.entries) if (entry.state === "sending" || entry.state === "waiting") entry.state = "pending";
  }

  private load(): OutboxEntry[] {
    try {
      const raw = this.deps.storage.getItem(this.deps.storageKey);
      const parsed = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    if (this.entries.length === 0) this.deps.storage.removeItem(this.deps.storageKey);
    else this.deps.storage.setItem(this.deps.storageKey, JSON.stringify(this.entries));
  }

  private emit(event: OutboxEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): readonly OutboxEntry[] {
    return this.entries;
  }

  /** Entries not yet delivered nor refused, for a project (or all). */
  unsettled(projectId?: number): OutboxEntry[] {
    return this.entries.filter((e) => e.state !== "refused" && (projectId === undefined || e.projectId === projectId));
  }

  has(groupId: number): boolean {
    return this.entries.some((e) => e.groupId === groupId);
  }

  /** Queue an entry and start sending. A second entry for the same group replaces a refused one. */
  add(entry: Pick<OutboxEntry, "kind" | "projectId" | "groupId" | "key" | "body" | "context">): void {
    this.entries = this.entries.filter((e) => !(e.groupId === entry.groupId && e.state === "refused"));
    if (this.entries.some((e) => e.key === entry.key)) return;
    this.entries.push({ ...entry, createdAt: this.deps.now(), attempts: 0, state: "pending" });
    this.save();
    this.emit({ type: "changed" });
    void this.flush();
  }

  /** Forget an entry (a refused one the annotator gave up on). */
  remove(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key);
    this.save();
    this.emit({ type: "changed" });
  }

  /** Try now: after the browser comes back online, or when the annotator asks. */
  retryNow(): void {
    for (const entry of this.entries) {
      if (entry.state === "waiting") {
        entry.state = "pending";
        entry.retryAt = undefined;
      }
    }
    if (this.timer !== null) {
      this.deps.clearTimer(this.timer);
      this.timer = null;
    }
    this.emit({ type: "changed" });
    void this.flush();
  }

  /** Send pending entries one by one, in order, until all are delivered, refused or waiting. */
  async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.entries.some((e) => e.state === "waiting")) return; // keep the order: wait for it
        const entry = this.entries.find((e) => e.state === "pending");
        if (!entry) return;
        entry.state = "sending";
        entry.attempts += 1;
        this.save();
        this.emit({ type: "changed" });
        try {
          const result = await this.deps.send(entry);
          this.entries = this.entries.filter((e) => e !== entry);
          this.save();
          this.emit({ type: "delivered", entry, result });
          this.emit({ type: "changed" });
        } catch (error) {
          entry.lastError = errorText(error);
          if (isRetryable(error)) {
            const wait = this.deps.backoff(entry.attempts);
            entry.state = "waiting";
            entry.retryAt = this.deps.now() + wait;
            this.save();
            this.timer = this.deps.setTimer(() => {
              this.timer = null;
              this.retryNow();
            }, wait);
            this.emit({ type: "changed" });
            return;
          }
          entry.state = "refused";
          this.save();
          this.emit({ type: "refused", entry, error });
          this.emit({ type: "changed" });
        }
      }
    } finally {
      this.running = false;
    }
  }
}
