"""A project's training options (`ProjectModelSettings.training_options`): which of the trainer's
settings a project may override, what is wrong with a given set, and the trainer's config they
make with the loop's own settings."""

import types
import typing
from dataclasses import fields

from .core.config import TrainConfig

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


def train_config(*, preset: str, options: dict, cpu: bool, init_checkpoint: str | None) -> TrainConfig:
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in options.items()}
    return TrainConfig(preset=preset, init_checkpoint=init_checkpoint, cpu=cpu, **values)
