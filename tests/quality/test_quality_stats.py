"""Quality statistics against values computed by hand on small cases, and the batched
computations against the reference implementations (scipy's kendalltau, krippendorff on the
annotator x unit matrix) on random data."""

import math

import krippendorff
import numpy as np
import pytest
from scipy.stats import kendalltau

from annotation.models import Annotation
from annotation.quality import project_quality
from annotation.services.review import review_annotation
from tests.factories import make_group, make_project, make_user

from .helpers import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_of_three():
    a, b, c, rita = make_user("a"), make_user("b"), make_user("c"), make_user("rita")
    project = make_project(
        members={a: "annotator", b: "annotator", c: "annotator", rita: "reviewer"}, annotations_per_group=3
    )
    return project, a, b, c, rita


def annotator_figures(quality, user):
    return next(row for row in quality["annotators"] if row["id"] == user.pk)


def test_perfect_agreement_gives_alpha_one_and_tau_one(project_of_three):
    project, a, b, _, _ = project_of_three
    for slots in ([1, 2, 3, 4], [2, 1, 3, 3]):
        group = make_group(project, k=4, needed=2)
        annotate(group, a, slots)
        annotate(group, b, slots)

    quality = project_quality(project=project)

    assert [(r["dimension"], r["alpha"], r["units"]) for r in quality["ratings"]] == [
        ("overall", 1.0, 8),
        ("alignment", 1.0, 8),
        ("fidelity", 1.0, 8),
    ]
    assert quality["ranking"]["kendall_tau_b"] == pytest.approx(1.0)
    assert quality["ranking"]["annotation_pairs"] == 2
    assert quality["ranking"]["pairwise_agreement"] == 1.0
    assert quality["ranking"]["compared_pairs"] == 6 + 5
    assert quality["overlap"] == {"groups": 2, "annotations": 4}


def test_ordinal_alpha_of_a_known_disagreement(project_of_three):
    # Image 1 rated 1 and 1, image 2 rated 2 and 3. By hand: values n1=2, n2=1, n3=1 (n=4);
    # ordinal distances d(1,2)=2.25, d(2,3)=1, d(1,3)=6.25; observed disagreement
    # (1/4)(1+1) = 0.5; expected (2/12)(2*2.25 + 2*6.25 + 1) = 3; alpha = 1 - 0.5/3 = 5/6.
    project, a, b, _, _ = project_of_three
    group = make_group(project, k=2, needed=2)
    annotate(group, a, [2, 1], ratings=[1, 2])
    annotate(group, b, [2, 1], ratings=[1, 3])

    quality = project_quality(project=project)

    assert quality["ratings"][0]["alpha"] == pytest.approx(5 / 6)


def test_rankings_of_three_annotators_with_one_dissent(project_of_three):
    # a and b rank 1,2,3; c swaps the last two. Image pairs (0,1), (0,2), (1,2):
    # tau-b (a,b) = 1, (a,c) = (b,c) = (2 - 1)/3, mean 5/9; pairwise agreement 7 of 9;
    # majority (leave-one-out): a and b agree on 2 of 2 (on (1,2) the others split), c on 2 of 3.
    project, a, b, c, _ = project_of_three
    group = make_group(project, k=3)
    for who, slots in ((a, [1, 2, 3]), (b, [1, 2, 3]), (c, [1, 3, 2])):
        annotate(group, who, slots)

    quality = project_quality(project=project)

    ranking = quality["ranking"]
    assert ranking["kendall_tau_b"] == pytest.approx(5 / 9)
    assert (ranking["pairwise_agreement"], ranking["compared_pairs"]) == (pytest.approx(7 / 9), 9)
    assert (ranking["majority_agreement"], ranking["majority_votes"]) == (pytest.approx(6 / 7), 7)
    assert annotator_figures(quality, a)["pairwise_agreement"] == pytest.approx(5 / 6)
    assert annotator_figures(quality, c)["pairwise_agreement"] == pytest.approx(4 / 6)
    assert annotator_figures(quality, c)["majority_agreement"] == pytest.approx(2 / 3)
    assert annotator_figures(quality, a)["majority_agreement"] == 1.0


def test_tau_b_counts_ties(project_of_three):
    # 1,2,3,4 against 1,1,2,3: 5 concordant, 0 discordant, 6 and 5 untied pairs: 5 / sqrt(30).
    project, a, b, _, _ = project_of_three
    group = make_group(project, k=4, needed=2)
    annotate(group, a, [1, 2, 3, 4])
    annotate(group, b, [1, 1, 2, 3])

    quality = project_quality(project=project)

    assert quality["ranking"]["kendall_tau_b"] == pytest.approx(5 / math.sqrt(30))
    assert quality["ranking"]["pairwise_agreement"] == 1.0


