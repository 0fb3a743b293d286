"""Which version is in production: the project's rule after evaluation, a manager's promotion,
rollback, and what the database refuses."""

import pytest
from django.db import IntegrityError, transaction

from annotation.errors import Conflict, Refused
from rewardmodel import selectors
from rewardmodel.models import ModelVersion, Promotion, PromotionAction, PromotionRule, VersionStatus
from rewardmodel.services.promotion import apply_promotion_rule, promote_version, promotion_verdict, rollback

from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "candidate, production, promoted",
    [
        (0.70, 0.70, True),
        (0.71, 0.70, True),
        (0.69, 0.70, False),
    ],
)
def test_not_below_production_compares_accuracy_on_the_same_held_out_set(candidate, production, promoted):
    verdict, why = promotion_verdict(
        rule=PromotionRule.NOT_BELOW_PRODUCTION,
        tolerance=0.0,
        candidate={"preference_accuracy": candidate},
        production={"preference_accuracy": production},
    )
    assert verdict is promoted
    assert f"{production:.4f}" in why


def test_tolerance_allows_a_small_drop():
    verdict, _ = promotion_verdict(
        rule=PromotionRule.NOT_BELOW_PRODUCTION,
        tolerance=0.02,
        candidate={"preference_accuracy": 0.69},
        production={"preference_accuracy": 0.70},
    )
    assert verdict


def test_first_version_is_promoted_unless_it_has_nothing_to_be_measured_on():
    assert promotion_verdict(
        rule=PromotionRule.NOT_BELOW_PRODUCTION, tolerance=0, candidate={"preference_accuracy": 0.5}, production=None
    )[0]
    assert not promotion_verdict(
        rule=PromotionRule.NOT_BELOW_PRODUCTION, tolerance=0, candidate={"preference_accuracy": None}, production=None
    )[0]


def test_manual_rule_never_promotes_and_always_rule_always_does():
    good, bad = {"preference_accuracy": 0.9}, {"preference_accuracy": 0.1}
    assert not promotion_verdict(rule=PromotionRule.MANUAL, tolerance=0, candidate=good, production=None)[0]
    assert promotion_verdict(rule=PromotionRule.ALWAYS, tolerance=0, candidate=bad, production=good)[0]


def test_rule_verdict_promotes_and_records_why():
    project = loop_project()
    old = ready_version(project, production=True)
    new = ready_version(project)
    apply_promotion_rule(version=new, promote=True, note="better")
    assert selectors.production_version(project) == new
    assert ModelVersion.objects.get(pk=old.pk).is_production is False
    entry = Promotion.objects.get(version=new)
    assert (entry.action, entry.previous, entry.note) == (PromotionAction.AUTO, old, "better")


def test_a_candidate_the_rule_keeps_out_leaves_production():
    project = loop_project()
    old = ready_version(project, production=True)
    new = ready_version(project)
    apply_promotion_rule(version=new, promote=False, note="worse")
    new.refresh_from_db()
    assert selectors.production_version(project) == old
    assert new.comparison == {"promoted": False, "verdict": "worse"}


def test_manager_promotes_a_candidate_but_not_an_unready_version():
    project = loop_project()
    ready_version(project, production=True)
    candidate = ready_version(project)
    promote_version(version=candidate, by=project.manager)
    assert selectors.production_version(project) == candidate
    failed = ModelVersion.objects.create(project=project, number=9, preset="tiny", status=VersionStatus.FAILED)
    with pytest.raises(Refused):
        promote_version(version=failed, by=project.manager)
    with pytest.raises(Conflict):
        promote_version(version=candidate, by=project.manager)


def test_rollback_walks_back_through_production_history():
    project = loop_project()
    v1 = ready_version(project, production=True)
    v2 = ready_version(project)
    v3 = ready_version(project)
    promote_version(version=v2, by=project.manager)
    promote_version(version=v3, by=project.manager)

    rollback(project=project, by=project.manager)
    assert selectors.production_version(project) == v2
    rollback(project=project, by=project.manager)
    assert selectors.production_version(project) == v1
    with pytest.raises(Conflict):
        rollback(project=project, by=project.manager)
    assert selectors.production_version(project) == v1


def test_database_holds_one_production_version_per_project():
    project = loop_project()
    ready_version(project, production=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.create(
            project=project, number=5, preset="tiny", status=VersionStatus.READY, is_production=True
        )


def test_database_refuses_an_unready_production_version():
    project = loop_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.create(
            project=project, number=1, preset="tiny", status=VersionStatus.TRAINING, is_production=True
        )
