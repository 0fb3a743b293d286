"""The production reward model as a second reviewer: its agreement with each annotator against
hand-computed figures, the groups where it disagrees most entering the review queue (and leaving
it once reviewed), the dashboard's and review screen's reads, and the measurement as a worker
runs it with a tiny real model."""

import math

import pytest
from rest_framework.test import APIClient

from annotation.models import ModelAgreement, ModelDisagreement
from annotation.quality import review_queue
from annotation.services.quality import pause_annotator, recompute_quality
from annotation.services.review import review_annotation
from config.celery import app
from rewardmodel import dispatch
from rewardmodel.models import GroupPrediction
from rewardmodel.services.model_agreement import measure_model_agreement, projects_needing_measurement
from rewardmodel.services.promotion import promote_version
from rewardmodel.tasks import periodic_check
from tests.factories import make_group, make_project, make_user
from tests.quality.helpers import annotate

from .helpers import annotate as annotate_synthetic
from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def predict(group, version, scores):
    """The model's scores of the group's images (position order), as if it had scored them."""
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    return GroupPrediction.objects.create(
        group=group, version=version, scores={str(i): s for i, s in zip(image_ids, scores)}, uncertainty=0.5
    )


@pytest.fixture
def team():
    """Two annotators and a reviewer; groups A (3 images), B (2) and C (3), each with given model
    scores, and a gold group."""
    people = {name: make_user(name) for name in ("ann", "bea", "rita")}
    project = make_project(
        members={people["ann"]: "annotator", people["bea"]: "annotator", people["rita"]: "reviewer"},
        annotations_per_group=2,
    )
    version = ready_version(project, production=True)
    a, b, c = (make_group(project, k=k, prompt=f"group {name}") for name, k in (("a", 3), ("b", 2), ("c", 3)))
    gold = make_group(project, k=2, gold_ranking=[1, 2])
    predict(a, version, [2.0, 1.0, 0.0])  # the model: x > y > z
    predict(b, version, [0.5, 0.5])  # the model cannot tell them apart
    predict(c, version, [0.0, 0.0, 3.0])  # the model: r best
    predict(gold, version, [0.0, 5.0])  # never read: gold groups are measured by their gold ranking
    work = {
        "ann A": annotate(a, people["ann"], [1, 2, 3]),  # x>y, x>z, y>z: all three as the model
        "bea A": annotate(a, people["bea"], [3, 1, 2]),  # y>x (against, d=-1), y>z (with), z>x (against, d=-2)
        "ann B": annotate(b, people["ann"], [1, 2]),  # u>v: the model ties them, so not agreed
        "bea B": annotate(b, people["bea"], [1, 1]),  # a tie: left out
        "ann C": annotate(c, people["ann"], [1, 1, 2]),  # p=q left out; p>r, q>r both against (d=-3)
        "ann gold": annotate(gold, people["ann"], [2, 1]),
    }
    return {**people, "project": project, "version": version, "a": a, "b": b, "c": c, "work": work}


def test_agreement_is_the_share_of_each_annotators_non_tied_comparisons_the_model_orders_alike(team):
    agreement = measure_model_agreement(project=team["project"])

    rows = {row["id"]: row for row in agreement.figures["annotators"]}
    assert (rows[team["ann"].pk]["agreed"], rows[team["ann"].pk]["compared"]) == (3, 6)
    assert rows[team["ann"].pk]["agreement"] == pytest.approx(0.5)
    assert (rows[team["bea"].pk]["agreed"], rows[team["bea"].pk]["compared"]) == (1, 3)
    assert agreement.figures["agreement"] == pytest.approx(4 / 9)
    assert agreement.version_number == team["version"].number
    assert (agreement.figures["groups"], agreement.figures["contradicted_groups"]) == (3, 2)


def test_the_groups_of_most_confident_disagreement_come_first(team):
    measure_model_agreement(project=team["project"])

    rows = list(ModelDisagreement.objects.filter(project=team["project"]))
    assert [(r.rank, r.group_id, r.contradicted, r.compared) for r in rows] == [
        (1, team["c"].pk, 2, 2),
        (2, team["a"].pk, 2, 6),
    ]
    assert rows[0].disagreement == pytest.approx(math.tanh(1.5))
    assert rows[1].disagreement == pytest.approx((math.tanh(0.5) + math.tanh(1.0)) / 6)


