"""The ImageReward model on transformers' BLIP classes, read top to bottom.

    reward(prompt, image) = head( text_encoder(prompt tokens, cross-attending to vision_model(image))[CLS] )

Module layout (the state-dict keys; `imagereward_import.py` maps the published checkpoint onto
exactly these names, so keep them stable):

    vision_model   transformers.BlipVisionModel      <- blip.visual_encoder.*
                   embeddings.{class_embedding, position_embedding, patch_embedding.*},
                   encoder.layers.N.{layer_norm1, self_attn.qkv, self_attn.projection,
                   layer_norm2, mlp.fc1, mlp.fc2}.*, post_layernorm.*
    text_encoder   transformers.BlipTextModel(add_pooling_layer=False), config.is_decoder=True
                   so every layer has `crossattention` (width encoder_hidden_size = vision width)
                                                     <- blip.text_encoder.*  (same names)
    vision_proj    nn.Linear(vision width, embed_dim) <- blip.vision_proj.*  (frozen, unused)
    text_proj      nn.Linear(text width, embed_dim)   <- blip.text_proj.*    (frozen, unused)
    head.layers    nn.Sequential, indices as the reference `mlp.layers`:
                   0 Linear(text width, 1024), 1 Dropout(0.2), 2 Linear(1024, 128), 3 Dropout(0.2),
                   4 Linear(128, 64), 5 Dropout(0.1), 6 Linear(64, 16), 7 Linear(16, 1)
                                                      <- mlp.layers.{0,2,4,6,7}.*

The reward normalisation `(r - reward_mean) / reward_std` lives in `RewardModelConfig` (and so
in the checkpoint's config.json), not in the state dict. `forward` returns raw rewards (what the
training loss uses); `score`, `score_batch` and `reward` return normalised ones.

The text encoder is built as a decoder (that is what creates the cross-attention layers) but is
always *called* bidirectionally (`is_decoder=False`): under a causal mask `[CLS]` would see no
prompt word and the reward could not read the prompt.
"""

import math
from contextlib import nullcontext
from functools import partial
from pathlib import Path

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint
from transformers import (
    BlipForImageTextRetrieval,
    BlipTextConfig,
    BlipTextModel,
    BlipVisionConfig,
    BlipVisionModel,
)
from transformers.modeling_layers import GradientCheckpointingLayer

from .config import (
    IMAGEREWARD_MEAN,
    IMAGEREWARD_STD,
    PRESETS,
    RewardModelConfig,
    _bert_base_text,
    _vit,
    preset_config,
)
from .preprocessing import preprocess_images, preprocess_tensor
from .tokenizer import PromptTokenizer

# -----------------------------------------------------------------------------------------------
# The head


HEAD_INITS = ("reference", "xavier")


class RewardHead(nn.Module):
    """768 -> 1024 -> 128 -> 64 -> 16 -> 1 with dropout and, as in the reference, no activations
    (so it is one linear map at inference; the layers only shape the optimisation).

    `init`: "reference" draws every weight from N(0, 1/(in_features + 1)) as the published model
    did, so fresh rewards are ~1e-6..1e-9 and the encoders' first gradients are as small: right
    for fine-tuning a pretrained backbone. "xavier" (Glorot normal, per layer) starts the head at
    unit gain, which a model trained from scratch needs (the tiny preset; see its comment)."""

    def __init__(self, in_features: int, hidden=(1024, 128, 64, 16), dropout=(0.2, 0.2, 0.1), init: str = "reference"):
        super().__init__()
        if init not in HEAD_INITS:
            raise ValueError(f"unknown head init {init!r}; choose one of {', '.join(HEAD_INITS)}")
        h1, h2, h3, h4 = hidden
        d1, d2, d3 = dropout
        self.layers = nn.Sequential(
            nn.Linear(in_features, h1),
            nn.Dropout(d1),
            nn.Linear(h1, h2),
            nn.Dropout(d2),
            nn.Linear(h2, h3),
            nn.Dropout(d3),
            nn.Linear(h3, h4),
            nn.Linear(h4, 1),
        )
        # Biases 0 either way (the reference's too).
        for name, param in self.layers.named_parameters():
            if not name.endswith("weight"):
                nn.init.zeros_(param)
            elif init == "xavier":
                nn.init.xavier_normal_(param)
            else:
                nn.init.normal_(param, mean=0.0, std=1.0 / (in_features + 1))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.layers(features).squeeze(-1)


