"""The figures the quality console adds: Fleiss' kappa on flags, the annotator-pair matrix,
habits (ties, flags, straight-lining), rolling gold accuracy, daily and weekly windows, and the
outlier rules, each against values computed by hand; kappa also against a direct
implementation of Fleiss' formula on random data."""

import datetime

import numpy as np
import pytest
from django.utils import timezone

from annotation.models import Annotation
from annotation.quality import fleiss_kappa, project_quality
from tests.factories import make_group, make_project, make_user

from .helpers import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio():
    a, b, c = make_user("a"), make_user("b"), make_user("c")
    project = make_project(members={a: "annotator", b: "annotator", c: "annotator"}, annotations_per_group=3)
    return project, a, b, c


def figures_of(quality, user):
    return next(row for row in quality["annotators"] if row["id"] == user.pk)


def test_fleiss_kappa_of_a_known_table():
    # Units (flagged, not): (3,0) (0,3) (2,1) (1,2). P_i = 1, 1, 1/3, 1/3 (mean 2/3);
    # p = (1/2, 1/2), P_e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3.
    assert fleiss_kappa(np.array([[3, 0], [0, 3], [2, 1], [1, 2]])) == pytest.approx(1 / 3)


def test_fleiss_kappa_is_undefined_when_nobody_ever_flags():
    assert fleiss_kappa(np.array([[0, 3], [0, 3]])) is None


def test_fleiss_kappa_matches_the_textbook_formula_on_random_tables():
    rng = np.random.default_rng(7)
    for _ in range(20):
        raters = int(rng.integers(2, 6))
        flagged = rng.integers(0, raters + 1, size=30)
        table = np.stack([flagged, raters - flagged], axis=1)
        # Fleiss (1971), equal raters per unit.
        n, big_n = raters, table.shape[0]
        p_j = table.sum(axis=0) / (big_n * n)
        p_i = (np.square(table).sum(axis=1) - n) / (n * (n - 1))
        expected = (p_i.mean() - np.square(p_j).sum()) / (1 - np.square(p_j).sum())

        assert fleiss_kappa(table) == pytest.approx(expected)


def test_image_flag_kappa_of_three_annotators(trio):
    project, a, b, c = trio
    group = make_group(project, k=4)
    blurred = ["too blurred"]
    annotate(group, a, [1, 2, 3, 4], flags=[blurred, [], blurred, []])
    annotate(group, b, [1, 2, 3, 4], flags=[blurred, [], blurred, []])
    annotate(group, c, [1, 2, 3, 4], flags=[blurred, [], [], blurred])

    quality = project_quality(project=project)

    kappas = {row["flag"]: row for row in quality["flags"]["image"]}
    assert kappas["too blurred"]["kappa"] == pytest.approx(1 / 3)
    assert kappas["too blurred"]["units"] == 4
    assert kappas["too blurred"]["flagged"] == 6
    assert kappas["any"]["kappa"] == pytest.approx(1 / 3)
    assert kappas["sexual content"]["kappa"] is None


def test_prompt_flag_kappa_counts_groups_as_units(trio):
    project, a, b, c = trio
    unclear = ["intent unclear"]
    # Group 1: all three flag it; group 2: nobody does. Perfect agreement: kappa 1.
    for prompt_flags in (unclear, []):
        group = make_group(project, k=2)
        for who in (a, b, c):
            annotate(group, who, [1, 2], prompt_flags=prompt_flags)

    quality = project_quality(project=project)

    kappas = {row["flag"]: row for row in quality["flags"]["prompt"]}
    assert kappas["intent unclear"]["kappa"] == pytest.approx(1.0)
    assert kappas["intent unclear"]["units"] == 2


def test_pair_matrix_gives_pairwise_agreement_per_pair_of_annotators(trio):
    # a and b rank 1,2,3; c swaps the last two. Of the 3 image pairs: (a,b) agree on 3,
    # (a,c) and (b,c) on 2.
    project, a, b, c = trio
    group = make_group(project, k=3)
    for who, slots in ((a, [1, 2, 3]), (b, [1, 2, 3]), (c, [1, 3, 2])):
        annotate(group, who, slots)

    quality = project_quality(project=project)

    matrix = {(row["first"], row["second"]): row for row in quality["pairs"]}
    assert matrix[(a.pk, b.pk)]["pairwise_agreement"] == 1.0
    assert matrix[(a.pk, c.pk)]["pairwise_agreement"] == pytest.approx(2 / 3)
    assert matrix[(b.pk, c.pk)]["pairwise_agreement"] == pytest.approx(2 / 3)
    assert {row["groups"] for row in quality["pairs"]} == {1}
    assert {row["compared_pairs"] for row in quality["pairs"]} == {3}


