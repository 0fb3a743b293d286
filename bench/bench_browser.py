"""Submit-to-next in the browser: the time from pressing Ctrl+Enter on a completed group to the
next group fully rendered with its images, measured inside Chromium over N groups of the demo
data, served the way `make run` serves it (gunicorn, WhiteNoise, the built app).

    .venv/bin/python bench/bench_browser.py [--groups 50] [--think-ms 0]

Needs the built app (make frontend) and Debian's Chromium (/usr/bin/chromium). It sets up its
own data directory (migrate, seed_demo, collectstatic) in a temporary folder and starts gunicorn
on a free port; nothing under data/ is touched.

How it measures: a keydown listener (capture phase, added before the app's own) notes
performance.now() when Ctrl+Enter goes down; then, every animation frame, it checks whether the
task screen shows another group and every image of that group has loaded (complete, naturalWidth
> 0) and decoded; the time of the frame after that is the end. The annotator's time on a group is
simulated by waiting until the app has prefetched the next group (data-next-ready), plus
--think-ms. It also prints the submit request's round trip (Resource Timing), which the screen
does not wait for: the submission goes through the outbox in the background.
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANNOTATOR = ("annotator", "demo-annotator")  # seed_demo's login

MEASURE_SCRIPT = """
(() => {
  window.__bench = { results: [], pending: null };
  performance.setResourceTimingBufferSize(100000);
  const groupOnScreen = () => document.querySelector('main.task-screen')?.dataset.groupId ?? null;
  function rendered(previous) {
    const main = document.querySelector('main.task-screen');
    if (!main || main.dataset.groupId === previous) return false;
    const imgs = [...main.querySelectorAll('.image-card img')];
    return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0);
  }
  window.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey && event.key === 'Enter')) return;
    const start = performance.now();
    const previous = groupOnScreen();
    const check = () => {
      if (!rendered(previous)) { requestAnimationFrame(check); return; }
      const imgs = [...document.querySelectorAll('main.task-screen .image-card img')];
      Promise.all(imgs.map((img) => img.decode().catch(() => undefined))).then(() =>
        // The frame after this one is on screen.
        requestAnimationFrame(() => setTimeout(() => {
          window.__bench.results.push({ ms: performance.now() - start, group: groupOnScreen() });
        }, 0)));
    };
    requestAnimationFrame(check);
  }, { capture: true });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def demo_server(*, groups=60, annotated=0, size=256):
    """A served copy of the platform with seed_demo's data, in a temporary folder. Yields its URL."""
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        sys.exit("The app is not built: run `make frontend` first.")
    tmp = Path(tempfile.mkdtemp(prefix="imagepref-bench-"))
    env = {
        **os.environ,
        "DATA_DIR": str(tmp / "data"),
        "STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SECRET_KEY": "bench-browser",
        "DJANGO_DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)  # the embedded default: SQLite under the temporary folder

    def run(*args):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    print(f"setting up demo data in {tmp} ...", flush=True)
    run("migrate", "--noinput", "-v", "0")
    run("seed_demo", "--groups", str(groups), "--annotated", str(annotated), "--size", str(size))
    run("collectstatic", "--noinput", "-v", "0")
    port = free_port()
    server = subprocess.Popen(
        # One worker process (threads for concurrency): its first request imports every URL module
        # (torch included), and the warm-up below must reach the process the browser will use.
        [
            PY,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url + "/api/v1/auth/csrf/", timeout=300).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def browser_page(width, height):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            browser.close()


def sign_in_and_open_demo(page, url, username=ANNOTATOR[0], password=ANNOTATOR[1]):
    page.goto(url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")
    page.locator('.project-card[data-project-slug="demo"] a.button').click()
    page.locator("main.task-screen[data-group-id]").wait_for()


def fill_group_with_keys(page):
    """A valid judgment from the keyboard: ratings falling with the position, slots in order."""
    count = page.locator("main.task-screen .image-card").count()
    keys = page.keyboard
    keys.press("c")
    keys.press("a")
    keys.press("Enter")
    for i in range(count):
        rating = str(max(1, 7 - i))
        for _ in range(3):
            keys.press(rating)
    keys.press("ArrowRight")  # from the last image around to the first
    for i in range(count):
        keys.press(f"Shift+Digit{min(i + 1, 5)}")
    return count


def percentile(values, q):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=50, help="groups to submit (default 50)")
    parser.add_argument("--think-ms", type=int, default=0, help="extra wait before each submit (default 0)")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()

    with demo_server(groups=max(60, args.groups + 5)) as url, browser_page(args.width, args.height) as page:
        page.add_init_script(MEASURE_SCRIPT)
        sign_in_and_open_demo(page, url)
        prefetch_waits = []
        for n in range(args.groups):
            fill_group_with_keys(page)
            started = time.monotonic()
            page.locator('main.task-screen[data-next-ready="true"]').wait_for()
            prefetch_waits.append((time.monotonic() - started) * 1000)
            if args.think_ms:
                page.wait_for_timeout(args.think_ms)
            page.keyboard.press("Control+Enter")
            page.wait_for_function("n => window.__bench.results.length > n", arg=n)
        results = page.evaluate("window.__bench.results")
        submits = page.evaluate(
            "performance.getEntriesByType('resource').filter(e => e.name.endsWith('/submit/')).map(e => e.duration)"
        )
        page.locator('[data-testid=sync-status][data-pending="0"]').wait_for()
        status = page.get_by_test_id("sync-status").inner_text()

    times = [r["ms"] for r in results]
    groups_seen = {r["group"] for r in results}
    print(json.dumps({"submit_to_next_ms": [round(t, 1) for t in times]}))
    print()
    print(f"Submit-to-next, {len(times)} groups of the demo data, Chromium {args.width}x{args.height}:")
    print(f"  p50 {statistics.median(times):6.1f} ms   p95 {percentile(times, 95):6.1f} ms   max {max(times):6.1f} ms")
    print(f"  distinct groups shown: {len(groups_seen)}; sync status at the end: {status!r}")
    if submits:
        print(
            f"Submit request round trip (in the background, not waited for): p50 {statistics.median(submits):.1f} ms,"
            f" p95 {percentile(submits, 95):.1f} ms over {len(submits)} requests"
        )
    print(
        f"Wait for the prefetched next group after filling a group (the annotator's time covers it): "
        f"p50 {statistics.median(prefetch_waits):.1f} ms, p95 {percentile(prefetch_waits, 95):.1f} ms"
    )


if __name__ == "__main__":
    main()
