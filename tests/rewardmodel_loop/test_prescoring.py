"""Pre-scoring open groups with production, and a queue that offers the groups the model is
least sure about first."""

import pytest

from annotation.services.assignment import next_task
from rewardmodel.models import GroupPrediction
from rewardmodel.services.prescoring import prescore_open_groups, uncertainty
from tests.factories import make_group

from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db


def test_uncertainty_is_highest_when_the_model_cannot_tell_images_apart():
    assert uncertainty([0.3, 0.3, 0.3]) == pytest.approx(1.0)
    assert uncertainty([5.0, 0.0, -5.0]) < uncertainty([0.2, 0.0, -0.2]) < 1.0
    assert uncertainty([1.0]) == 0.0


def test_prescoring_sets_priorities_and_the_queue_serves_the_least_certain_group_first():
    project = loop_project(order_queue_by_uncertainty=True)
    version = ready_version(project, production=True)
    groups = [make_group(project, k=3, prompt=f"a red circle {n}") for n in range(4)]
    gold = make_group(project, k=2, gold_ranking=[1, 2], priority=7)

    assert prescore_open_groups(project=project) == 4

    predictions = {p.group_id: p for p in GroupPrediction.objects.filter(version=version)}
    assert set(predictions) == {g.pk for g in groups}
    for group in groups:
        group.refresh_from_db()
        assert group.priority == round(1000 * predictions[group.pk].uncertainty)
    gold.refresh_from_db()
    assert gold.priority == 7
    most_uncertain = max(groups, key=lambda g: (g.priority, -g.pk))
    lease = next_task(project=project, annotator=project.annotator)
    assert lease.group_id == most_uncertain.pk
    assert prescore_open_groups(project=project) == 0  # already scored by this version


def test_prescoring_without_queue_ordering_keeps_priorities():
    project = loop_project(order_queue_by_uncertainty=False)
    ready_version(project, production=True)
    group = make_group(project, k=3, priority=3)
    assert prescore_open_groups(project=project) == 1
    group.refresh_from_db()
    assert group.priority == 3 and GroupPrediction.objects.filter(group=group).exists()
