"""Auto-pause and resume: simulated annotators with known noise (the noisy one is paused, the
careful ones are not), what a pause does (no new leases, held leases returned, a refusal that
says why and who can resume, work in the review queue), and the manager's audited resume."""

import pytest

from annotation import synthetic
from annotation.models import AnnotatorPause, Lease, PromptGroup
from annotation.quality import review_queue
from annotation.services.assignment import next_task
from annotation.services.quality import pause_annotator, recompute_quality, resume_annotator
from tests.factories import make_group, make_project, make_user

from .helpers import annotate, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = {name: make_user(name) for name in ["careful", "steady", "noisy", "max", "rita"]}
    project = make_project(
        members={
            people["careful"]: "annotator",
            people["steady"]: "annotator",
            people["noisy"]: "annotator",
            people["max"]: "manager",
            people["rita"]: "reviewer",
        },
        annotations_per_group=3,
    )
    return project, people


def simulate(project, people, *, groups=14, gold=6):
    """Every annotator judges `groups` synthetic groups of four images and `gold` gold groups, as
    SimulatedAnnotator with its noise sees them: careful 0.2, steady 0.4, noisy 4.0."""
    noise = {"careful": 0.2, "steady": 0.4, "noisy": 4.0}
    simulated = {
        name: synthetic.SimulatedAnnotator(noise=level, seed=n) for n, (name, level) in enumerate(noise.items())
    }
    drawn = synthetic.generate_groups(groups + gold, seed=3, k_range=(4, 4), size=16)
    for index, truth in enumerate(drawn):
        is_gold = index >= groups
        group = make_group(
            project,
            k=4,
            prompt=truth.prompt,
            gold_ranking=truth.true_ranking(slots=4, max_per_slot=1) if is_gold else None,
        )
        for name, annotator in simulated.items():
            judged = annotator.judge(truth, slots=4, max_per_slot=1)
            annotate(group, people[name], judged.slots, ratings=judged.ratings)


def test_the_noisy_simulated_annotator_is_paused_and_the_careful_ones_are_not(team):
    project, people = team
    project.gold_accuracy_bar, project.agreement_bar = 0.7, 0.6
    project.save()
    simulate(project, people)

    recompute_quality(project=project)

    paused = AnnotatorPause.objects.filter(project=project, resumed_at__isnull=True)
    assert [pause.annotator.username for pause in paused] == ["noisy"]
    assert paused[0].paused_by is None
    assert paused[0].rule in {"gold_accuracy", "agreement"}


def test_without_bars_nobody_is_paused(team):
    project, people = team
    simulate(project, people)

    report = recompute_quality(project=project)

    assert not AnnotatorPause.objects.exists()
    noisy = next(row for row in report.figures["annotators"] if row["username"] == "noisy")
    assert noisy["flags"], "the rules still flag the noisy annotator for review"
    assert not any(flag["pauses"] for flag in noisy["flags"])


def test_a_paused_annotator_gets_no_task_and_is_told_why_and_who_can_resume(team):
    project, people = team
    make_group(project, k=2)
    pause_annotator(
        project=project, annotator=people["noisy"], rule="manual", reason="random clicks", paused_by=people["max"]
    )

    response = client_for(people["noisy"]).post(f"/api/v1/projects/{project.pk}/next-task/", {}, format="json")

    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("annotator", "paused")
    assert "random clicks" in error["message"] and "max" in error["message"]


def test_pausing_gives_back_the_groups_the_annotator_holds(team):
    project, people = team
    group = make_group(project, k=2)
    lease = next_task(project=project, annotator=people["noisy"])
    assert lease.group_id == group.pk

    pause_annotator(project=project, annotator=people["noisy"], rule="agreement", reason="low agreement")

    assert not Lease.objects.filter(annotator=people["noisy"]).exists()
    assert PromptGroup.objects.get(pk=group.pk).lease_count == 0
    assert next_task(project=project, annotator=people["careful"]).group_id == group.pk


def test_a_manager_resumes_and_the_resume_is_audited(team):
    project, people = team
    make_group(project, k=2)
    pause_annotator(project=project, annotator=people["noisy"], rule="gold_accuracy", reason="gold 40%")

    response = client_for(people["max"]).post(
        f"/api/v1/projects/{project.pk}/annotators/{people['noisy'].pk}/resume/", {"note": "retrained"}, format="json"
    )

    assert response.status_code == 200
    pause = AnnotatorPause.objects.get(annotator=people["noisy"])
    assert (pause.resumed_by, pause.resume_note) == (people["max"], "retrained")
    assert pause.resumed_at is not None
    assert next_task(project=project, annotator=people["noisy"]) is not None