# -----------------------------------------------------------------------------------------------
# The model


_DTYPES = {
    None: None,
    "float32": None,
    "fp32": None,
    "bf16": torch.bfloat16,
    "bfloat16": torch.bfloat16,
    "fp16": torch.float16,
    "float16": torch.float16,
}


class RewardModel(nn.Module):
    def __init__(self, config: RewardModelConfig, tokenizer: PromptTokenizer | None = None):
        super().__init__()
        self.config = config
        self.tokenizer = tokenizer
        vision_config = BlipVisionConfig(**config.vision)
        text_config = BlipTextConfig(**config.text)
        if text_config.encoder_hidden_size != vision_config.hidden_size:
            raise ValueError(
                f"text encoder_hidden_size {text_config.encoder_hidden_size} != vision width {vision_config.hidden_size}"
            )
        if not text_config.is_decoder:
            raise ValueError("the text config needs is_decoder=True: it is what builds the cross-attention layers")
        if tokenizer is not None and len(tokenizer) > text_config.vocab_size:
            raise ValueError(f"tokenizer has {len(tokenizer)} tokens, the text encoder {text_config.vocab_size}")

        self.vision_model = BlipVisionModel(vision_config)
        self.text_encoder = BlipTextModel(text_config, add_pooling_layer=False)
        self.vision_proj = nn.Linear(vision_config.hidden_size, config.embed_dim)
        self.text_proj = nn.Linear(text_config.hidden_size, config.embed_dim)
        # Kept so that imports are lossless; the reward does not use them and they never train
        # (an unused trainable parameter would also break DistributedDataParallel).
        self.vision_proj.requires_grad_(False)
        self.text_proj.requires_grad_(False)
        self.head = RewardHead(text_config.hidden_size, config.head_hidden, config.head_dropout, config.head_init)

    # -- the forward pass -----------------------------------------------------------------------

    def forward(
        self,
        pixel_values: torch.Tensor,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        text_index: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Raw rewards, one per image: (N, 3, S, S) normalised pixels -> (N,) float32.

        `input_ids`/`attention_mask` hold one row per distinct prompt and `text_index[i]` is the
        row of image i (tokenise each prompt once, however many images it has); without
        `text_index` row i belongs to image i."""
        # Padding sits at the end and is masked, so the columns where every row is padding change
        # nothing but the cost: drop them (prompts are often far shorter than 35 tokens).
        length = int(attention_mask.sum(dim=1).max())
        input_ids, attention_mask = input_ids[:, :length], attention_mask[:, :length]
        if text_index is not None:
            input_ids = input_ids[text_index]
            attention_mask = attention_mask[text_index]
        image_embeds = self.vision_model(pixel_values=pixel_values).last_hidden_state
        # The reference passes an all-ones mask over the image tokens; no mask is the same thing.
        text = self.text_encoder(
            input_ids=input_ids,
            attention_mask=attention_mask,
            encoder_hidden_states=image_embeds,
            is_decoder=False,
        )
        features = text.last_hidden_state[:, 0, :].float()  # [CLS]
        return self.head(features).float()

    def normalise(self, raw: torch.Tensor) -> torch.Tensor:
        return (raw - self.config.reward_mean) / self.config.reward_std

    # -- inputs -------------------------------------------------------------------------------

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    def tokenize_unique(self, prompts: str | list[str], n: int):
        """Tokenise each distinct prompt once: (input_ids, attention_mask, text_index)."""
        if self.tokenizer is None:
            raise RuntimeError("this model has no tokenizer attached")
        if isinstance(prompts, str):
            prompts = [prompts] * n
        if len(prompts) != n:
            raise ValueError(f"{len(prompts)} prompts for {n} images")
        rows: dict[str, int] = {}
        text_index = torch.tensor([rows.setdefault(p, len(rows)) for p in prompts], dtype=torch.long)
        input_ids, attention_mask = self.tokenizer(list(rows))
        return input_ids, attention_mask, text_index

    def preprocess(self, images) -> torch.Tensor:
        return preprocess_images(images, self.config.image_size, self.config.image_mean, self.config.image_std)

    # -- scoring ------------------------------------------------------------------------------

    def score(self, prompt: str, images, *, batch_size: int = 32, dtype: str | None = None) -> list[float]:
        """Normalised scores of the images (PIL images, paths, or a (B, 3, H, W) tensor) for one prompt."""
        if isinstance(images, torch.Tensor) and images.dim() == 3:
            images = images.unsqueeze(0)
        elif not isinstance(images, (list, tuple, torch.Tensor)):
            images = [images]
        n = len(images)
        return self.score_batch([prompt] * n, images, batch_size=batch_size, dtype=dtype).tolist()

    def score_batch(
        self,
        prompts: str | list[str],
        images,
        *,
        batch_size: int = 32,
        dtype: str | None = None,
    ) -> torch.Tensor:
        """Normalised scores of (prompts[i], images[i]) pairs, `batch_size` pairs per forward pass,
        each distinct prompt tokenised once. Returns a float32 CPU tensor. `dtype` "bf16"/"fp16"
        runs under autocast (use it on a GPU)."""
        raw = self.raw_scores(prompts, images, batch_size=batch_size, dtype=dtype)
        return self.normalise(raw)

    @torch.inference_mode()
    def raw_scores(self, prompts, images, *, batch_size: int = 32, dtype: str | None = None) -> torch.Tensor:
        if dtype not in _DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(str(k) for k in _DTYPES)}")
        n = len(images)
        input_ids, attention_mask, text_index = self.tokenize_unique(prompts, n)
        device = self.device
        input_ids, attention_mask = input_ids.to(device), attention_mask.to(device)
        autocast = (
            torch.autocast(device_type=device.type, dtype=_DTYPES[dtype])
            if _DTYPES[dtype] is not None
            else nullcontext()
        )
        was_training = self.training
        self.eval()
        try:
            out = []
            for start in range(0, n, batch_size):
                chunk = images[start : start + batch_size]
                pixels = self.preprocess(chunk).to(device)
                with autocast:
                    out.append(
                        self(pixels, input_ids, attention_mask, text_index[start : start + batch_size].to(device))
                    )
            return torch.cat(out).float().cpu()
        finally:
            self.train(was_training)

    def reward(self, pixels: torch.Tensor, prompts: str | list[str]) -> torch.Tensor:
        """Differentiable normalised rewards of (B, 3, H, W) pixels in [0, 1]: gradients flow to
        `pixels` (for ReFL). The weights train or not as the caller set `requires_grad`, and
        dropout follows the module's mode: call `.eval()` first for deterministic rewards."""
        x = preprocess_tensor(pixels, self.config.image_size, self.config.image_mean, self.config.image_std)
        input_ids, attention_mask, text_index = self.tokenize_unique(prompts, x.shape[0])
        device = x.device
        raw = self(x, input_ids.to(device), attention_mask.to(device), text_index.to(device))
        return self.normalise(raw)

    # -- memory -------------------------------------------------------------------------------

    def enable_activation_checkpointing(self, enabled: bool = True) -> None:
        """Recompute each transformer block in the backward pass instead of storing its activations."""
        func = partial(checkpoint, use_reentrant=False)
        for module in self.modules():
            if isinstance(module, GradientCheckpointingLayer):
                module.gradient_checkpointing = enabled
                module._gradient_checkpointing_func = func

    # -- starting weights from BLIP -----------------------------------------------------------

    @classmethod
    def from_blip_itm(
        cls,
        name_or_path: str | Path,
        *,
        image_size: int | None = 224,
        preset: str = "blip",
        tokenizer: PromptTokenizer | str | Path | None = None,
        local_files_only: bool = False,
    ) -> "RewardModel":
        """A reward model whose vision_model, text_encoder, vision_proj and text_proj come from a BLIP
        image-text matching checkpoint (a local directory, or a hub id such as
        `Salesforce/blip-itm-large-coco` on a machine that reaches the hub); the head is fresh.
        `image_size` (ImageReward: 224) resizes the position embeddings bicubically when the
        checkpoint was trained at another resolution (the coco ITM checkpoints use 384)."""
        blip = BlipForImageTextRetrieval.from_pretrained(str(name_or_path), local_files_only=local_files_only)
        if tokenizer is None:
            tokenizer = PromptTokenizer.from_pretrained(name_or_path, local_files_only=local_files_only)
        elif not isinstance(tokenizer, PromptTokenizer):
            tokenizer = PromptTokenizer.from_pretrained(tokenizer, local_files_only=local_files_only)

        vision = blip.config.vision_config.to_dict()
        text = blip.config.text_config.to_dict()
        vision_state = blip.vision_model.state_dict()
        if image_size is not None and image_size != vision["image_size"]:
            key = "embeddings.position_embedding"
            vision_state[key] = resize_position_embedding(vision_state[key], image_size // vision["patch_size"])
            vision["image_size"] = image_size
        config = RewardModelConfig(
            preset=preset,
            vision={k: vision[k] for k in _vit(1, 1, 1, 1, 1)},
            text={k: text[k] for k in _bert_base_text(1) if k in text},
            embed_dim=blip.config.image_text_hidden_size,
        )
        config.text["is_decoder"] = True
        model = cls(config, tokenizer=tokenizer)
        model.vision_model.load_state_dict(vision_state, strict=True)
        model.text_encoder.load_state_dict(blip.text_encoder.state_dict(), strict=True)
        model.vision_proj.load_state_dict(blip.vision_proj.state_dict(), strict=True)
        model.text_proj.load_state_dict(blip.text_proj.state_dict(), strict=True)
        return model


def resize_position_embedding(pos: torch.Tensor, grid: int) -> torch.Tensor:
    """(1, 1 + g*g, d) ViT position embeddings -> (1, 1 + grid*grid, d), bicubic as BLIP does."""
    cls_pos, patch_pos = pos[:, :1], pos[:, 1:]
    old = int(math.isqrt(patch_pos.shape[1]))
    if old * old != patch_pos.shape[1]:
        raise ValueError(f"{patch_pos.shape[1]} patch positions do not form a square grid")
    if old == grid:
        return pos.clone()
    dim = patch_pos.shape[-1]
    patch_pos = patch_pos.reshape(1, old, old, dim).permute(0, 3, 1, 2).float()
    patch_pos = nn.functional.interpolate(patch_pos, size=(grid, grid), mode="bicubic", align_corners=False)
    patch_pos = patch_pos.permute(0, 2, 3, 1).reshape(1, grid * grid, dim).to(pos.dtype)
    return torch.cat([cls_pos, patch_pos], dim=1)


def default_device() -> str:
    """Where a model runs when nothing says: the GPU if there is one."""
    return "cuda" if torch.cuda.is_available() else "cpu"


def build_model(preset: str, tokenizer: PromptTokenizer) -> RewardModel:
    """A freshly initialised model of a preset (seed torch first for reproducible weights)."""
    return RewardModel(preset_config(preset, tokenizer=tokenizer), tokenizer=tokenizer)


__all__ = [
    "IMAGEREWARD_MEAN",
    "IMAGEREWARD_STD",
    "PRESETS",
    "RewardHead",
    "RewardModel",
    "RewardModelConfig",
    "build_model",
    "default_device",
    "preset_config",
    "resize_position_embedding",
]