def test_only_the_setting_s_number_of_groups_is_kept(team, settings):
    settings.MODEL_DISAGREEMENT_GROUPS = 1
    measure_model_agreement(project=team["project"])
    assert list(ModelDisagreement.objects.values_list("group_id", flat=True)) == [team["c"].pk]


def test_disagreement_groups_enter_the_review_queue_after_paused_work_and_leave_it_once_reviewed(team):
    project, work = team["project"], team["work"]
    assert list(review_queue(project=project, reviewer=team["rita"])) == []
    measure_model_agreement(project=project)
    pause_annotator(project=project, annotator=team["bea"], rule="manual", reason="checking")

    queue = [(a.pk, a.queue_reason) for a in review_queue(project=project, reviewer=team["rita"])]

    # bea is paused, so her work leads; then the disagreement groups' submitted work, oldest first.
    # B (the model never contradicts it) and the gold group are not in the queue.
    assert queue == [
        (work["bea A"].pk, "paused"),
        (work["bea B"].pk, "paused"),
        (work["ann A"].pk, "model"),
        (work["ann C"].pk, "model"),
    ]
    review_annotation(annotation=work["ann C"], reviewer=team["rita"], decision="accept")
    after = [(a.pk, a.queue_reason) for a in review_queue(project=project, reviewer=team["rita"])]
    assert (work["ann C"].pk, "model") not in after and (work["ann A"].pk, "model") in after


def test_a_group_whose_work_is_all_reviewed_gives_its_place_to_the_next(team, settings):
    settings.MODEL_DISAGREEMENT_GROUPS = 1
    measure_model_agreement(project=team["project"])
    review_annotation(annotation=team["work"]["ann C"], reviewer=team["rita"], decision="accept")

    assert team["project"].pk in projects_needing_measurement()  # a review since the measurement
    measure_model_agreement(project=team["project"])

    assert list(ModelDisagreement.objects.values_list("group_id", flat=True)) == [team["a"].pk]
    assert team["project"].pk not in projects_needing_measurement()


def test_a_project_without_a_production_model_has_no_model_figures_and_its_queue_works():
    people = {name: make_user(name) for name in ("ann", "rita")}
    project = make_project(members={people["ann"]: "annotator", people["rita"]: "reviewer"}, review_sample_rate=1.0)
    annotation = annotate(make_group(project, k=3), people["ann"], [1, 2, 3])
    recompute_quality(project=project)

    assert measure_model_agreement(project=project) is None
    assert not ModelAgreement.objects.filter(project=project).exists()
    assert [(a.pk, a.queue_reason) for a in review_queue(project=project, reviewer=people["rita"])] == [
        (annotation.pk, "sampled")
    ]
    reviewer = client_for(people["rita"])
    report = reviewer.get(f"/api/v1/projects/{project.pk}/quality/report/").json()
    assert report["model"] is None
    assert report["figures"]["annotators"][0]["model_agreement"] is None
    page = reviewer.get(f"/api/v1/projects/{project.pk}/annotators/{people['ann'].pk}/").json()
    assert page["model"] is None
    scores = reviewer.get(f"/api/v1/projects/{project.pk}/groups/{annotation.group_id}/model-scores/").json()
    assert (scores["version"], scores["scores"], scores["disagreement"]) == (None, [], None)


def test_the_dashboard_the_annotator_page_and_the_queue_show_the_models_figures(team):
    project = team["project"]
    recompute_quality(project=project)
    measure_model_agreement(project=project)
    reviewer = client_for(team["rita"])

    report = reviewer.get(f"/api/v1/projects/{project.pk}/quality/report/").json()
    assert report["model"]["version_number"] == team["version"].number
    assert report["model"]["disagreement_groups"] == 2
    rows = {row["id"]: row for row in report["figures"]["annotators"]}
    assert rows[team["ann"].pk]["model_agreement"] == pytest.approx(0.5)
    assert rows[team["ann"].pk]["model_compared_pairs"] == 6
    page = reviewer.get(f"/api/v1/projects/{project.pk}/annotators/{team['bea'].pk}/").json()
    assert page["model"]["agreement"] == pytest.approx(1 / 3) and page["model"]["compared_pairs"] == 3
    assert page["figures"]["model_agreement"] == pytest.approx(1 / 3)
    queue = reviewer.get(f"/api/v1/projects/{project.pk}/review-queue/").json()["results"]
    assert {a["queue_reason"] for a in queue} == {"model"}


