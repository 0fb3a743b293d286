"""Checkpoints: a directory with

    model.safetensors   the state dict of RewardModel (fp32)
    config.json         {"format": "imagepref-reward-model", "format_version": 1, "preset", "model"
                         (RewardModelConfig, incl. the normalisation reward_mean / reward_std),
                         "tokenizer" (what it is), "training" (metadata or null), "software"}
    tokenizer.json, tokenizer_config.json, vocab.txt   the prompt tokenizer

Loading is strict: a missing, unexpected or mis-shaped tensor is a CheckpointError that names it,
and so is a directory of another kind (a transformers model, the published ImageReward.pt, ...).
"""

import json
import os
import platform
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from .checkpoint_format import (
    CONFIG_NAME,
    FORMAT,
    FORMAT_VERSION,
    WEIGHTS_NAME,
    CheckpointError,
    read_checkpoint_config,
)
from .config import RewardModelConfig
from .model import RewardModel
from .tokenizer import PromptTokenizer, TokenizerError


def save_checkpoint(model: RewardModel, out_dir: str | Path, *, training: dict | None = None) -> Path:
    """Write the checkpoint directory (files are replaced one by one, each atomically)."""
    if model.tokenizer is None:
        raise CheckpointError("cannot save a model without a tokenizer: scoring needs one")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu", copy=True).contiguous() for k, v in model.state_dict().items()}
    tmp = out_dir / (WEIGHTS_NAME + ".tmp")
    save_file(state, str(tmp), metadata={"format": FORMAT})
    os.replace(tmp, out_dir / WEIGHTS_NAME)
    tokenizer_files = model.tokenizer.save(out_dir)
    config = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "preset": model.config.preset,
        "model": model.config.to_dict(),
        "tokenizer": {**model.tokenizer.describe(), "files": tokenizer_files},
        "training": training,
        "software": {
            "torch": torch.__version__,
            "transformers": __import__("transformers").__version__,
            "python": platform.python_version(),
        },
    }
    tmp = out_dir / (CONFIG_NAME + ".tmp")
    tmp.write_text(json.dumps(config, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / CONFIG_NAME)
    return out_dir


def load_state_dict_strict(
    model: torch.nn.Module, state: dict[str, torch.Tensor], *, source: str = "state dict"
) -> None:
    """load_state_dict(strict=True), but every mismatch is reported as one CheckpointError that
    names the missing, unexpected and mis-shaped keys."""
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    shapes = sorted(
        f"{k}: {tuple(state[k].shape)} in {source}, {tuple(expected[k].shape)} in the model"
        for k in set(state) & set(expected)
        if tuple(state[k].shape) != tuple(expected[k].shape)
    )
    problems = []
    for title, keys in (("missing keys", missing), ("unexpected keys", unexpected), ("shape mismatches", shapes)):
        if keys:
            more = f", ... ({len(keys)} in all)" if len(keys) > 10 else ""
            problems.append(f"{title}: {', '.join(keys[:10])}{more}")
    if problems:
        raise CheckpointError(f"{source} does not match the model; " + "; ".join(problems))
    model.load_state_dict(state, strict=True)


def load_checkpoint(path: str | Path, *, device: str | torch.device = "cpu") -> RewardModel:
    """The model (with its tokenizer attached) in eval mode on `device`."""
    path = Path(path)
    config = read_checkpoint_config(path)
    weights = path / WEIGHTS_NAME
    if not weights.is_file():
        others = [p.name for p in path.iterdir() if p.suffix in (".bin", ".pt", ".pth", ".ckpt")]
        hint = f" (found {', '.join(others)}: not this format)" if others else ""
        raise CheckpointError(f"{path}: no {WEIGHTS_NAME}{hint}")
    try:
        model_config = RewardModelConfig.from_dict(config["model"])
    except TypeError as exc:
        raise CheckpointError(f"{path}: the model configuration does not fit this code: {exc}") from None
    try:
        tokenizer = PromptTokenizer.from_pretrained(path, max_length=model_config.max_length)
    except (TokenizerError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path}: cannot load the tokenizer: {exc}") from None
    recorded = (config.get("tokenizer") or {}).get("vocab_size")
    if recorded is not None and recorded != len(tokenizer):
        raise CheckpointError(f"{path}: the tokenizer has {len(tokenizer)} tokens, config.json records {recorded}")
    model = RewardModel(model_config, tokenizer=tokenizer)
    try:
        state = load_file(str(weights))
    except (SafetensorError, OSError) as exc:
        raise CheckpointError(f"{weights} is not a readable safetensors file: {exc}") from None
    load_state_dict_strict(model, state, source=str(weights))
    return model.to(device).eval()
