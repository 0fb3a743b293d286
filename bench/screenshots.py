"""Screenshots of the browser app at 1440x900 for docs/screenshots/, from a fresh copy of the demo
data (seed_demo) served like `make run`:

    .venv/bin/python bench/screenshots.py [--out docs/screenshots]

Writes projects.png (the projects list with progress), task-screen.png (a group in progress:
ratings, flags, ranking, anchors of the focused scale), validation.png (a submission blocked
because the ranking contradicts the ratings), keyboard-help.png (the help panel: instructions and
key map) and zoom.png (an image at full resolution); then, signed in as the demo's manager, the
quality console: quality-dashboard.png (agreement over time, speed against agreement with the
paused annotator marked, the annotator-pair heatmap, gold accuracy, the annotator table),
annotator.png (the paused annotator's page) and review.png (the review screen, a rejection's
reasons open); and the manager's console: manage-protocol.png (a refused setting under its
field), manage-people.png, manage-data.png (a zip imported, a bad one's rows) and
manage-progress.png. The server runs Celery tasks in its own process (CELERY_TASK_ALWAYS_EAGER),
as no worker is started here. Needs the built app (make frontend) and Debian's Chromium.
"""

import argparse
import os
import sys
import tempfile
import zipfile
from pathlib import Path

from bench_browser import browser_page, demo_server, fill_group_with_keys, sign_in_and_open_demo

ROOT = Path(__file__).resolve().parents[1]


def shoot(page, out: Path, name: str):
    page.wait_for_timeout(250)  # let the last frame settle (focus rings, popovers)
    path = out / name
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"  # the console's imports run without a worker

    with demo_server(groups=60, annotated=15) as url, browser_page(1440, 900) as page:
        sign_in_and_open_demo(page, url)
        # Two groups done, so the progress counters show some work.
        for _ in range(2):
            group = page.locator("main.task-screen").get_attribute("data-group-id")
            fill_group_with_keys(page)
            page.locator('main.task-screen[data-next-ready="true"]').wait_for()
            page.keyboard.press("Control+Enter")
            page.wait_for_function("g => document.querySelector('main.task-screen')?.dataset.groupId !== g", arg=group)
        page.locator('[data-testid=sync-status][data-pending="0"]').wait_for()

        page.get_by_role("link", name="Projects").click()
        page.locator(".project-card").first.wait_for()
        page.wait_for_function("() => document.querySelector('[data-testid=done-today]')?.textContent === '2'")
        shoot(page, args.out, "projects.png")

        page.locator('.project-card[data-project-slug="demo"] a.button').click()
        page.locator("main.task-screen[data-group-id]").wait_for()
        keys = page.keyboard
        count = page.locator("main.task-screen .image-card").count()
        keys.press("c")
        keys.press("o")  # "Outdoor Scenes"
        keys.press("Enter")
        ratings = ["766", "655", "534", "432", "321", "211"][:count]
        for digits in ratings[:-1]:
            for digit in digits:
                keys.press(digit)
        keys.press("ArrowRight")  # from the last image (not rated yet) around to the first
        for slot in ["1", "2", "2", "3", "4", "5"][: count - 1]:
            keys.press(f"Shift+Digit{slot}")
        keys.press("ArrowLeft")
        keys.press("f")
        keys.press("3")  # "too blurred" on the second-to-last image
        keys.press("Escape")
        keys.press("ArrowRight")  # the last image, not rated yet: its Overall row has the focus
        shoot(page, args.out, "task-screen.png")

        # Finish the last image but rank it above a better one: the submission is blocked.
        for digit in ratings[-1]:
            keys.press(digit)
        keys.press("Shift+Digit1")
        keys.press("Control+Enter")
        page.get_by_test_id("problems").wait_for()
        shoot(page, args.out, "validation.png")

        keys.press("?")
        page.get_by_test_id("help-panel").wait_for()
        shoot(page, args.out, "keyboard-help.png")
        keys.press("Escape")

        keys.press("ArrowLeft")
        keys.press("z")
        page.get_by_test_id("zoom").wait_for()
        shoot(page, args.out, "zoom.png")
        keys.press("Escape")

        sign_in_as_manager(page)
        shoot_quality_console(page, args.out)
        shoot_console(page, args.out)


def sign_in_as_manager(page):
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("demo-manager")
    page.keyboard.press("Enter")


def shoot_quality_console(page, out: Path):
    """The quality console, signed in as the demo's manager."""
    page.get_by_role("link", name="Quality").click()
    page.get_by_test_id("annotator-table").wait_for()
    page.locator("[data-testid=scatter-outlier]").first.wait_for()
    shoot(page, out, "quality-dashboard.png")

    page.get_by_test_id("annotator-table").get_by_role("link", name="annotator4").click()
    page.get_by_test_id("annotator-status").wait_for()
    shoot(page, out, "annotator.png")

    page.get_by_role("link", name="Quality dashboard").click()
    page.get_by_role("link", name="Open the review queue").click()
    page.get_by_test_id("review-item").wait_for()
    page.keyboard.press("r")
    page.get_by_test_id("reasons").wait_for()
    shoot(page, out, "review.png")


def _zip_of_generations(out: Path, n_groups: int, *, broken: bool = False) -> Path:
    sys.path.insert(0, str(ROOT))
    from annotation import synthetic

    folder = out / ("broken" if broken else "generations")
    prefix = "late-" if broken else "new-"
    synthetic.write_generation_folder(folder, n_groups=n_groups, size=96, seed=7, group_id_prefix=prefix)
    if broken:
        images = sorted(folder.rglob("*.png"))
        images[1].write_bytes(b"not an image")
        images[6].write_bytes(images[6].read_bytes()[:200])
    path = out / f"{folder.name}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(folder).as_posix())
    return path


def shoot_console(page, out: Path):
    """The manager's console, signed in as the demo's manager."""
    page.get_by_role("link", name="Manage").click()
    protocol = page.get_by_role("form", name="Protocol")
    protocol.get_by_label("Lease time (seconds)").fill("5")
    protocol.get_by_role("button", name="Save protocol").click()
    protocol.locator(".field-errors li").first.wait_for()
    shoot(page, out, "manage-protocol.png")

    page.get_by_role("tab", name="People").click()
    page.locator("table.people-table tbody tr").first.wait_for()
    shoot(page, out, "manage-people.png")

    page.get_by_role("tab", name="Data").click()
    with tempfile.TemporaryDirectory() as tmp:
        good = _zip_of_generations(Path(tmp), 40)
        bad = _zip_of_generations(Path(tmp), 12, broken=True)
        page.locator("input[name=archive]").set_input_files(str(good))
        page.get_by_role("button", name="Import").click()
        page.locator("tr[data-status=done]").first.wait_for()
        page.locator("input[name=archive]").set_input_files(str(bad))
        page.get_by_role("button", name="Import").click()
        page.locator("table.bad-rows tbody tr").first.wait_for()
    shoot(page, out, "manage-data.png")

    page.get_by_role("tab", name="Progress").click()
    page.locator("[data-count=complete] dd").wait_for()
    shoot(page, out, "manage-progress.png")


if __name__ == "__main__":
    main()
