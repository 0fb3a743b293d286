"""The annotator's task screen in a real Chromium against the live server: keyboard only, mouse
with drag and drop, validation, drafts across a reload, and retried submissions."""

import pytest

from annotation.models import Annotation, Skip

from .demo import make_demo
from .helpers import (
    card,
    judgments_of,
    open_task_screen,
    radio,
    rate_and_rank_with_keys,
    sign_in,
    wait_for_annotations,
    wait_for_group,
    wait_until_saved,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    # WhiteNoise looks for STATIC_ROOT (collectstatic); the live server serves the build directly.
    pytest.mark.filterwarnings("ignore:No directory at"),
]


@pytest.fixture
def demo(transactional_db):
    project, annotator, groups = make_demo(groups=3, k=4)
    return project, annotator, groups


def test_annotator_completes_a_group_with_the_keyboard_only(page, server, demo):
    project, _, _ = demo
    sign_in(page, server)
    first = open_task_screen(page, server, project)
    keys = page.keyboard

    keys.press("c")  # category list: from "Abstract", the letter A jumps to "Animals"
    keys.press("a")
    keys.press("Enter")
    # Three scales per image, focus moving on by itself: A, B, C, D.
    for digits in ("766", "555", "333", "122"):
        for digit in digits:
            keys.press(digit)
    keys.press("ArrowRight")  # from D around to A
    for slot in "1234":
        keys.press(f"Shift+Digit{slot}")
    keys.press("f")  # flags of D (the focus stayed on the last image)
    keys.press("3")
    keys.press("Escape")
    keys.press("Control+Enter")

    assert wait_for_group(page, other_than=first) != first
    wait_until_saved(page)
    [annotation] = wait_for_annotations(first)
    assert annotation.prompt_category == "Animals"
    assert judgments_of(annotation) == [
        (1, 7, 6, 6, []),
        (2, 5, 5, 5, []),
        (3, 3, 3, 3, []),
        (4, 1, 2, 2, ["too blurred"]),
    ]
    assert annotation.time_spent_ms > 0


def test_annotator_completes_a_group_with_the_mouse_dragging_images_into_slots(page, server, demo):
    project, _, _ = demo
    sign_in(page, server)
    first = open_task_screen(page, server, project)

    page.get_by_test_id("category-button").click()
    page.get_by_role("option", name="Outdoor Scenes").click()
    for letter, rating in zip("ABCD", (6, 6, 4, 2)):
        for scale in ("rate-overall", "rate-alignment", "rate-fidelity"):
            radio(page, letter, scale, rating).click()
    card(page, "C").get_by_role("button", name="Flags").click()
    page.get_by_test_id("flags-menu").get_by_label("body problems").check()
    page.get_by_test_id("flags-menu").get_by_role("button", name="Close").click()
    # A and B tie in the best slot; C and D below them.
    for letter, slot in (("A", "1"), ("B", "1"), ("C", "3"), ("D", "5")):
        card(page, letter).locator("img").drag_to(page.get_by_test_id(f"slot-{slot}"))
    assert page.get_by_test_id("slot-1").locator(".thumb").count() == 2
    page.get_by_test_id("submit").click()

    assert wait_for_group(page, other_than=first) != first
    [annotation] = wait_for_annotations(first)
    assert annotation.prompt_category == "Outdoor Scenes"
    assert judgments_of(annotation) == [
        (1, 6, 6, 6, []),
        (1, 6, 6, 6, []),
        (3, 4, 4, 4, ["body problems"]),
        (5, 2, 2, 2, []),
    ]


def test_a_ranking_that_contradicts_the_ratings_is_blocked_with_a_message(page, server, demo):
    project, _, _ = demo
    sign_in(page, server)
    submits = []
    page.on("request", lambda request: submits.append(request.url) if request.url.endswith("/submit/") else None)
    group = open_task_screen(page, server, project)

    # A is rated 7 but ranked in slot 3, below B (rated 2, slot 1).
    rate_and_rank_with_keys(page, overall=(7, 2, 2, 1), slots=(3, 1, 4, 5))
    page.keyboard.press("Control+Enter")

    problems = page.get_by_test_id("problems")
    assert "Image A is rated 7 (overall) but ranked in slot 3, below image B rated 2 in slot 1" in problems.inner_text()
    assert int(page.locator("main.task-screen").get_attribute("data-group-id")) == group
    assert submits == []
    assert not Annotation.objects.filter(group_id=group).exists()


