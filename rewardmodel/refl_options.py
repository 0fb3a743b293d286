"""A ReFL run's request, checked in the web process before anything is queued: the options
(`ReflRun.options`, overrides of `rewardmodel.refl.ReflConfig`) each within bounds, the stop
steps in order, and the pipeline folder inside REFL_PIPELINE_ROOT.

The web process never imports `rewardmodel.refl` (it loads torch and diffusers), so the options
are a table here: each one's kinds, default and bounds. A test checks the table against
ReflConfig's fields and defaults (tests/rewardmodel_loop/test_refl_runs.py), so the two cannot
drift apart."""

import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from annotation.errors import Problem

MAX_SEED = 2**32 - 1
MIXED_PRECISION = ("auto", "no", "bf16", "fp16")
LORA_TARGET = re.compile(r"^[A-Za-z0-9_.]{1,100}$")
MAX_LORA_TARGETS = 32
# ReflConfig fields the platform sets itself: the worker's device.
MANAGED = ("cpu",)


@dataclass(frozen=True)
class Option:
    kinds: tuple[type, ...]
    default: object
    low: float | None = None  # numbers: the bounds, `high` inclusive
    high: float | str | None = None  # a str names the setting that bounds it
    low_inclusive: bool = True


def _options() -> dict[str, Option]:
    count, number, maybe_int, maybe_float = (int,), (float,), (int, type(None)), (float, type(None))
    return {
        "num_steps": Option(count, 40, 1, 1000),
        "t_min": Option(count, 30, 0, 999),
        "t_max": Option(count, 39, 0, 999),
        "resolution": Option(maybe_int, None, 8, "REFL_MAX_RESOLUTION"),
        "reward_weight": Option(number, 1e-3, 0.0, 1e3),
        "reward_margin": Option(number, 2.0, -1e3, 1e3),
        "pretrain_weight": Option(number, 1.0, 0.0, 1e3),
        "lora_rank": Option(count, 4, 0, 1024),
        "lora_alpha": Option(maybe_float, None, 0.0, 1e4, False),
        "lora_targets": Option((list,), ("to_q", "to_k", "to_v", "to_out.0")),
        "steps": Option(count, 100, 1, "REFL_MAX_STEPS"),
        "batch_size": Option(count, 2, 1, "REFL_MAX_BATCH_SIZE"),
        "pretrain_batch_size": Option(count, 2, 1, "REFL_MAX_BATCH_SIZE"),
        "grad_accum_steps": Option(count, 1, 1, 256),
        "lr": Option(maybe_float, None, 0.0, 1.0, False),
        "weight_decay": Option(number, 1e-2, 0.0, 1.0),
        "max_grad_norm": Option(number, 1.0, 0.0, 1e6),
        "ema": Option((bool,), False),
        "ema_decay": Option(number, 0.999, 0.0, 1.0),
        "mixed_precision": Option((str,), "auto"),
        "gradient_checkpointing": Option((bool,), False),
        "eval_prompts": Option(count, 8, 0, "REFL_MAX_EVAL_PROMPTS"),
        "eval_every": Option(count, 50, 0, "REFL_MAX_STEPS"),
        "eval_guidance_scale": Option(number, 7.5, 0.0, 100.0),
        "eval_batch_size": Option(count, 4, 1, "REFL_MAX_BATCH_SIZE"),
        "eval_seed": Option(count, 1234, 0, MAX_SEED),
        "log_every": Option(count, 10, 1, "REFL_MAX_STEPS"),
        "seed": Option(count, 0, 0, MAX_SEED),
    }


REFL_OPTIONS = _options()


def check_refl_options(options) -> list[Problem]:
    """What is wrong with a run's options (empty when nothing): one Problem per option, its field
    `options.<name>`, then the stop steps' order with the defaults filled in."""
    if not isinstance(options, dict):
        return [Problem("options", "type", "options must be an object")]
    problems = []
    for key, value in options.items():
        field = f"options.{key}"
        option = REFL_OPTIONS.get(key)
        if option is None:
            problems.append(
                Problem(field, "unknown", f"unknown option {key}; known: {', '.join(sorted(REFL_OPTIONS))}")
            )
            continue
        if value is None and type(None) in option.kinds:
            continue
        if not _of_kind(value, option.kinds):
            names = " or ".join("null" if k is type(None) else k.__name__ for k in option.kinds)
            problems.append(Problem(field, "type", f"{key} must be {names}"))
            continue
        problems.extend(_check_value(key, value, option, field))
    if not problems:
        problems.extend(_check_stop_steps({**{k: o.default for k, o in REFL_OPTIONS.items()}, **options}))
    return problems


