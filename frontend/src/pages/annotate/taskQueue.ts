/**
 * The current task and the next one, fetched and its images decoded ahead, so that the next
 * group appears the moment the annotator submits.
 *
 * The server hands an annotator at most 2 leases per project (the current group and one
 * prefetched) and returns a held group again unless it is excluded. The queue therefore counts
 * the groups it believes are held: the current one, the prefetched one, and those still in the
 * outbox (a submission or skip not yet delivered keeps its lease), and asks for another only
 * while fewer than 2 are held, excluding all of them.
 */
import type { Task } from "../../api/types";

export interface TaskQueueDeps {
  /** POST projects/{id}/next-task/ with `exclude`; null when nothing is left (204). */
  fetchNext: (exclude: number[]) => Promise<Task | null>;
  /** Load and decode the task's images; resolves when they can be painted at once. */
  preload: (task: Task) => Promise<unknown>;
  /** Groups of this project still in the outbox (their leases are still held). */
  outboxGroups: () => number[];
  onChange: () => void;
  /** A failure to fetch (shown to the annotator; the queue tries again on the next poke). */
  onError: (error: unknown) => void;
}

export const MAX_HELD = 2;

export type QueueState = "idle" | "loading" | "ready" | "empty" | "blocked";

export class TaskQueue {
  current: Task | null = null;
  next: Task | null = null;
  /** The server said nothing is left (for a fetch made with the current exclusions). */
  exhausted = false;
  private inFlight: Promise<void> | null = null;
  private nextReady = false;
  private disposed = false;

  constructor(private readonly deps: TaskQueueDeps) {}

  dispose(): void {
    this.disposed = true;
  }

  held(): Set<number> {
    const held = new Set(this.deps.outboxGroups());
    if (this.current) held.add(this.current.group.id);
    if (this.next) held.add(this.next.group.id);
    return held;
  }

  /** True when the prefetched group is there and its images are decoded. */
  get nextIsReady(): boolean {
    return this.next !== null && this.nextReady;
  }

  /** Fill the current slot, then the next one, as far as the lease limit allows. */
  poke(): Promise<void> {
    if (this.inFlight || this.disposed) return this.inFlight ?? Promise.resolve();
    if (this.current && this.next) return Promise.resolve();
    const held = this.held();
    if (held.size >= MAX_HELD) return Promise.resolve();
    const wantCurrent = this.current === null;
    this.inFlight = (async () => {
      let failed = false;
      try {
        const task = await this.deps.fetchNext([...held]);
        if (this.disposed) return;
        if (task === null) {
          this.exhausted = true;
          return;
        }
        this.exhausted = false;
        if (held.has(task.group.id)) return; // cannot happen with a correct exclude; never show a group twice
        if (wantCurrent && this.current === null) {
          this.current = task;
        } else {
          this.next = task;
          this.nextReady = false;
          this.deps.onChange();
          await this.deps.preload(task).catch(() => undefined);
          if (this.next === task) this.nextReady = true;
        }
      } catch (error) {
        failed = true;
        if (!this.disposed) this.deps.onError(error);
        return;
      } finally {
        this.inFlight = null;
        // After a failure onError has told the page; onChange would clear the error it shows.
        if (!this.disposed && !failed) this.deps.onChange();
      }
      // Keep going: after the current one, prefetch the next.
      if (!this.disposed) await this.poke();
    })();
    return this.inFlight;
  }

  /** The current group is done (submitted or skipped and handed to the outbox): show the next. */
  advance(): void {
    this.current = this.next;
    this.next = null;
    this.nextReady = false;
    this.deps.onChange();
    void this.poke();
  }

  /** Put a group back in front (a refused submission to fix); the current one becomes next. */
  reopen(task: Task): void {
    if (this.current?.group.id === task.group.id) return;
    if (this.next?.group.id === task.group.id) {
      this.next = null;
      this.nextReady = false;
    }
    if (this.current) {
      this.next = this.current;
      this.nextReady = true;
    }
    this.current = task;
    this.deps.onChange();
  }

  /** Put a newer copy of a queued group in its place (fresh image URLs). */
  update(task: Task): void {
    if (this.current?.group.id === task.group.id) this.current = task;
    else if (this.next?.group.id === task.group.id) this.next = task;
    else return;
    this.deps.onChange();
  }

  /** Drop a group from the queue (e.g. skipped while prefetched). */
  forget(groupId: number): void {
    if (this.next?.group.id === groupId) {
      this.next = null;
      this.nextReady = false;
    }
    if (this.current?.group.id === groupId) this.current = null;
    this.deps.onChange();
  }
}

/** Load and decode images so the browser paints them without waiting. The Image objects are
 * kept (in `keep`) for as long as the task is queued, so their decoded data stays cached. */
export function preloadImages(urls: string[], keep: HTMLImageElement[] = []): Promise<void[]> {
  return Promise.all(
    urls.map((url) => {
      const img = new Image();
      img.decoding = "async";
      img.src = url;
      keep.push(img);
      return img.decode().catch(() => undefined);
    }),
  );
}