def test_the_review_screen_gets_the_models_scores_of_a_group_in_group_order(team):
    measure_model_agreement(project=team["project"])
    group = team["c"]

    answer = client_for(team["rita"]).get(f"/api/v1/projects/{team['project'].pk}/groups/{group.pk}/model-scores/")

    assert answer.status_code == 200
    body = answer.json()
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    assert body["version"]["number"] == team["version"].number
    assert [(s["image_id"], s["position"], s["score"]) for s in body["scores"]] == [
        (image_ids[0], 0, 0.0),
        (image_ids[1], 1, 0.0),
        (image_ids[2], 2, 3.0),
    ]
    assert (body["disagreement"]["rank"], body["disagreement"]["contradicted"]) == (1, 2)


def test_model_scores_are_for_reviewers_of_the_groups_project_only(team):
    project, group = team["project"], team["a"]
    path = f"/api/v1/projects/{project.pk}/groups/{group.pk}/model-scores/"
    assert client_for(team["ann"]).get(path).status_code == 403
    other_reviewer = make_user()
    other = make_project(members={other_reviewer: "reviewer"})
    assert client_for(other_reviewer).get(path).status_code == 404
    # A reviewer of another project asking through their own project for this project's group.
    answer = client_for(other_reviewer).get(f"/api/v1/projects/{other.pk}/groups/{group.pk}/model-scores/")
    assert answer.status_code == 404
    assert answer.json()["errors"] == [
        {"field": "group", "rule": "not_in_project", "message": f"group {group.pk} is not in this project"}
    ]


# --- as a worker runs it -------------------------------------------------------------------------


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_task_scores_the_annotated_groups_with_production_and_writes_the_figures(eager):
    project = loop_project()
    annotations = annotate_synthetic(project, 3, k=3)
    open_group = make_group(project, k=2, prompt="a red circle")  # not annotated: not scored
    version = ready_version(project, production=True)

    dispatch.enqueue_model_agreement(project.pk)

    scored = set(GroupPrediction.objects.filter(version=version).values_list("group_id", flat=True))
    assert scored == {a.group_id for a in annotations}
    assert open_group.pk not in scored
    agreement = ModelAgreement.objects.get(project=project)
    assert agreement.version_number == version.number
    (row,) = agreement.figures["annotators"]
    non_tied = sum(a.comparisons.filter(is_tie=False).count() for a in annotations)
    assert row["id"] == project.annotator.pk and row["compared"] == non_tied > 0
    assert agreement.figures["groups"] == 3


def test_a_promotion_has_the_new_production_version_measured(eager, django_capture_on_commit_callbacks):
    project = loop_project()
    annotate_synthetic(project, 2, k=3)
    first = ready_version(project, production=True, seed=1)
    second = ready_version(project, seed=2)
    measure_model_agreement(project=project)
    assert ModelAgreement.objects.get(project=project).version_number == first.number

    with django_capture_on_commit_callbacks(execute=True):
        promote_version(version=second, by=project.manager)

    assert ModelAgreement.objects.get(project=project).version_number == second.number
    assert GroupPrediction.objects.filter(version=second).count() == 2


def test_the_periodic_check_measures_again_after_new_work_only(eager):
    project = loop_project()
    annotate_synthetic(project, 1, k=3)
    ready_version(project, production=True)
    assert projects_needing_measurement() == [project.pk]

    periodic_check()
    first = ModelAgreement.objects.get(project=project).computed_at
    assert projects_needing_measurement() == []
    periodic_check()
    assert ModelAgreement.objects.get(project=project).computed_at == first

    annotate_synthetic(project, 1, k=3, seed=5)
    assert projects_needing_measurement() == [project.pk]
    periodic_check()
    agreement = ModelAgreement.objects.get(project=project)
    assert agreement.computed_at > first and agreement.figures["groups"] == 2