def test_a_reviewer_may_not_resume(team):
    project, people = team
    pause_annotator(project=project, annotator=people["noisy"], rule="manual", reason="x")

    response = client_for(people["rita"]).post(
        f"/api/v1/projects/{project.pk}/annotators/{people['noisy'].pk}/resume/", {"note": "ok"}, format="json"
    )

    assert response.status_code == 403
    assert AnnotatorPause.objects.get().resumed_at is None


@pytest.mark.parametrize("body, field, rule", [({}, "note", "required"), ({"note": "   "}, "note", "blank")])
def test_a_resume_without_a_reason_is_refused(team, body, field, rule):
    project, people = team
    pause_annotator(project=project, annotator=people["noisy"], rule="manual", reason="x")

    response = client_for(people["max"]).post(
        f"/api/v1/projects/{project.pk}/annotators/{people['noisy'].pk}/resume/", body, format="json"
    )

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [(field, rule)]
    assert AnnotatorPause.objects.get().resumed_at is None


def test_resuming_one_who_is_not_paused_is_a_conflict(team):
    project, people = team

    response = client_for(people["max"]).post(
        f"/api/v1/projects/{project.pk}/annotators/{people['noisy'].pk}/resume/", {"note": "ok"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["rule"] == "not_paused"


def test_an_unknown_annotator_is_a_404_naming_the_field(team):
    project, people = team

    response = client_for(people["max"]).post(
        f"/api/v1/projects/{project.pk}/annotators/{people['rita'].pk}/pause/", {"reason": "x"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "annotator"
    assert not AnnotatorPause.objects.exists()


def test_after_a_resume_the_same_data_does_not_pause_again(team):
    project, people = team
    project.gold_accuracy_bar, project.agreement_bar = 0.7, 0.6
    project.save()
    simulate(project, people)
    recompute_quality(project=project)
    resume_annotator(project=project, annotator=people["noisy"], resumed_by=people["max"], note="second chance")

    recompute_quality(project=project)

    assert not AnnotatorPause.objects.filter(resumed_at__isnull=True).exists()
    # New work after the resume is judged again.
    group = make_group(project, k=4, prompt="new")
    annotate(group, people["noisy"], [4, 3, 2, 1])
    recompute_quality(project=project)
    assert AnnotatorPause.objects.filter(annotator=people["noisy"], resumed_at__isnull=True).exists()


def test_the_review_queue_leads_with_a_paused_annotators_work_then_samples(team):
    project, people = team
    project.review_sample_rate = 0.5
    project.save()
    work = {
        name: [annotate(make_group(project, k=2, prompt=f"{name} {n}"), people[name], [1, 2]) for n in range(20)]
        for name in ["careful", "noisy"]
    }
    pause_annotator(project=project, annotator=people["noisy"], rule="manual", reason="x")

    queue = list(review_queue(project=project, reviewer=people["rita"]))

    reasons = [(a.annotator.username, a.queue_reason) for a in queue]
    assert reasons[:20] == [("noisy", "paused")] * 20
    sampled = [a for a in queue[20:] if a.annotator == people["careful"]]
    assert {a.queue_reason for a in sampled} == {"sampled"}
    assert 4 <= len(sampled) <= 16  # about half of the careful annotator's 20
    assert len(work["careful"]) == 20


def test_the_review_queue_is_empty_without_sampling_pauses_or_flags(team):
    project, people = team
    annotate(make_group(project, k=2), people["careful"], [1, 2])

    assert list(review_queue(project=project, reviewer=people["rita"])) == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"gold_accuracy_bar": 1.5}, "gold_accuracy_bar"),
        ({"agreement_bar": -0.1}, "agreement_bar"),
        ({"review_sample_rate": 2}, "review_sample_rate"),
        ({"gold_window": 0}, "gold_window"),
        ({"review_reasons": ["ok", "ok"]}, "review_reasons"),
    ],
)
def test_bad_quality_settings_are_refused_naming_the_field(team, change, field):
    project, people = team

    response = client_for(people["max"]).patch(f"/api/v1/projects/{project.pk}/", change, format="json")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    project.refresh_from_db()
    assert project.gold_accuracy_bar is None and project.review_sample_rate == 0.0


def test_the_bars_can_be_set_and_turned_off(team):
    project, people = team
    client = client_for(people["max"])

    client.patch(f"/api/v1/projects/{project.pk}/", {"gold_accuracy_bar": 0.8}, format="json")
    project.refresh_from_db()
    assert project.gold_accuracy_bar == 0.8
    client.patch(f"/api/v1/projects/{project.pk}/", {"gold_accuracy_bar": None}, format="json")
    project.refresh_from_db()
    assert project.gold_accuracy_bar is None