def test_the_servers_own_message_is_shown_when_it_refuses_what_the_app_allowed(page, server, demo):
    project, _, _ = demo
    sign_in(page, server)
    group = open_task_screen(page, server, project)
    # A manager tightens the protocol while the annotator works: one image per slot.
    project.max_images_per_slot = 1
    project.save(update_fields=["max_images_per_slot"])

    rate_and_rank_with_keys(page, overall=(6, 6, 3, 1), slots=(1, 1, 2, 3))
    page.keyboard.press("Control+Enter")

    refusal = page.get_by_test_id("server-refusal")
    refusal.wait_for()
    assert "slot 1 holds 2 images; at most 1 may share a slot" in refusal.inner_text()
    # The refused group is back on screen with the annotator's work, ready to fix.
    assert int(page.locator("main.task-screen").get_attribute("data-group-id")) == group
    assert card(page, "B").get_by_test_id("slot-badge").inner_text() == "Rank 1"
    assert not Annotation.objects.filter(group_id=group).exists()


def test_a_reload_keeps_the_draft(page, server, demo):
    project, _, _ = demo
    sign_in(page, server)
    group = open_task_screen(page, server, project)
    keys = page.keyboard
    for digit in "654":  # A: overall, alignment, fidelity; the focus moves on to B
        keys.press(digit)
    keys.press("ArrowLeft")
    keys.press("Shift+Digit2")  # A into slot 2
    keys.press("p")
    keys.press("1")  # prompt flag "intent unclear"
    keys.press("Escape")

    page.reload()

    assert wait_for_group(page) == group
    assert radio(page, "A", "rate-overall", 6).get_attribute("aria-checked") == "true"
    assert radio(page, "A", "rate-alignment", 5).get_attribute("aria-checked") == "true"
    assert radio(page, "A", "rate-fidelity", 4).get_attribute("aria-checked") == "true"
    assert card(page, "A").get_by_test_id("slot-badge").inner_text() == "Rank 2"
    assert "Prompt flags (1)" in page.get_by_role("button", name="Prompt flags").inner_text()


@pytest.mark.parametrize("lost", ["before reaching the server", "after the server stored it"])
def test_a_submission_whose_first_attempt_fails_on_the_network_is_retried_and_stored_once(page, server, demo, lost):
    project, _, _ = demo
    sign_in(page, server)
    attempts = []

    def first_attempt_fails(route):
        attempts.append(route.request.post_data_json["client_key"])
        if len(attempts) > 1:
            route.continue_()
            return
        if lost == "after the server stored it":
            route.fetch()  # the server gets it and answers; the answer never reaches the app
        route.abort("connectionreset")

    page.route("**/api/v1/groups/*/submit/", first_attempt_fails)
    group = open_task_screen(page, server, project)
    rate_and_rank_with_keys(page)
    page.keyboard.press("Control+Enter")

    # The next group is on screen at once, while the app tells what happens to the last one.
    assert wait_for_group(page, other_than=group) != group
    wait_until_saved(page)
    assert len(attempts) == 2 and attempts[0] == attempts[1]
    [annotation] = wait_for_annotations(group)
    assert str(annotation.client_key) == attempts[0]
    assert Annotation.objects.filter(annotator__username="annotator").count() == 1


def test_skipping_with_a_reason_moves_on_and_records_the_reason(page, server, demo):
    project, annotator, _ = demo
    sign_in(page, server)
    group = open_task_screen(page, server, project)

    page.keyboard.press("s")
    page.keyboard.press("2")  # "The prompt is unclear: I cannot judge it"
    page.keyboard.press("Enter")

    assert wait_for_group(page, other_than=group) != group
    wait_until_saved(page)
    assert list(Skip.objects.filter(group_id=group, annotator=annotator).values_list("reason", flat=True)) == [
        "The prompt is unclear: I cannot judge it"
    ]
