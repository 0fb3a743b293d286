"""What a checkpoint directory is (checkpoint.py's docstring has its files), and reading its
config.json after checking that the directory is one: plain Python, so that code which only
inspects a checkpoint (the ReFL bundle) loads no torch.
"""

import json
from pathlib import Path

FORMAT = "imagepref-reward-model"
FORMAT_VERSION = 1
WEIGHTS_NAME = "model.safetensors"
CONFIG_NAME = "config.json"


class CheckpointError(ValueError):
    """Not a loadable reward-model checkpoint; the message says what is wrong and where."""


def read_checkpoint_config(path: str | Path) -> dict:
    """config.json of a checkpoint directory, after checking that it is one."""
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"checkpoint not found: {path}")
    if path.is_file():
        hint = (
            " (the published ImageReward.pt is converted with `python -m rewardmodel.core import-imagereward`)"
            if path.suffix in (".pt", ".pth", ".bin")
            else ""
        )
        raise CheckpointError(
            f"{path} is a file; a checkpoint is a directory with {CONFIG_NAME} and {WEIGHTS_NAME}{hint}"
        )
    config_path = path / CONFIG_NAME
    if not config_path.is_file():
        raise CheckpointError(f"{path} is not a reward-model checkpoint: no {CONFIG_NAME}")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"{config_path} is not valid JSON: {exc}") from None
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        kind = ""
        if isinstance(config, dict) and "model_type" in config:
            kind = f" (it looks like a transformers model of type {config['model_type']!r})"
        raise CheckpointError(f"{path} is not a reward-model checkpoint: {CONFIG_NAME} has no format {FORMAT!r}{kind}")
    if config.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{path}: checkpoint format version {config.get('format_version')!r}, this code reads {FORMAT_VERSION}"
        )
    if not isinstance(config.get("model"), dict):
        raise CheckpointError(f"{path}: {CONFIG_NAME} has no model configuration")
    return config