def test_rejected_annotations_and_single_annotations_do_not_count_towards_agreement(project_of_three):
    project, a, b, c, rita = project_of_three
    group = make_group(project, k=3)
    annotate(group, a, [1, 2, 3])
    annotate(group, b, [1, 2, 3])
    dissent = annotate(group, c, [3, 2, 1])
    annotate(make_group(project, k=3), a, [3, 2, 1])  # no second opinion on this group

    review_annotation(annotation=dissent, reviewer=rita, decision="reject")
    quality = project_quality(project=project)

    assert quality["overlap"] == {"groups": 1, "annotations": 2}
    assert quality["ranking"]["kendall_tau_b"] == pytest.approx(1.0)
    assert quality["annotations"] == {"total": 4, "submitted": 3, "accepted": 0, "rejected": 1}
    assert annotator_figures(quality, c)["share_rejected"] == 1.0
    assert annotator_figures(quality, c)["pairwise_agreement"] is None


def test_gold_accuracy_is_the_mean_agreement_with_gold_rankings(project_of_three):
    # Gold 1,2,3 has 3 non-tied pairs: a matches all (1.0), b swaps one pair (2/3).
    project, a, b, _, _ = project_of_three
    gold = make_group(project, k=3, needed=2, gold_ranking=[1, 2, 3])
    annotate(gold, a, [1, 2, 3])
    annotate(gold, b, [2, 1, 3])
    annotate(make_group(project, k=3), b, [1, 2, 3])  # not gold: no gold figure

    quality = project_quality(project=project)

    assert quality["gold"] == {"accuracy": pytest.approx(5 / 6), "annotations": 2}
    assert annotator_figures(quality, a)["gold_accuracy"] == 1.0
    assert (annotator_figures(quality, b)["gold_accuracy"], annotator_figures(quality, b)["gold_annotations"]) == (
        pytest.approx(2 / 3),
        1,
    )


def test_per_annotator_counts_and_median_time(project_of_three):
    project, a, b, _, rita = project_of_three
    for time_spent_ms in (1000, 8000, 3000, 2000):
        annotate(make_group(project, k=2), a, [1, 2], time_spent_ms=time_spent_ms)
    review_annotation(annotation=Annotation.objects.filter(annotator=a).first(), reviewer=rita, decision="reject")
    review_annotation(annotation=Annotation.objects.filter(annotator=a).last(), reviewer=rita, decision="accept")

    row = annotator_figures(project_quality(project=project), a)

    assert (row["username"], row["annotations"], row["submitted"], row["accepted"], row["rejected"]) == (
        "a",
        4,
        2,
        1,
        1,
    )
    assert row["share_rejected"] == 0.25
    assert row["median_time_spent_ms"] == 2500
    assert all(r["id"] != b.pk for r in project_quality(project=project)["annotators"])


def test_alpha_is_undefined_when_every_rating_is_the_same(project_of_three):
    project, a, b, _, _ = project_of_three
    group = make_group(project, k=2, needed=2)
    annotate(group, a, [1, 1], ratings=[4, 4])
    annotate(group, b, [1, 1], ratings=[4, 4])

    quality = project_quality(project=project)

    assert quality["ratings"][0]["alpha"] is None
    assert quality["ranking"]["kendall_tau_b"] is None  # everything tied: tau-b is undefined


def test_an_empty_project_has_no_figures_yet():
    quality = project_quality(project=make_project())

    assert quality["ranking"]["kendall_tau_b"] is None
    assert [r["alpha"] for r in quality["ratings"]] == [None, None, None]
    assert quality["gold"] == {"accuracy": None, "annotations": 0}
    assert quality["annotators"] == []


def test_batched_figures_match_the_reference_implementations_on_random_groups():
    """Groups of several shapes (2..4 annotators, 2..5 images) with random slots and ratings:
    tau-b against scipy.stats.kendalltau pair by pair, alpha against krippendorff on the full
    annotator x image matrix."""
    rng = np.random.default_rng(7)
    annotators = [make_user() for _ in range(5)]
    project = make_project(members={user: "annotator" for user in annotators}, annotations_per_group=4)
    taus, matrix_columns = [], []
    for _ in range(12):
        k, m = int(rng.integers(2, 6)), int(rng.integers(2, 5))
        group = make_group(project, k=k, needed=m)
        who = rng.choice(len(annotators), size=m, replace=False)
        rankings = [rng.integers(1, 4, size=k).tolist() for _ in range(m)]
        ratings = [rng.integers(1, 8, size=k).tolist() for _ in range(m)]
        for index, person in enumerate(who):
            annotate(group, annotators[person], rankings[index], ratings=ratings[index])
        for x in range(m):
            for y in range(x + 1, m):
                tau = kendalltau(rankings[x], rankings[y]).statistic
                if not np.isnan(tau):
                    taus.append(tau)
        for image in range(k):
            column = np.full(len(annotators), np.nan)
            column[who] = [ratings[index][image] for index in range(m)]
            matrix_columns.append(column)

    quality = project_quality(project=project)

    assert quality["ranking"]["kendall_tau_b"] == pytest.approx(np.mean(taus))
    assert quality["ranking"]["annotation_pairs"] == len(taus)
    expected_alpha = krippendorff.alpha(
        reliability_data=np.stack(matrix_columns, axis=1),
        value_domain=list(range(1, 8)),
        level_of_measurement="ordinal",
    )
    assert quality["ratings"][0]["alpha"] == pytest.approx(expected_alpha)
