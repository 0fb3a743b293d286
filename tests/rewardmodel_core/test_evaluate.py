import math

import pytest

from rewardmodel.core import DEFINITIONS, preference_report


def test_accuracy_is_micro_averaged_over_non_tied_pairs():
    report = preference_report(
        scores=[[3.0, 2.0, 1.0], [0.0, 1.0]],
        rankings=[[1, 2, 3], [1, 2]],  # group 1: 3 pairs all right; group 2: 1 pair wrong
    )
    assert report["n_pairs"] == 4
    assert report["preference_accuracy"] == 3 / 4
    assert report["preference_accuracy_per_prompt"] == (1.0 + 0.0) / 2


def test_human_ties_are_left_out_and_model_ties_count_as_wrong():
    report = preference_report(scores=[[1.0, 1.0, 0.0]], rankings=[[1, 1, 2]])
    # pairs: (0,1) tied by the humans: skipped; (0,2) right; (1,2) right
    assert report["n_pairs"] == 2 and report["preference_accuracy"] == 1.0
    report = preference_report(scores=[[0.5, 0.5]], rankings=[[1, 2]])
    assert report["preference_accuracy"] == 0.0


def test_loss_is_the_mean_pairwise_logistic_loss():
    report = preference_report(scores=[[1.0, 0.0], [0.0, 0.0]], rankings=[[1, 2], [2, 1]])
    expected = (math.log1p(math.exp(-1.0)) + math.log(2)) / 2
    assert report["loss"] == pytest.approx(expected)


def test_recall_at_k_asks_whether_the_models_top_k_holds_a_human_best_image():
    scores = [[0.1, 0.9, 0.5, 0.3, 0.2]]  # model order: 1, 2, 3, 4, 0
    rankings = [[1, 3, 2, 4, 5]]  # human best: image 0, worst: image 4
    report = preference_report(scores, rankings, ks=(1, 4))
    assert report["recall_at_k"] == {"1": 0.0, "4": 0.0}  # image 0 is the model's last
    assert report["filter_at_k"] == {"1": 0.0, "4": 1.0}  # image 4 is among the model's last 4, not last 1
    assert report["groups_at_k"] == {"1": 1, "4": 1}


def test_recall_and_filter_skip_groups_too_small_for_k():
    report = preference_report([[1.0, 0.0, 0.5]], [[1, 3, 2]], ks=(1, 4))
    assert report["recall_at_k"] == {"1": 1.0, "4": None}
    assert report["filter_at_k"]["1"] == 1.0
    assert report["groups_at_k"] == {"1": 1, "4": 0}


def test_every_reported_metric_has_a_definition():
    assert {"preference_accuracy", "preference_accuracy_per_prompt", "loss", "recall_at_k", "filter_at_k"} <= set(
        DEFINITIONS
    )
