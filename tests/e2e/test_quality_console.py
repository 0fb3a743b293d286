"""The quality console in a real Chromium against the live server: a reviewer rejects an
annotation with the keyboard and its group goes back to the queue; a reviewer sees why the
production model put a group in the queue and its scores; a manager resumes a paused
annotator; a paused annotator's task screen says why and who can resume them; a newcomer
sees their place in the qualification, passes it with their result on screen and then gets real
work; one who failed twice is told their result and which manager can let them try again."""

import pytest
from django.utils import timezone

from annotation.models import Annotation, AnnotatorPause, PromptGroup, QualificationAttempt
from annotation.services.assignment import next_task
from annotation.services.qualification import mark_qualification_groups
from annotation.services.quality import pause_annotator
from rewardmodel.models import GroupPrediction
from rewardmodel.services.model_agreement import measure_model_agreement
from tests.factories import make_user
from tests.quality.helpers import annotate
from tests.rewardmodel_loop.helpers import ready_version

from .demo import PASSWORD, make_demo
from .helpers import open_task_screen, rate_and_rank_with_keys, sign_in, wait_for_group

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:No directory at"),
]


@pytest.fixture
def team(transactional_db):
    project, annotator, groups = make_demo(groups=2, k=4, size=64)
    people = {name: make_user(name, password=PASSWORD) for name in ["rita", "max", "other"]}
    for user, role in ((people["rita"], "reviewer"), (people["max"], "manager"), (people["other"], "annotator")):
        project.memberships.create(user=user, role=role)
    project.review_sample_rate = 1.0
    project.save()
    return project, annotator, groups, people


def test_a_reviewer_rejects_an_annotation_by_keyboard_and_the_group_returns_to_the_queue(page, server, team):
    project, annotator, groups, people = team
    annotation = annotate(groups[0], annotator, [1, 2, 3, 4])
    assert PromptGroup.objects.get(pk=groups[0].pk).annotation_count == 1
    sign_in(page, server, "rita")
    page.goto(f"{server.url}/app/projects/{project.pk}/review")
    page.locator(f"[data-testid=review-item][data-annotation='{annotation.pk}']").wait_for()

    page.keyboard.press("r")
    page.locator("[data-testid=reasons]").wait_for()
    page.keyboard.press("1")

    page.locator("[data-testid=review-done]").wait_for()
    annotation.refresh_from_db()
    assert (annotation.status, annotation.reviewed_by, annotation.review_reason) == (
        "rejected",
        people["rita"],
        project.review_reasons[0],
    )
    assert annotation.decisions.count() == 1
    assert PromptGroup.objects.get(pk=groups[0].pk).annotation_count == 0
    assert next_task(project=project, annotator=people["other"]).group_id == groups[0].pk


def test_a_reviewer_sees_the_models_disagreement_group_with_its_scores(page, server, team):
    project, annotator, groups, _ = team
    annotation = annotate(groups[0], annotator, [1, 2, 3, 4])
    version = ready_version(project, production=True)
    image_ids = list(groups[0].group_images.order_by("position").values_list("image_id", flat=True))
    # The model orders the four images exactly the other way round.
    scores = {str(image_id): float(i) for i, image_id in enumerate(image_ids)}
    GroupPrediction.objects.create(group=groups[0], version=version, scores=scores, uncertainty=0.2)
    measure_model_agreement(project=project)
    sign_in(page, server, "rita")

    page.goto(f"{server.url}/app/projects/{project.pk}/review")

    item = page.locator(f"[data-testid=review-item][data-annotation='{annotation.pk}']")
    item.wait_for()
    assert "in the queue because: model" in item.inner_text()
    line = item.locator("[data-testid=model-line]")
    line.wait_for()
    assert f"Model v{version.number} orders 0 of 6" in line.inner_text() and "#1" in line.inner_text()
    assert "model 3.00 (#1)" in item.locator(".judgments li").nth(3).inner_text()


