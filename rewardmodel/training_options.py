"""A project's training options (`ProjectModelSettings.training_options`): which of the trainer's
settings a project may override, what is wrong with a given set (each option within bounds, a
backbone or tokenizer only from the presets or the server's backbone folder), and the trainer's
config they make with the loop's own settings."""

import math
import types
import typing
from dataclasses import fields
from pathlib import Path

from django.conf import settings

from annotation.errors import Problem

from .core.config import TrainConfig, TrainingSetupError

# TrainConfig fields a project may override (training_options); the loop sets the others:
# the preset, the starting checkpoint (warm start), the device, the split.
_MANAGED = {"preset", "init_checkpoint", "split", "cpu"}
TRAINING_OPTIONS: dict[str, tuple[type, ...]] = {}
for _field in fields(TrainConfig):
    if _field.name in _MANAGED:
        continue
    _kinds = typing.get_args(_field.type) if isinstance(_field.type, types.UnionType) else (_field.type,)
    TRAINING_OPTIONS[_field.name] = tuple(typing.get_origin(k) or k for k in _kinds)

# The hub ids the presets start from (rewardmodel.core.model: `base` is BLIP-base, the published
# ImageReward BLIP-large; both read bert-base-uncased). Any other backbone or tokenizer is a folder
# (or a vocab.txt) under settings.REWARD_MODEL_BACKBONE_ROOT: these options reach `from_pretrained`
# on the GPU worker, which would otherwise open any path a manager names or fetch any hub id.
PRESET_BACKBONES = ("Salesforce/blip-itm-base-coco", "Salesforce/blip-itm-large-coco")
PRESET_TOKENIZERS = ("bert-base-uncased",)
MIXED_PRECISION = ("auto", "no", "bf16", "fp16")
# Largest value of the step counters and of the seed (torch and numpy seed from 32 bits).
MAX_STEPS = 10**9
MAX_SEED = 2**32 - 1


def _option_bounds() -> dict[str, tuple]:
    """(low, high, low_inclusive) of every numeric option. The ones that cost the worker memory or
    time are settings; the others are what the value means (a fraction lies in [0, 1])."""
    return {
        "epochs": (1, settings.REWARD_MODEL_MAX_EPOCHS, True),
        "num_workers": (0, settings.REWARD_MODEL_MAX_NUM_WORKERS, True),
        "groups_per_batch": (1, settings.REWARD_MODEL_MAX_GROUPS_PER_BATCH, True),
        "eval_groups_per_batch": (1, settings.REWARD_MODEL_MAX_GROUPS_PER_BATCH, True),
        "grad_accum_steps": (1, settings.REWARD_MODEL_MAX_GRAD_ACCUM_STEPS, True),
        "eval_every": (0, MAX_STEPS, True),
        "log_every": (1, MAX_STEPS, True),
        "seed": (0, MAX_SEED, True),
        "lr": (0.0, 1.0, False),
        "weight_decay": (0.0, 1.0, True),
        "adam_eps": (0.0, 1.0, False),
        "warmup_fraction": (0.0, 1.0, True),
        "max_grad_norm": (0.0, 1e6, False),
        "freeze_fraction": (0.0, 1.0, True),
    }


def check_training_options(options: dict) -> list[Problem]:
    """What is wrong with a project's training options (empty when nothing): one Problem per
    option, its field `training_options.<option>`."""
    if not isinstance(options, dict):
        return [Problem("training_options", "type", "training_options must be an object")]
    problems = []
    bounds = _option_bounds()
    for key, value in options.items():
        field = f"training_options.{key}"
        kinds = TRAINING_OPTIONS.get(key)
        if kinds is None:
            problems.append(
                Problem(field, "unknown", f"unknown option {key}; known: {', '.join(sorted(TRAINING_OPTIONS))}")
            )
            continue
        if value is None and type(None) in kinds:
            continue
        if not _of_kind(value, kinds):
            problems.append(Problem(field, "type", f"{key} must be {' or '.join(k.__name__ for k in kinds)}"))
            continue
        problems.extend(_check_option_value(key, value, field, bounds))
    return problems


def _of_kind(value, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, int) and (int in kinds or float in kinds):
        return True
    if isinstance(value, list) and tuple in kinds:
        return True
    return isinstance(value, tuple(k for k in kinds if k is not type(None)))


def _check_option_value(key: str, value, field: str, bounds: dict) -> list[Problem]:
    if key in bounds:
        low, high, low_inclusive = bounds[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [Problem(field, "type", f"{key} must be a number")]
        if (
            (isinstance(value, float) and not math.isfinite(value))
            or value > high
            or value < low
            or (value == low and not low_inclusive)
        ):
            side = "from" if low_inclusive else "above"
            return [Problem(field, "range", f"{key} must be {side} {low} to {high}")]
        return []
    if key == "betas":
        if (
            len(value) != 2
            or not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in value)
            or not all(0 <= b < 1 for b in value)
        ):
            return [Problem(field, "range", "betas must be two numbers from 0 to below 1")]
        return []
    if key == "mixed_precision":
        if value not in MIXED_PRECISION:
            return [Problem(field, "choice", f"mixed_precision must be one of {', '.join(MIXED_PRECISION)}")]
        return []
    if key in ("backbone", "tokenizer"):
        return _check_model_source(key, value, field)
    return []


def _check_model_source(key: str, value: str, field: str) -> list[Problem]:
    """A preset's hub id, or an absolute path that lies inside REWARD_MODEL_BACKBONE_ROOT once
    `..` and symlinks are resolved."""
    allowed = PRESET_BACKBONES if key == "backbone" else PRESET_TOKENIZERS
    if value in allowed:
        return []
    root = Path(settings.REWARD_MODEL_BACKBONE_ROOT).resolve()
    try:
        if Path(value).is_absolute() and Path(value).resolve().is_relative_to(root):
            return []
    except (OSError, RuntimeError, ValueError):  # a NUL byte, a symlink loop
        pass
    return [
        Problem(
            field,
            "model_source",
            f"{key} must be one of {', '.join(allowed)} or an absolute path inside the server's "
            "backbone folder (REWARD_MODEL_BACKBONE_ROOT)",
        )
    ]


def train_config(*, preset: str, options: dict, cpu: bool, init_checkpoint: str | None) -> TrainConfig:
    # Checked again where they are used: options saved before these checks existed, or a
    # symlink that now points outside the backbone folder, stop the run here.
    problems = check_training_options(options)
    if problems:
        raise TrainingSetupError("; ".join(p.message for p in problems))
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in options.items()}
    return TrainConfig(preset=preset, init_checkpoint=init_checkpoint, cpu=cpu, **values)
