"""From a project's annotations to what `rewardmodel.core`'s trainer and evaluator read: the
split (held-out prompts by the project's fixed hash rule, a validation share of the rest), the
groups in the library's form, and the trainer's config. No database writes here."""

import types
import typing
from dataclasses import dataclass, fields
from pathlib import Path

from django.core.files.storage import default_storage

from .core.data import PromptGroup
from .core.train import TrainConfig
from .selectors import RankedGroup
from .split import is_held_out, is_validation, normalise_prompt

# Share of the training prompts the trainer validates on (to keep its best epoch).
VALID_FRACTION = 0.1

# TrainConfig fields a project may override (training_options); the loop sets the others:
# the preset, the starting checkpoint (warm start), the device, the split.
_MANAGED = {"preset", "init_checkpoint", "split", "cpu"}
TRAINING_OPTIONS: dict[str, tuple[type, ...]] = {}
for _field in fields(TrainConfig):
    if _field.name in _MANAGED:
        continue
    _kinds = typing.get_args(_field.type) if isinstance(_field.type, types.UnionType) else (_field.type,)
    TRAINING_OPTIONS[_field.name] = tuple(typing.get_origin(k) or k for k in _kinds)


def check_training_options(options: dict) -> list[str]:
    """What is wrong with a project's training options (empty when nothing)."""
    problems = []
    for key, value in options.items():
        kinds = TRAINING_OPTIONS.get(key)
        if kinds is None:
            problems.append(f"unknown option {key}; known: {', '.join(sorted(TRAINING_OPTIONS))}")
            continue
        if value is None and type(None) in kinds:
            continue
        if isinstance(value, bool) and bool not in kinds:
            problems.append(f"{key} must be {' or '.join(k.__name__ for k in kinds)}")
        elif isinstance(value, int) and (int in kinds or float in kinds):
            continue
        elif isinstance(value, list) and tuple in kinds:
            continue
        elif not isinstance(value, tuple(k for k in kinds if k is not type(None))):
            problems.append(f"{key} must be {' or '.join(k.__name__ for k in kinds)}")
    return problems


@dataclass
class Split:
    train: list[RankedGroup]
    valid: list[RankedGroup]
    held_out: list[RankedGroup]

    def summary(self, *, salt: str, held_out_fraction: float) -> tuple[dict, dict]:
        """(counts, split) as a model version records them."""

        def pairs(groups):
            return sum(_pair_count(g.ranking) for g in groups)

        def prompts(groups):
            return sorted({normalise_prompt(g.prompt) for g in groups})

        everything = self.train + self.valid + self.held_out
        counts = {
            "annotations": len(everything),
            "groups": len({g.group_id for g in everything}),
            "prompts": len({normalise_prompt(g.prompt) for g in everything}),
            "comparisons": pairs(everything),
            "train_annotations": len(self.train),
            "train_pairs": pairs(self.train),
            "valid_annotations": len(self.valid),
            "valid_pairs": pairs(self.valid),
            "held_out_annotations": len(self.held_out),
            "held_out_pairs": pairs(self.held_out),
        }
        split = {
            "method": "prompt_hash",
            "salt": salt,
            "held_out_fraction": held_out_fraction,
            "valid_fraction": VALID_FRACTION,
            "held_out_prompts": prompts(self.held_out),
            "valid_prompts": prompts(self.valid),
        }
        return counts, split


def _pair_count(ranking) -> int:
    return sum(1 for i in range(len(ranking)) for j in range(len(ranking)) if ranking[i] < ranking[j])


def split_rankings(ranked: list[RankedGroup], *, salt: str, held_out_fraction: float) -> Split:
    split = Split([], [], [])
    for group in ranked:
        if is_held_out(group.prompt, salt=salt, fraction=held_out_fraction):
            split.held_out.append(group)
        elif is_validation(group.prompt, salt=salt, fraction=VALID_FRACTION):
            split.valid.append(group)
        else:
            split.train.append(group)
    return split


def image_path(name: str, workdir: Path) -> Path:
    """A local path of a stored image: the file itself on a filesystem storage, else a copy in
    `workdir` (object storage on a remote GPU worker)."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        local = workdir / "images" / name
        if not local.exists():
            local.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(local, "wb") as target:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    target.write(chunk)
        return local


def core_groups(ranked: list[RankedGroup], workdir: Path) -> list[PromptGroup]:
    """The library's groups (id = annotation id, images as local paths)."""
    return [
        PromptGroup(
            id=str(group.annotation_id),
            prompt=group.prompt,
            images=tuple(image_path(name, workdir) for name in group.image_files),
            ranking=group.ranking,
        )
        for group in ranked
    ]


def train_config(*, preset: str, options: dict, cpu: bool, init_checkpoint: str | None) -> TrainConfig:
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in options.items()}
    return TrainConfig(preset=preset, init_checkpoint=init_checkpoint, cpu=cpu, **values)