def test_a_manager_resumes_a_paused_annotator(page, server, team):
    project, annotator, _, people = team
    pause_annotator(project=project, annotator=annotator, rule="gold_accuracy", reason="gold accuracy 40%")
    sign_in(page, server, "max")
    page.goto(f"{server.url}/app/projects/{project.pk}/annotators/{annotator.pk}")
    assert page.locator("[data-testid=annotator-status]").inner_text() == "Paused"

    page.get_by_label("Why may they work again?").fill("Went through the guidelines again")
    page.get_by_role("button", name="Resume").click()

    page.wait_for_function("() => document.querySelector('[data-testid=annotator-status]')?.textContent === 'Active'")
    pause = AnnotatorPause.objects.get(annotator=annotator)
    assert (pause.resumed_by, pause.resume_note) == (people["max"], "Went through the guidelines again")
    assert "Went through the guidelines again" in page.locator("[data-testid=pauses]").inner_text()


def test_a_paused_annotator_is_told_why_and_who_can_resume_them(page, server, team):
    project, annotator, _, _ = team
    pause_annotator(project=project, annotator=annotator, rule="agreement", reason="agreement with the majority 31%")
    sign_in(page, server, "annotator")

    page.goto(f"{server.url}/app/projects/{project.pk}/annotate")

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "agreement with the majority 31%" in alert.inner_text()
    assert "max" in alert.inner_text()
    assert not Annotation.objects.filter(annotator=annotator).exists()


def test_a_new_annotator_passes_qualification_and_then_gets_real_work(page, server, transactional_db):
    project, newcomer, groups = make_demo(groups=2, k=4, size=64)
    manager = make_user("boss", password=PASSWORD)
    project.memberships.create(user=manager, role="manager")
    qualifier = groups[0]
    PromptGroup.objects.filter(pk=qualifier.pk).update(is_gold=True, gold_ranking=[1, 2, 3, 4], priority=-1)
    mark_qualification_groups(project=project, group_ids=[qualifier.pk], marked_by=manager)
    project.require_qualification, project.qualification_size, project.qualification_pass_mark = True, 1, 0.8
    project.save()
    sign_in(page, server)

    first = open_task_screen(page, server, project)
    assert first == qualifier.pk, "the qualification group comes first, though real work ranks higher"
    banner = page.locator("[data-testid=qualification-banner]")
    assert banner.inner_text() == "Qualification: group 1 of 1 — your work counts once you pass"
    rate_and_rank_with_keys(page, overall=(7, 5, 3, 1), slots=(1, 2, 3, 4))
    page.keyboard.press("Control+Enter")

    second = wait_for_group(page, other_than=first)
    assert second == groups[1].pk
    [attempt] = QualificationAttempt.objects.filter(annotator=newcomer)
    assert (attempt.passed, attempt.score) == (True, 1.0)
    result = page.locator("[data-testid=qualification-result]")
    result.wait_for()
    assert result.get_attribute("data-tone") == "passed"
    assert result.inner_text().startswith("Your result: 100% agreement (pass mark 80%). You passed the qualification")
    assert banner.count() == 0, "real work carries no qualification banner"


def test_an_annotator_who_failed_twice_sees_their_result_and_the_manager_to_ask(page, server, transactional_db):
    project, newcomer, groups = make_demo(groups=2, k=4, size=64)
    manager = make_user("boss", password=PASSWORD)
    project.memberships.create(user=manager, role="manager")
    PromptGroup.objects.filter(pk=groups[0].pk).update(is_gold=True, gold_ranking=[1, 2, 3, 4])
    mark_qualification_groups(project=project, group_ids=[groups[0].pk], marked_by=manager)
    project.require_qualification, project.qualification_size, project.qualification_pass_mark = True, 1, 0.8
    project.save()
    for number, score in ((1, 0.25), (2, 0.5)):
        QualificationAttempt.objects.create(
            project=project, annotator=newcomer, number=number, score=score, passed=False, finished_at=timezone.now()
        )
    sign_in(page, server)

    page.goto(f"{server.url}/app/projects/{project.pk}/annotate")

    result = page.locator("[data-testid=qualification-result]")
    result.wait_for()
    text = result.inner_text()
    assert text.startswith("Your result: 50% agreement (pass mark 80%).")
    assert "scores 25%, 50%" in text and "(boss)" in text
    assert page.get_by_role("alert").count() == 1, "the result, not the refusal's copy of it too"
    assert page.locator("main.task-screen").count() == 0
