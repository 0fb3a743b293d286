"""Evaluation of a reward model on ranked prompt groups: score every image once, then report the
metrics of `metrics.py` with their definitions.

Every number of the report is computed from one raw score per image (the model's output before
normalisation; normalisation changes no ranking) and the human ranking (slot per image, 1 = best,
equal slots tie). `DEFINITIONS` is written into every report so that a number never travels
without its definition.
"""

import json
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from .data import GroupDataset, RankedGroup, collate_groups
from .metrics import DEFINITIONS, preference_report


@torch.inference_mode()
def score_groups(
    model,
    groups: Sequence[RankedGroup] | GroupDataset,
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


def evaluate(model, groups: Sequence[RankedGroup] | GroupDataset, *, ks=(1, 2, 4), **score_kwargs) -> dict:
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
