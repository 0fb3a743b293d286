"""ImageReward as a plain PyTorch + transformers library: no Django, no `annotation`.

model.py          the architecture (BLIP ViT + BERT with cross-attention + MLP head), presets,
                  scoring (`score`, `score_batch`), differentiable `reward`, BLIP initialisation
preprocessing.py  PIL path (reference parity) and differentiable tensor path
tokenizer.py      bert-base-uncased WordPiece as BLIP uses it, or a vocabulary built for `tiny`
data.py           the reference train/valid/test.json format, batches of whole prompt groups
train.py          TrainConfig and the training loop (loss, batching, freezing, validation)
evaluate.py       preference accuracy and friends, with their definitions
checkpoint.py     model.safetensors + config.json + tokenizer files, strict loading
imagereward_import.py   the published ImageReward.pt -> a checkpoint of this format
cli.py            python -m rewardmodel.core score | train | evaluate | import-imagereward
"""

from .checkpoint import CheckpointError, load_checkpoint, load_state_dict_strict, save_checkpoint
from .data import DatasetFormatError, PromptGroup, load_data, load_groups, split_by_prompt
from .evaluate import DEFINITIONS, evaluate, preference_report
from .model import PRESETS, RewardModel, RewardModelConfig, build_model, preset_config
from .preprocessing import ImageLoadError, preprocess_pil, preprocess_tensor
from .tokenizer import PromptTokenizer, TokenizerError
from .train import TrainConfig, TrainingSetupError, group_ranking_loss, reference_pair_loss, train

__all__ = [
    "DEFINITIONS",
    "PRESETS",
    "CheckpointError",
    "DatasetFormatError",
    "ImageLoadError",
    "PromptGroup",
    "PromptTokenizer",
    "RewardModel",
    "RewardModelConfig",
    "TokenizerError",
    "TrainConfig",
    "TrainingSetupError",
    "build_model",
    "evaluate",
    "group_ranking_loss",
    "load_checkpoint",
    "load_data",
    "load_groups",
    "load_state_dict_strict",
    "preference_report",
    "preprocess_pil",
    "preprocess_tensor",
    "preset_config",
    "reference_pair_loss",
    "save_checkpoint",
    "split_by_prompt",
    "train",
]
