"""A tiny Stable-Diffusion-shaped pipeline, a ReFL bundle and pre-training pairs for the ReFL
tests: all built here from small configs (as diffusers' own tests do), nothing downloaded."""

import json
from pathlib import Path

import torch
from PIL import Image

from rewardmodel.core import PromptTokenizer, build_model, save_checkpoint

PROMPTS = [
    "a red circle",
    "a blue square",
    "a green star",
    "a yellow moon",
    "two red circles",
    "a tree at night",
    "a house by a lake",
    "a cat on a mat",
    "a dog in the snow",
    "a ship at sea",
]


def write_clip_tokenizer(folder: Path, max_length: int = 16) -> Path:
    """CLIP's byte-level BPE with no merges: every byte and its end-of-word form, plus the two
    special tokens. Enough for CLIPTokenizer to read prompts one character at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = _byte_chars()
    tokens = chars + [c + "</w>" for c in chars] + ["<|startoftext|>", "<|endoftext|>"]
    from transformers import CLIPTokenizer

    tokenizer = CLIPTokenizer(vocab={t: i for i, t in enumerate(tokens)}, merges=[], model_max_length=max_length)
    tokenizer.save_pretrained(folder)
    return folder


def _byte_chars() -> list[str]:
    """GPT-2's printable stand-ins for the 256 bytes, as CLIP's byte-level BPE uses them."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    extra = iter(range(256, 512))
    return [chr(b) if b in printable else chr(next(extra)) for b in range(256)]


def tiny_components(seed: int = 0, *, prediction_type: str = "epsilon") -> dict:
    from diffusers import AutoencoderKL, DDIMScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        block_out_channels=(8, 16),
        layers_per_block=1,
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=16,
        attention_head_dim=4,
        norm_num_groups=4,
    )
    vae = AutoencoderKL(
        block_out_channels=(8, 16),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        norm_num_groups=4,
        sample_size=16,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=512,
            eos_token_id=513,
            pad_token_id=513,
            hidden_size=16,
            intermediate_size=32,
            num_attention_heads=2,
            num_hidden_layers=2,
            max_position_embeddings=16,
            vocab_size=514,
        )
    )
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
        prediction_type=prediction_type,
    )
    return {"unet": unet, "vae": vae, "text_encoder": text_encoder, "scheduler": scheduler}


def write_tiny_pipeline(folder: Path, seed: int = 0, *, prediction_type: str = "epsilon") -> Path:
    from diffusers import StableDiffusionPipeline
    from transformers import CLIPTokenizer

    tokenizer = CLIPTokenizer.from_pretrained(write_clip_tokenizer(folder / "tokenizer"))
    pipe = StableDiffusionPipeline(
        **tiny_components(seed, prediction_type=prediction_type),
        tokenizer=tokenizer,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder, safe_serialization=True)
    return folder


def write_bundle(folder: Path, prompts=PROMPTS, seed: int = 0) -> Path:
    """A ReFL bundle as the platform exports it: refl_data.json and reward_model/ (tiny preset)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refl_data.json").write_text(
        json.dumps([{"text": p, "image": f"group-{i}"} for i, p in enumerate(prompts)]), encoding="utf-8"
    )
    torch.manual_seed(seed)
    save_checkpoint(build_model("tiny", PromptTokenizer.build(prompts)), folder / "reward_model")
    return folder


def write_reference_data(folder: Path, prompts=PROMPTS[:4], size: int = 16) -> Path:
    """train.json in ImageReward's reference format with images beside it: per prompt a group of
    three images ranked 1 (bright), 2, 3 (dark)."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    groups = []
    for i, prompt in enumerate(prompts):
        names = []
        for rank, level in ((1, 230), (2, 128), (3, 20)):
            name = f"images/{i}-{rank}.png"
            Image.new("RGB", (size, size), (level, level, level)).save(folder / name)
            names.append(name)
        groups.append({"id": str(i), "prompt": prompt, "generations": names, "ranking": [1, 2, 3]})
    (folder / "train.json").write_text(json.dumps(groups), encoding="utf-8")
    return folder


def brightness(pixels: torch.Tensor, prompts) -> torch.Tensor:
    """A toy reward: the mean brightness of each image, differentiable."""
    return pixels.mean(dim=(1, 2, 3))
