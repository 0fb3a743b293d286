"""Evaluation of a reward model on ranked prompt groups, with the definitions it uses spelled out.

Every number of the report is computed from one raw score per image (the model's output before
normalisation; normalisation changes no ranking) and the human ranking (slot per image, 1 = best,
equal slots tie). `DEFINITIONS` is written into every report so that a number never travels
without its definition.
"""

import json
import math
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from .data import GroupDataset, PromptGroup, collate_groups

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


@torch.inference_mode()
def score_groups(
    model,
    groups: Sequence[PromptGroup] | GroupDataset,
    *,
    groups_per_batch: int = 8,
    autocast_dtype: torch.dtype | None = None,
    num_workers: int = 0,
) -> list[torch.Tensor]:
    """Raw scores of every image of every group, one batched pass, in group order."""
    dataset = (
        groups
        if isinstance(groups, GroupDataset)
        else GroupDataset(
            groups, model.tokenizer, model.config.image_size, model.config.image_mean, model.config.image_std
        )
    )
    loader = DataLoader(dataset, batch_size=groups_per_batch, collate_fn=collate_groups, num_workers=num_workers)
    device = next(model.parameters()).device
    autocast = torch.autocast(device.type, dtype=autocast_dtype) if autocast_dtype is not None else nullcontext()
    was_training = model.training
    model.eval()
    out = []
    try:
        for batch in loader:
            with autocast:
                raw = model(
                    batch["pixel_values"].to(device),
                    batch["input_ids"].to(device),
                    batch["attention_mask"].to(device),
                    batch["text_index"].to(device),
                )
            out += list(raw.float().cpu().split(batch["group_sizes"].tolist()))
    finally:
        model.train(was_training)
    return out


def evaluate(model, groups: Sequence[PromptGroup] | GroupDataset, *, ks=(1, 2, 4), **score_kwargs) -> dict:
    """Score the groups and report the metrics with their definitions."""
    group_list = groups.groups if isinstance(groups, GroupDataset) else list(groups)
    scores = score_groups(model, groups, **score_kwargs)
    report = preference_report([s.tolist() for s in scores], [g.ranking for g in group_list], ks=ks)
    report["definitions"] = DEFINITIONS
    return report


def write_report(report: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path
