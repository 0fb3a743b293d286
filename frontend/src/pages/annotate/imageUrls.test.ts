import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Task } from "../../api/types";
import { type ImageUrls, REFRESH_LEAD_MS, refreshDelay, RETRY_MS, UrlRefresher, withFreshUrls } from "./imageUrls";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const HOUR = 3_600_000;
const MINUTE = 60_000;

const task = (id: number, expiresAt: string | null): Task => ({
  lease: { id, expires_at: at(HOUR) },
  group: {
    id,
    prompt: { id, text: `prompt ${id}` },
    images: [
      { id: 10 * id, url: `old-${id}-a`, width: 8, height: 8, position: 0 },
      { id: 10 * id + 1, url: `old-${id}-b`, width: 8, height: 8, position: 1 },
    ],
    urls_expire_at: expiresAt,
  },
  qualification: null,
});

const fresh = (id: number, expiresAt: string | null): ImageUrls => ({
  group: id,
  lease_expires_at: at(HOUR),
  urls_expire_at: expiresAt,
  images: [
    { id: 10 * id + 1, url: `new-${id}-b` },
    { id: 10 * id, url: `new-${id}-a` },
  ],
});

describe("refreshDelay", () => {
  it("refreshes ten minutes before long-lived URLs expire", () => {
    expect(refreshDelay(at(4 * HOUR), T0)).toBe(4 * HOUR - REFRESH_LEAD_MS);
  });

  it("refreshes short-lived URLs when a quarter of their time is left", () => {
    expect(refreshDelay(at(2 * MINUTE), T0)).toBe(1.5 * MINUTE);
  });

  it("refreshes at once when the moment has passed, and never for URLs that do not expire", () => {
    expect(refreshDelay(at(-MINUTE), T0)).toBe(0);
    expect(refreshDelay(null, T0)).toBeNull();
    expect(refreshDelay("not a date", T0)).toBeNull();
  });

  it("stays within what setTimeout can wait", () => {
    expect(refreshDelay(at(60 * 24 * HOUR), T0)).toBe(2 ** 31 - 1);
  });
});

describe("withFreshUrls", () => {
  it("puts each image's fresh URL in place by image id, with the new expiry", () => {
    const updated = withFreshUrls(task(1, at(HOUR)), fresh(1, at(5 * HOUR)));
    expect(updated.group.images.map((image) => image.url)).toEqual(["new-1-a", "new-1-b"]);
    expect(updated.group.urls_expire_at).toBe(at(5 * HOUR));
  });

  it("leaves a task alone when the URLs are another group's", () => {
    const original = task(1, at(HOUR));
    expect(withFreshUrls(original, fresh(2, at(5 * HOUR)))).toBe(original);
  });
});

describe("UrlRefresher", () => {
  let now = T0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = T0;
  });
  afterEach(() => vi.useRealTimers());

  function setup(answer: (groupId: number) => Promise<ImageUrls>) {
    const asked: number[] = [];
    const applied: ImageUrls[] = [];
    const refresher = new UrlRefresher({
      fetchUrls: (groupId) => {
        asked.push(groupId);
        return answer(groupId);
      },
      apply: (urls) => applied.push(urls),
      now: () => now,
    });
    return { refresher, asked, applied };
  }

  async function advance(ms: number) {
    now += ms;
    await vi.advanceTimersByTimeAsync(ms);
  }

  it("asks for fresh URLs before they expire, and again before the fresh ones do", async () => {
    const { refresher, asked, applied } = setup(async (id) => fresh(id, at(now - T0 + 4 * HOUR)));
    refresher.track([task(1, at(4 * HOUR))]);

    await advance(4 * HOUR - REFRESH_LEAD_MS - 1);
    expect(asked).toEqual([]);
    await advance(1);
    expect(asked).toEqual([1]);
    expect(applied).toHaveLength(1);

    refresher.track([withFreshUrls(task(1, at(4 * HOUR)), applied[0])]);
    await advance(4 * HOUR - REFRESH_LEAD_MS);
    expect(asked).toEqual([1, 1]);
  });

  it("leaves URLs that do not expire alone", async () => {
    const { refresher, asked } = setup(async (id) => fresh(id, null));
    refresher.track([task(1, null)]);
    await advance(30 * 24 * HOUR);
    expect(asked).toEqual([]);
  });

  it("stops asking once the lease is gone", async () => {
    const refused = Object.assign(new Error("not the holder"), { status: 403 });
    const { refresher, asked } = setup(async () => Promise.reject(refused));
    const current = task(1, at(HOUR));
    refresher.track([current]);
    await advance(HOUR);
    refresher.track([current]);
    refresher.recheck();
    await advance(HOUR);
    expect(asked).toEqual([1]);
  });

  it("stops asking when the lease's end bounds the URLs already", async () => {
    const { refresher, asked, applied } = setup(async (id) => fresh(id, at(2 * HOUR)));
    refresher.track([task(1, at(2 * HOUR))]);
    await advance(2 * HOUR - REFRESH_LEAD_MS);
    refresher.track([withFreshUrls(task(1, at(2 * HOUR)), applied[0])]);
    await advance(2 * HOUR);
    expect(asked).toEqual([1]);
  });

  it("tries again after a failure on the way", async () => {
    let calls = 0;
    const { refresher, asked, applied } = setup(async (id) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error("503"), { status: 503 });
      return fresh(id, at(8 * HOUR));
    });
    refresher.track([task(1, at(HOUR))]);
    await advance(HOUR - REFRESH_LEAD_MS);
    expect(asked).toEqual([1]);
    await advance(RETRY_MS);
    expect(asked).toEqual([1, 1]);
    expect(applied).toHaveLength(1);
  });

  it("forgets groups that left the screen and refreshes at once after the machine slept", async () => {
    const { refresher, asked } = setup(async (id) => fresh(id, at(9 * HOUR)));
    refresher.track([task(1, at(HOUR)), task(2, at(HOUR))]);
    refresher.track([task(2, at(HOUR))]); // group 1 was submitted
    now += 2 * HOUR; // asleep: the timers did not run
    refresher.recheck();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([2]);
  });

  it("asks nothing once disposed", async () => {
    const { refresher, asked } = setup(async (id) => fresh(id, at(9 * HOUR)));
    refresher.track([task(1, at(HOUR))]);
    refresher.dispose();
    await advance(2 * HOUR);
    expect(asked).toEqual([]);
  });
});
