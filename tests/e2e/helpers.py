"""Steps shared by the browser tests."""

import time

from annotation.models import Annotation

from .demo import PASSWORD


def sign_in(page, server, username="annotator", password=PASSWORD):
    page.goto(server.url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your projects").wait_for()


def open_task_screen(page, server, project):
    page.goto(f"{server.url}/app/projects/{project.pk}/annotate")
    return wait_for_group(page)


def wait_for_group(page, *, other_than=None):
    """The id of the group on screen once it is rendered (a different one than `other_than`)."""
    if other_than is None:
        page.locator("main.task-screen[data-group-id]").wait_for()
    else:
        page.wait_for_function(
            "id => { const m = document.querySelector('main.task-screen'); return m && m.dataset.groupId !== String(id); }",
            arg=other_than,
        )
    return int(page.locator("main.task-screen").get_attribute("data-group-id"))


def wait_until_saved(page):
    page.wait_for_function("() => document.querySelector('[data-testid=sync-status]')?.dataset.pending === '0'")


def wait_for_annotations(group_id, count=1, timeout=10.0):
    """The group's annotations once `count` of them are stored (the outbox sends in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(Annotation.objects.filter(group_id=group_id))
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    return list(Annotation.objects.filter(group_id=group_id))


def judgments_of(annotation):
    """[(slot, overall, alignment, fidelity, flags)] in image position order."""
    rows = {row.image_id: row for row in annotation.image_annotations.all()}
    order = annotation.group.group_images.order_by("position").values_list("image_id", flat=True)
    return [
        (
            rows[i].slot,
            rows[i].ratings["overall"],
            rows[i].ratings["alignment"],
            rows[i].ratings["fidelity"],
            rows[i].flags,
        )
        for i in order
    ]


def rate_and_rank_with_keys(page, overall=(7, 5, 3, 1), slots=(1, 2, 3, 4), category_letter="a"):
    """Fill a 4-image group from the keyboard: category, three scales per image (overall, then
    alignment and fidelity equal to it), then the slots with Shift+digit. Leaves the focus on
    the last image."""
    keys = page.keyboard
    keys.press("c")
    keys.press(category_letter)
    keys.press("Enter")
    for rating in overall:
        for _ in range(3):
            keys.press(str(rating))
    keys.press("ArrowRight")  # from the last image around to the first
    for slot in slots:
        keys.press(f"Shift+Digit{slot}")


def card(page, letter):
    return page.locator(f"article.image-card[data-letter={letter}]")


def radio(page, letter, testid, value):
    """The button for `value` in a row ("rate-overall", "rank", ...) of image `letter`."""
    return card(page, letter).locator(f"[data-testid={testid}] [role=radio]").filter(has_text=str(value)).first
