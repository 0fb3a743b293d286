"""ReFL (ImageReward's Reward Feedback Learning) on diffusers, with a reward model of this
platform: no Django, like `rewardmodel.core`. Web processes never import this package.

inputs.py   the ReFL bundle (folder or zip), the diffusers pipeline folder, pre-training pairs;
            every problem a ReflSetupError before a model is loaded
train.py    ReflConfig and the training loop (ReFL update, pre-training update, evaluation, result)
cli.py      python -m rewardmodel.refl train | evaluate | sample
"""

from .inputs import ReflSetupError, load_pretrain_pairs, open_bundle
from .train import ReflConfig, load_result, predicted_original, refl_loss, train

__all__ = [
    "ReflConfig",
    "ReflSetupError",
    "load_pretrain_pairs",
    "load_result",
    "open_bundle",
    "predicted_original",
    "refl_loss",
    "train",
]
