"""The metrics of a reward model on ranked prompt groups, defined in words (`DEFINITIONS`, written
into every report so that a number never travels without its definition) and computed from one
raw score per image and the human ranking, in plain Python: `evaluate.py` scores the images with
a model and hands them here; the web side reads the definitions without loading torch.
"""

import math
from collections.abc import Sequence

DEFINITIONS = {
    "preference_accuracy": (
        "ImageReward's definition: over all non-tied human pairs of all groups (micro-average), the share "
        "where the model scores the better image strictly higher; a model tie counts as wrong. Human-tied "
        "pairs are left out."
    ),
    "preference_accuracy_per_prompt": (
        "The same share computed inside each group that has at least one non-tied pair, then averaged over "
        "those groups (each prompt weighs the same)."
    ),
    "loss": (
        "Mean over all non-tied human pairs of -log sigmoid(r_better - r_worse) on raw (unnormalised) "
        "rewards: the training objective, ln 2 = 0.693 for a constant model."
    ),
    "recall_at_k": (
        "Share of groups, among those with more than k images whose slots are not all equal, where the "
        "model's k highest-scored images include at least one image of the human best slot (the paper's "
        "'pick the best': R@k). Model ties are broken by image order."
    ),
    "filter_at_k": (
        "Share of the same groups where the model's k lowest-scored images include at least one image of "
        "the human worst slot (the paper's 'avoid the worst': F@k). The paper reports both on groups of 8 "
        "images; groups of other sizes count here when they have more than k images, see groups_at_k."
    ),
}


def preference_report(
    scores: Sequence[Sequence[float]], rankings: Sequence[Sequence[int]], *, ks: Sequence[int] = (1, 2, 4)
) -> dict:
    """The metrics of `DEFINITIONS` for groups given as per-image scores and slots."""
    if len(scores) != len(rankings):
        raise ValueError(f"{len(scores)} score lists for {len(rankings)} rankings")
    pairs = correct = 0
    loss_sum = 0.0
    per_prompt = []
    recall = {k: [0, 0] for k in ks}  # k -> [hits, groups]
    filtered = {k: [0, 0] for k in ks}
    for group_scores, ranking in zip(scores, rankings):
        s = [float(x) for x in group_scores]
        if len(s) != len(ranking):
            raise ValueError(f"a group has {len(s)} scores for {len(ranking)} slots")
        group_pairs = group_correct = 0
        for i in range(len(s)):
            for j in range(len(s)):
                if ranking[i] < ranking[j]:  # i is better than j
                    group_pairs += 1
                    group_correct += s[i] > s[j]
                    loss_sum += _softplus(s[j] - s[i])
        pairs += group_pairs
        correct += group_correct
        if group_pairs:
            per_prompt.append(group_correct / group_pairs)
        if len(set(ranking)) < 2:
            continue
        best, worst = min(ranking), max(ranking)
        order = sorted(range(len(s)), key=lambda i: (-s[i], i))  # model's best first
        for k in ks:
            if len(s) > k:
                recall[k][1] += 1
                recall[k][0] += any(ranking[i] == best for i in order[:k])
                filtered[k][1] += 1
                filtered[k][0] += any(ranking[i] == worst for i in order[-k:])
    return {
        "preference_accuracy": correct / pairs if pairs else None,
        "preference_accuracy_per_prompt": sum(per_prompt) / len(per_prompt) if per_prompt else None,
        "loss": loss_sum / pairs if pairs else None,
        "recall_at_k": {str(k): hits / n if n else None for k, (hits, n) in recall.items()},
        "filter_at_k": {str(k): hits / n if n else None for k, (hits, n) in filtered.items()},
        "groups_at_k": {str(k): n for k, (_, n) in recall.items()},
        "n_groups": len(rankings),
        "n_images": sum(len(r) for r in rankings),
        "n_pairs": pairs,
        "n_correct": correct,
    }


def _softplus(x: float) -> float:
    """log(1 + e^x) = -log sigmoid(-x), without overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))