def test_habits_count_ties_flags_and_straight_lining(trio):
    project, a, b, _ = trio
    group = make_group(project, k=4, needed=2)
    # a: slots 1,1,2,2 -> 2 of 6 pairs tied; one image of four flagged; ratings vary.
    annotate(group, a, [1, 1, 2, 2], ratings=[7, 7, 5, 5], flags=[["too blurred"], [], [], []])
    # b: everything in one slot, every image rated 4: 6 of 6 tied, straight-lined.
    annotate(group, b, [1, 1, 1, 1], ratings=[4, 4, 4, 4])

    quality = project_quality(project=project)

    first, second = figures_of(quality, a), figures_of(quality, b)
    assert (first["tie_rate"], first["flag_rate"], first["straight_lining"]) == (pytest.approx(2 / 6), 0.25, 0.0)
    assert (second["tie_rate"], second["flag_rate"], second["straight_lining"]) == (1.0, 0.0, 1.0)
    assert quality["project_habits"]["tie_rate"] == pytest.approx(8 / 12)


def test_rolling_gold_accuracy_reads_only_the_last_k_gold_groups(trio):
    project, a, _, _ = trio
    project.gold_window = 2
    project.save()
    # Oldest first: a wrong gold answer, then two right ones. The window of 2 sees only the right ones.
    for slots in ([3, 2, 1], [1, 2, 3], [1, 2, 3]):
        annotate(make_group(project, k=3, needed=1, gold_ranking=[1, 2, 3]), a, slots)

    row = figures_of(project_quality(project=project), a)

    assert row["gold_accuracy"] == pytest.approx(2 / 3)
    assert (row["rolling_gold_accuracy"], row["rolling_gold_annotations"]) == (1.0, 2)


def test_windows_split_agreement_by_day_and_week(trio):
    project, a, b, _ = trio
    monday = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))
    days = [monday, monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=7)]
    for when, (first, second) in zip(days, [([1, 2], [1, 2]), ([1, 2], [2, 1]), ([1, 2], [1, 2])]):
        group = make_group(project, k=2, needed=2)
        for who, slots in ((a, first), (b, second)):
            Annotation.objects.filter(pk=annotate(group, who, slots).pk).update(created_at=when)

    windows = project_quality(project=project)["windows"]

    assert [(w["start"], w["pairwise_agreement"]) for w in windows["daily"]] == [
        ("2026-11-30", 1.0),
        ("2026-12-01", 0.0),
        ("2026-12-07", 1.0),
    ]
    assert [(w["start"], w["pairwise_agreement"], w["compared_pairs"]) for w in windows["weekly"]] == [
        ("2026-11-30", 0.5, 2),
        ("2026-12-07", 1.0, 1),
    ]
    assert [w["majority_agreement"] for w in windows["annotators"][str(a.pk)]] == [0.5, 1.0]


def test_outlier_rules_name_the_rule_that_fired(trio):
    project, careful, hasty, _ = trio
    for n in range(6):
        group = make_group(project, k=4, needed=2, prompt=f"prompt {n}")
        annotate(group, careful, [1, 2, 3, 4], time_spent_ms=30_000)
        # Fast, all tied, all rated alike.
        annotate(group, hasty, [1, 1, 1, 1], ratings=[4, 4, 4, 4], time_spent_ms=2_000)

    quality = project_quality(project=project)

    assert figures_of(quality, careful)["flags"] == []
    rules = {flag["rule"] for flag in figures_of(quality, hasty)["flags"]}
    assert rules == {"median_time", "tie_rate", "straight_lining"}
    assert all(not flag["pauses"] for flag in figures_of(quality, hasty)["flags"])


def test_the_agreement_bar_makes_its_flag_a_pausing_one(trio):
    project, a, b, c = trio
    project.agreement_bar = 0.9
    project.save()
    for n in range(8):
        group = make_group(project, k=4, prompt=f"prompt {n}")
        annotate(group, a, [1, 2, 3, 4])
        annotate(group, b, [1, 2, 3, 4])
        annotate(group, c, [4, 3, 2, 1])

    quality = project_quality(project=project)

    flags = figures_of(quality, c)["flags"]
    assert [(flag["rule"], flag["pauses"], flag["reference"]) for flag in flags] == [("agreement", True, 0.9)]
    assert figures_of(quality, a)["flags"] == []
