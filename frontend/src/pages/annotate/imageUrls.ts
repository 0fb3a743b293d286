/**
 * Fresh image URLs for the groups on the task screen. With images in a bucket the server hands
 * presigned URLs that stop working at the group's `urls_expire_at` (past the end of the lease,
 * but a task can outlast it, or the lease can be long); the refresher asks
 * `groups/{id}/image-urls/` for new ones a while before then, so an image never breaks in the
 * middle of a task. URLs served by the server itself (`urls_expire_at` null) are left alone.
 */
import type { components } from "../../api/schema";
import type { Task } from "../../api/types";

export type ImageUrls = components["schemas"]["ImageUrls"];

/** Refresh at most this long before the URLs expire... */
export const REFRESH_LEAD_MS = 10 * 60_000;
/** ...and, for short-lived URLs, when a quarter of their time is left. */
export const REFRESH_LEAD_SHARE = 0.25;
/** After a failed refresh (network, a 503), try again this much later. */
export const RETRY_MS = 30_000;
/** The longest delay setTimeout keeps (a longer one fires at once). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Milliseconds from `now` to the refresh of URLs that expire at `expiresAt`; null when they do
 * not expire; 0 when the moment has passed. */
export function refreshDelay(expiresAt: string | null, now: number): number | null {
  if (!expiresAt) return null;
  const left = Date.parse(expiresAt) - now;
  if (Number.isNaN(left)) return null;
  if (left <= 0) return 0;
  const lead = Math.min(REFRESH_LEAD_MS, left * REFRESH_LEAD_SHARE);
  return Math.min(left - lead, MAX_TIMEOUT_MS);
}

/** The task with the fresh URLs of its images (matched by image id) and their expiry. */
export function withFreshUrls(task: Task, fresh: ImageUrls): Task {
  if (fresh.group !== task.group.id) return task;
  const urls = new Map(fresh.images.map((image) => [image.id, image.url]));
  return {
    ...task,
    group: {
      ...task.group,
      images: task.group.images.map((image) => ({ ...image, url: urls.get(image.id) ?? image.url })),
      urls_expire_at: fresh.urls_expire_at ?? null,
    },
  };
}

export interface RefresherDeps {
  /** GET groups/{id}/image-urls/; rejects with an error carrying `status` when refused. */
  fetchUrls: (groupId: number) => Promise<ImageUrls>;
  /** Put the fresh URLs in the task they belong to. */
  apply: (fresh: ImageUrls) => void;
  now?: () => number;
}

interface Tracked {
  expiresAt: string;
  /** The pending refresh; null once there is nothing more to ask for (the lease is gone, or
   * its end bounds the URLs already). */
  timer: ReturnType<typeof setTimeout> | null;
}

export class UrlRefresher {
  private tracked = new Map<number, Tracked>();
  private disposed = false;

  constructor(private readonly deps: RefresherDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Keep the URLs of these tasks fresh (the current group and the prefetched one); groups no
   * longer among them are forgotten. */
  track(tasks: (Task | null)[]): void {
    if (this.disposed) return;
    const wanted = new Map<number, string>();
    for (const task of tasks) if (task?.group.urls_expire_at) wanted.set(task.group.id, task.group.urls_expire_at);
    for (const [groupId, entry] of this.tracked) {
      if (wanted.get(groupId) !== entry.expiresAt) this.forget(groupId);
    }
    for (const [groupId, expiresAt] of wanted) {
      if (!this.tracked.has(groupId)) this.schedule(groupId, expiresAt, refreshDelay(expiresAt, this.now()) ?? 0);
    }
  }

  /** Look at the pending refreshes again (timers run late while the page is hidden or the
   * machine sleeps). */
  recheck(): void {
    for (const [groupId, entry] of [...this.tracked]) {
      if (entry.timer === null) continue;
      clearTimeout(entry.timer);
      this.schedule(groupId, entry.expiresAt, refreshDelay(entry.expiresAt, this.now()) ?? 0);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const groupId of [...this.tracked.keys()]) this.forget(groupId);
  }

  private forget(groupId: number): void {
    const entry = this.tracked.get(groupId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.tracked.delete(groupId);
  }

  private schedule(groupId: number, expiresAt: string, delay: number): void {
    const timer = setTimeout(() => void this.refresh(groupId, expiresAt), delay);
    this.tracked.set(groupId, { expiresAt, timer });
  }

  private async refresh(groupId: number, expiresAt: string): Promise<void> {
    const settle = (at: string) => this.tracked.set(groupId, { expiresAt: at, timer: null });
    let fresh: ImageUrls;
    try {
      fresh = await this.deps.fetchUrls(groupId);
    } catch (error) {
      if (this.disposed || this.tracked.get(groupId)?.expiresAt !== expiresAt) return;
      const status = (error as { status?: number }).status;
      if (status === 403 || status === 404) settle(expiresAt); // the lease is gone: nobody gets URLs now
      else this.schedule(groupId, expiresAt, RETRY_MS);
      return;
    }
    if (this.disposed || this.tracked.get(groupId)?.expiresAt !== expiresAt) return;
    const later = fresh.urls_expire_at !== null && Date.parse(fresh.urls_expire_at) > Date.parse(expiresAt);
    if (later) {
      // The task comes back through track() with its new expiry and is scheduled again.
      this.tracked.delete(groupId);
    } else {
      settle(fresh.urls_expire_at ?? expiresAt); // the lease's end bounds the URLs: asking again would not move it
    }
    this.deps.apply(fresh);
  }
}
