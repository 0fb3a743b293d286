"""ImageReward as a plain PyTorch + transformers library: no Django, no `annotation`.

config.py         RewardModelConfig and the presets, TrainConfig: plain Python
model.py          the architecture (BLIP ViT + BERT with cross-attention + MLP head), scoring
                  (`score`, `score_batch`), differentiable `reward`, BLIP initialisation
preprocessing.py  PIL path (reference parity) and differentiable tensor path
tokenizer.py      bert-base-uncased WordPiece as BLIP uses it, or a vocabulary built for `tiny`
data.py           the reference train/valid/test.json format, batches of whole prompt groups
train.py          the training loop (loss, batching, freezing, validation)
metrics.py        preference accuracy and friends, with their definitions: plain Python
evaluate.py       scoring groups with a model and reporting those metrics
checkpoint_format.py   what a checkpoint directory holds, its config.json read: plain Python
checkpoint.py     model.safetensors + config.json + tokenizer files, strict loading
imagereward_import.py   the published ImageReward.pt -> a checkpoint of this format
cli.py            python -m rewardmodel.core score | train | evaluate | import-imagereward

The names below are imported on first use (PEP 562), each from its module: `from
rewardmodel.core import TrainConfig` loads config.py alone, while `load_checkpoint` brings torch
and transformers with it. A web process reads configs and metric definitions without them.
"""

import importlib
import sys
import types

# name -> the module of this package that defines it
_WHERE = {
    "DEFINITIONS": "metrics",
    "PRESETS": "config",
    "CheckpointError": "checkpoint_format",
    "DatasetFormatError": "data",
    "ImageLoadError": "preprocessing",
    "PromptTokenizer": "tokenizer",
    "RankedGroup": "data",
    "RewardModel": "model",
    "RewardModelConfig": "config",
    "TokenizerError": "tokenizer",
    "TrainConfig": "config",
    "TrainingSetupError": "config",
    "build_model": "model",
    "default_device": "model",
    "evaluate": "evaluate",
    "group_ranking_loss": "train",
    "load_checkpoint": "checkpoint",
    "load_data": "data",
    "load_groups": "data",
    "load_state_dict_strict": "checkpoint",
    "preference_report": "metrics",
    "preprocess_pil": "preprocessing",
    "preprocess_tensor": "preprocessing",
    "preset_config": "config",
    "read_checkpoint_config": "checkpoint_format",
    "reference_pair_loss": "train",
    "save_checkpoint": "checkpoint",
    "split_by_prompt": "data",
    "train": "train",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    def __setattr__(self, name, value):
        # Importing a submodule binds it to this package's attribute of its name; `train` and
        # `evaluate` name both a module and the function this package exports, and the function
        # keeps the name (as it did when this file imported every module).
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