def _of_kind(value, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, int) and (int in kinds or float in kinds):
        return True
    return isinstance(value, tuple(k for k in kinds if k is not type(None)))


def _check_value(key: str, value, option: Option, field: str) -> list[Problem]:
    if option.low is not None:
        high = getattr(settings, option.high) if isinstance(option.high, str) else option.high
        if (
            (isinstance(value, float) and not math.isfinite(value))
            or value > high
            or value < option.low
            or (value == option.low and not option.low_inclusive)
        ):
            side = "from" if option.low_inclusive else "above"
            return [Problem(field, "range", f"{key} must be {side} {option.low} to {high}")]
    if key == "mixed_precision" and value not in MIXED_PRECISION:
        return [Problem(field, "choice", f"mixed_precision must be one of {', '.join(MIXED_PRECISION)}")]
    if key == "lora_targets" and (
        not 1 <= len(value) <= MAX_LORA_TARGETS
        or not all(isinstance(name, str) and LORA_TARGET.match(name) for name in value)
    ):
        return [
            Problem(
                field,
                "module_names",
                f"lora_targets must be 1 to {MAX_LORA_TARGETS} module names (letters, digits, _ and .)",
            )
        ]
    return []


def _check_stop_steps(values: dict) -> list[Problem]:
    # The paper's t ~ U{T1 .. T2}, inside a schedule of num_steps steps.
    if values["t_min"] > values["t_max"]:
        return [
            Problem("options.t_min", "order", f"t_min ({values['t_min']}) is greater than t_max ({values['t_max']})")
        ]
    if values["t_max"] >= values["num_steps"]:
        return [
            Problem(
                "options.t_max",
                "order",
                f"t_max ({values['t_max']}) must be below num_steps ({values['num_steps']})",
            )
        ]
    return []


def pretrain_weight(options: dict) -> float:
    return options.get("pretrain_weight", REFL_OPTIONS["pretrain_weight"].default)


# -- the pipeline folder ----------------------------------------------------------------------


def pipeline_root() -> Path:
    return Path(settings.REFL_PIPELINE_ROOT).resolve()


def check_pipeline(name) -> list[Problem]:
    """A folder named relative to REFL_PIPELINE_ROOT, without `..`, that lies inside it once
    symlinks are resolved, and holds a diffusers pipeline (model_index.json). The worker checks its parts."""
    field = "pipeline"
    if not isinstance(name, str) or not name.strip():
        return [Problem(field, "required", "pipeline must name a folder under the server's pipeline root")]
    root = pipeline_root()
    try:
        folder = (root / name).resolve()
        relative = not Path(name).is_absolute() and ".." not in Path(name).parts
        inside = relative and folder != root and folder.is_relative_to(root)
    except (OSError, RuntimeError, ValueError):  # a NUL byte, a symlink loop
        inside = False
    if not inside:
        return [
            Problem(
                field,
                "outside_root",
                "pipeline must be a folder inside the server's pipeline folder (REFL_PIPELINE_ROOT), named relative to it",
            )
        ]
    if not (folder / "model_index.json").is_file():
        return [Problem(field, "not_a_pipeline", f"{name} is not a diffusers pipeline folder (no model_index.json)")]
    return []


def pipeline_folder(name: str) -> Path:
    return (pipeline_root() / name).resolve()


def available_pipelines() -> list[str]:
    """The pipeline folders directly under REFL_PIPELINE_ROOT, by name."""
    root = pipeline_root()
    if not root.is_dir():
        return []
    return sorted(
        item.name for item in root.iterdir() if not check_pipeline(item.name) and not item.name.startswith(".")
    )
