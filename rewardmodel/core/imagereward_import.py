"""The published ImageReward-v1.0 checkpoint -> a checkpoint directory of this project.

    import_imagereward("ImageReward.pt", "med_config.json", "checkpoints/imagereward-v1",
                       tokenizer_dir="path/to/bert-base-uncased")

`ImageReward.pt` is the state dict of the reference `ImageReward` module (the `image-reward`
package): BLIP's timm-style ViT under `blip.visual_encoder`, BLIP's BERT with cross-attention under
`blip.text_encoder`, the unused contrastive projections `blip.vision_proj` / `blip.text_proj`, and
the reward head `mlp.layers.{0,2,4,6,7}`. Every key is mapped onto `RewardModel` (see model.py):

    blip.visual_encoder.cls_token                  -> vision_model.embeddings.class_embedding
    blip.visual_encoder.pos_embed                  -> vision_model.embeddings.position_embedding
    blip.visual_encoder.patch_embed.proj.*         -> vision_model.embeddings.patch_embedding.*
    blip.visual_encoder.blocks.N.norm1.*           -> vision_model.encoder.layers.N.layer_norm1.*
    blip.visual_encoder.blocks.N.attn.qkv.*        -> vision_model.encoder.layers.N.self_attn.qkv.*
    blip.visual_encoder.blocks.N.attn.proj.*       -> vision_model.encoder.layers.N.self_attn.projection.*
    blip.visual_encoder.blocks.N.norm2.*           -> vision_model.encoder.layers.N.layer_norm2.*
    blip.visual_encoder.blocks.N.mlp.fc{1,2}.*     -> vision_model.encoder.layers.N.mlp.fc{1,2}.*
    blip.visual_encoder.norm.*                     -> vision_model.post_layernorm.*
    blip.text_encoder.*                            -> text_encoder.*  (BLIP's med.py and
                                                      transformers' BlipTextModel share names)
    blip.text_encoder.embeddings.position_ids      checked to be 0, 1, 2, ... and dropped (a
                                                      buffer that transformers rebuilds)
    blip.vision_proj.*, blip.text_proj.*           -> vision_proj.*, text_proj.*
    mlp.layers.{0,2,4,6,7}.*                       -> head.layers.{0,2,4,6,7}.*

Both fused qkv layouts are (3, heads, head_dim) x width, so the tensors are copied unchanged.

Strict, unlike the reference loader (`load_state_dict(strict=False)`, report ignored, so a
checkpoint saved from DistributedDataParallel loads with no weight matched and scores noise):
every source key must be used and every parameter of the model filled, with the right shape;
the error names the keys. A `module.` prefix (DDP) is removed. A wrapper dict
(`{"model": state_dict}` as BLIP saves, or `{"state_dict": ...}`) is unwrapped.

Shapes come from the tensors (widths, layer counts, patch and image size, head sizes), the rest
of the text encoder from `med_config.json`. That file is BLIP's bert-base config and says
`encoder_width: 768`; the reference overrides it with the vision width (1024 for ViT-L) and so
does this importer. Numbers that the files cannot hold are the reference's own: ViT LayerNorm
eps 1e-6, exact GELU, 64-wide vision heads (16 for ViT-L), the output normalisation
(r - 0.16717362830052426) / 1.0333394966054072.

The tokenizer: the reference downloads `bert-base-uncased` and adds `[DEC]` (30522) and `[ENC]`
(30523). Give `tokenizer_dir` (a directory or a vocab.txt of bert-base-uncased) on a machine with
no hub; without it `bert-base-uncased` is fetched from the hub. Its size must equal the text
encoder's vocabulary (30524).
"""

import hashlib
import json
import pickle
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import torch

from .checkpoint import CheckpointError, load_state_dict_strict, save_checkpoint
from .model import IMAGEREWARD_MEAN, IMAGEREWARD_STD, RewardModel, RewardModelConfig, preset_config
from .tokenizer import PromptTokenizer, TokenizerError

__all__ = ["ImageRewardImportError", "import_imagereward", "imagereward_config", "map_imagereward_state_dict"]

VISION_HEAD_DIM = 64  # BLIP's ViT-B (768/12) and ViT-L (1024/16); the checkpoint cannot say
VISION_LAYER_NORM_EPS = 1e-6  # hard-coded in BLIP's vit.py (transformers' default is 1e-5)
HEAD_INDICES = (0, 2, 4, 6, 7)  # the Linear layers of the reference `mlp.layers`

_VIT_BLOCK_RENAMES = {
    "norm1": "layer_norm1",
    "attn.qkv": "self_attn.qkv",
    "attn.proj": "self_attn.projection",
    "norm2": "layer_norm2",
    "mlp.fc1": "mlp.fc1",
    "mlp.fc2": "mlp.fc2",
}
_VIT_TOP_RENAMES = {
    "cls_token": "embeddings.class_embedding",
    "pos_embed": "embeddings.position_embedding",
    "patch_embed.proj.weight": "embeddings.patch_embedding.weight",
    "patch_embed.proj.bias": "embeddings.patch_embedding.bias",
    "norm.weight": "post_layernorm.weight",
    "norm.bias": "post_layernorm.bias",
}
_VIT_BLOCK = re.compile(r"blocks\.(\d+)\.(norm1|attn\.qkv|attn\.proj|norm2|mlp\.fc1|mlp\.fc2)\.(weight|bias)")
_TEXT_LAYER = re.compile(r"encoder\.layer\.(\d+)\.")
_HEAD = re.compile(r"mlp\.layers\.(\d+)\.(weight|bias)")
_POSITION_IDS = "blip.text_encoder.embeddings.position_ids"


class ImageRewardImportError(CheckpointError):
    """The files are not a published-format ImageReward checkpoint; the message says why."""


# -----------------------------------------------------------------------------------------------
# Reading the files


def read_state_dict(pt_path: str | Path) -> dict[str, torch.Tensor]:
    """The tensors of `ImageReward.pt`, without a `module.` prefix or a wrapper dict.

    Read with `weights_only=True`: a file that needs arbitrary code to unpickle is refused."""
    path = Path(pt_path)
    if not path.is_file():
        raise ImageRewardImportError(f"checkpoint not found: {path}" + (" (a directory)" if path.is_dir() else ""))
    try:
        loaded = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, KeyError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImageRewardImportError(
            f"{path} is not a PyTorch state dict that can be read safely (torch.load with weights_only=True: "
            f"{first_line[:200]})"
        ) from None
    if isinstance(loaded, Mapping) and not any(isinstance(v, torch.Tensor) for v in loaded.values()):
        for wrapper in ("state_dict", "model"):
            if isinstance(loaded.get(wrapper), Mapping):
                loaded = loaded[wrapper]
                break
    if not isinstance(loaded, Mapping) or not loaded:
        what = "an empty dict" if isinstance(loaded, Mapping) else f"a {type(loaded).__name__}"
        raise ImageRewardImportError(f"{path} holds {what}, not a state dict (name -> tensor)")
    not_tensors = [str(k) for k, v in loaded.items() if not isinstance(k, str) or not isinstance(v, torch.Tensor)]
    if not_tensors:
        raise ImageRewardImportError(f"{path} is not a state dict: {', '.join(not_tensors[:5])} are not tensors")
    return strip_module_prefix(dict(loaded))


def strip_module_prefix(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Remove the `module.` that DistributedDataParallel (once or nested) puts before every key."""
    out: dict[str, torch.Tensor] = {}
    for key, value in state.items():
        name = key
        while name.startswith("module."):
            name = name[len("module.") :]
        if name in out:
            raise ImageRewardImportError(f"{key} and another key are both {name} once `module.` is removed")
        out[name] = value
    return out


def read_med_config(med_config_path: str | Path) -> dict:
    path = Path(med_config_path)
    if not path.is_file():
        raise ImageRewardImportError(f"med_config not found: {path}")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImageRewardImportError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(config, dict) or "hidden_size" not in config or "num_attention_heads" not in config:
        raise ImageRewardImportError(f"{path} is not a BERT config (BLIP's med_config.json): no hidden_size")
    return config


# -----------------------------------------------------------------------------------------------
# Shapes and configuration


def _check_is_imagereward(state: dict[str, torch.Tensor], source: str) -> None:
    prefixes = ("blip.visual_encoder.", "blip.text_encoder.", "mlp.layers.")
    if all(any(k.startswith(p) for k in state) for p in prefixes):
        return
    sample = ", ".join(sorted(state)[:5])
    if any(k.startswith("visual_encoder.") for k in state) and any(k.startswith("text_encoder.") for k in state):
        raise ImageRewardImportError(
            f"{source} looks like a BLIP checkpoint (visual_encoder.*, text_encoder.*), not ImageReward: "
            "it has no reward head (mlp.layers.*). Start training from BLIP with the `backbone` option instead."
        )
    missing = ", ".join(p + "*" for p in prefixes if not any(k.startswith(p) for k in state))
    raise ImageRewardImportError(f"{source} is not an ImageReward checkpoint: no {missing} keys (it has {sample}, ...)")


def _tensor(state: dict[str, torch.Tensor], key: str, ndim: int, source: str) -> torch.Tensor:
    if key not in state:
        raise ImageRewardImportError(f"{source}: missing key {key}")
    value = state[key]
    if value.dim() != ndim:
        raise ImageRewardImportError(f"{source}: {key} has shape {tuple(value.shape)}, expected {ndim} dimensions")
    return value


def _layer_count(state: dict[str, torch.Tensor], pattern: re.Pattern, prefix: str, stack: str, source: str) -> int:
    """How many layers `prefix + stack.N.*` numbers, refusing gaps."""
    indices = {int(m.group(1)) for k in state if k.startswith(prefix) and (m := pattern.match(k[len(prefix) :]))}
    if not indices:
        raise ImageRewardImportError(f"{source}: no {prefix}{stack}.N.* layers")
    missing = sorted(set(range(max(indices) + 1)) - indices)
    if missing:
        raise ImageRewardImportError(
            f"{source}: {prefix}{stack} has no layer {', '.join(map(str, missing))} (but has layer {max(indices)})"
        )
    return max(indices) + 1


def imagereward_config(
    state: dict[str, torch.Tensor],
    med_config: dict,
    tokenizer: PromptTokenizer | None = None,
    *,
    source: str = "checkpoint",
) -> RewardModelConfig:
    """The RewardModelConfig that the tensors (and med_config for the rest) describe."""
    _check_is_imagereward(state, source)
    vis = "blip.visual_encoder."
    patch = _tensor(state, vis + "patch_embed.proj.weight", 4, source)
    width, channels, patch_size, _ = patch.shape
    if channels != 3:
        raise ImageRewardImportError(f"{source}: the patch embedding reads {channels} channels, not 3")
    positions = _tensor(state, vis + "pos_embed", 3, source).shape[1] - 1
    grid = int(round(positions**0.5))
    if grid * grid != positions:
        raise ImageRewardImportError(f"{source}: {positions} patch positions do not form a square grid")
    vision_layers = _layer_count(state, _VIT_BLOCK, vis, "blocks", source)
    if width % VISION_HEAD_DIM:
        raise ImageRewardImportError(f"{source}: vision width {width} is not a multiple of {VISION_HEAD_DIM}")

    txt = "blip.text_encoder."
    words = _tensor(state, txt + "embeddings.word_embeddings.weight", 2, source)
    vocab_size, hidden = words.shape
    text_layers = _layer_count(state, _TEXT_LAYER, txt, "encoder.layer", source)
    cross_key = _tensor(state, txt + "encoder.layer.0.crossattention.self.key.weight", 2, source)
    if cross_key.shape[1] != width:
        raise ImageRewardImportError(
            f"{source}: the text encoder's cross-attention reads width {cross_key.shape[1]}, "
            f"the vision encoder outputs {width}"
        )
    for name, expected in (("hidden_size", hidden), ("num_hidden_layers", text_layers), ("vocab_size", vocab_size)):
        if name in med_config and int(med_config[name]) != expected:
            raise ImageRewardImportError(
                f"med_config.json says {name} = {med_config[name]}, the checkpoint has {expected}: "
                "the two files do not belong together"
            )
    if med_config.get("position_embedding_type", "absolute") != "absolute":
        raise ImageRewardImportError("med_config.json: only absolute position embeddings are supported")

    head_shapes = [_tensor(state, f"mlp.layers.{i}.weight", 2, source).shape for i in HEAD_INDICES]
    if head_shapes[0][1] != hidden or head_shapes[-1][0] != 1:
        raise ImageRewardImportError(f"{source}: the reward head maps {head_shapes[0][1]} -> {head_shapes[-1][0]}")
    embed_dim = _tensor(state, "blip.vision_proj.weight", 2, source).shape[0]

    config = preset_config("imagereward-large", tokenizer=tokenizer)
    config.vision.update(
        hidden_size=int(width),
        intermediate_size=int(_tensor(state, vis + "blocks.0.mlp.fc1.weight", 2, source).shape[0]),
        num_hidden_layers=vision_layers,
        num_attention_heads=int(width) // VISION_HEAD_DIM,
        image_size=grid * int(patch_size),
        patch_size=int(patch_size),
        hidden_act="gelu",
        layer_norm_eps=VISION_LAYER_NORM_EPS,
    )
    config.text.update(
        vocab_size=int(vocab_size),
        hidden_size=int(hidden),
        # The published med_config.json says encoder_width 768; the reference sets the vision width.
        encoder_hidden_size=int(width),
        intermediate_size=int(_tensor(state, txt + "encoder.layer.0.intermediate.dense.weight", 2, source).shape[0]),
        num_hidden_layers=text_layers,
        num_attention_heads=int(med_config["num_attention_heads"]),
        max_position_embeddings=int(_tensor(state, txt + "embeddings.position_embeddings.weight", 2, source).shape[0]),
        hidden_act=med_config.get("hidden_act", "gelu"),
        layer_norm_eps=float(med_config.get("layer_norm_eps", 1e-12)),
        hidden_dropout_prob=float(med_config.get("hidden_dropout_prob", 0.1)),
        attention_probs_dropout_prob=float(med_config.get("attention_probs_dropout_prob", 0.1)),
        initializer_range=float(med_config.get("initializer_range", 0.02)),
        pad_token_id=int(med_config.get("pad_token_id", 0)),
        is_decoder=True,
    )
    config.embed_dim = int(embed_dim)
    config.head_hidden = tuple(int(s[0]) for s in head_shapes[:-1])
    config.reward_mean = IMAGEREWARD_MEAN
    config.reward_std = IMAGEREWARD_STD
    # The published model has exactly the preset's shapes; a smaller or other one says it was imported.
    if config != preset_config("imagereward-large", tokenizer=tokenizer):
        config.preset = "imagereward-import"
    return config


# -----------------------------------------------------------------------------------------------
# Key mapping


def _target_key(key: str) -> str | None:
    """The RewardModel key of a published key; None for a key this format does not have."""
    if key.startswith("blip.visual_encoder."):
        rest = key[len("blip.visual_encoder.") :]
        if rest in _VIT_TOP_RENAMES:
            return "vision_model." + _VIT_TOP_RENAMES[rest]
        m = _VIT_BLOCK.fullmatch(rest)
        if m:
            n, part, kind = m.groups()
            return f"vision_model.encoder.layers.{n}.{_VIT_BLOCK_RENAMES[part]}.{kind}"
        return None
    if key.startswith("blip.text_encoder."):
        return "text_encoder." + key[len("blip.text_encoder.") :]
    if key.startswith(("blip.vision_proj.", "blip.text_proj.")):
        return key[len("blip.") :]
    m = _HEAD.fullmatch(key)
    if m and int(m.group(1)) in HEAD_INDICES:
        return f"head.layers.{m.group(1)}.{m.group(2)}"
    return None


def map_imagereward_state_dict(
    state: dict[str, torch.Tensor], expected: Mapping[str, torch.Tensor], *, source: str = "checkpoint"
) -> dict[str, torch.Tensor]:
    """Published keys -> RewardModel keys, float32. Refuses, naming the keys, any source key that
    maps nowhere, any model key left unfilled, and any shape that differs."""
    state = dict(state)
    position_ids = state.pop(_POSITION_IDS, None)
    if position_ids is not None:
        if not torch.equal(position_ids.flatten().long(), torch.arange(position_ids.numel())):
            raise ImageRewardImportError(f"{source}: {_POSITION_IDS} is not 0, 1, 2, ...: not supported")

    mapped: dict[str, torch.Tensor] = {}
    origin: dict[str, str] = {}
    unused = []
    for key, value in state.items():
        target = _target_key(key)
        if target is None or target not in expected:
            unused.append(key if target is None else f"{key} (-> {target})")
            continue
        mapped[target] = value.float() if value.is_floating_point() else value
        origin[target] = key
    unfilled = [f"{_source_key(k)} (-> {k})" for k in expected if k not in mapped]
    shapes = [
        f"{origin[k]}: {tuple(mapped[k].shape)}, the model's {k}: {tuple(expected[k].shape)}"
        for k in mapped
        if tuple(mapped[k].shape) != tuple(expected[k].shape)
    ]
    problems = []
    for title, keys in (
        ("keys of the checkpoint with no place in the model", unused),
        ("weights of the model missing from the checkpoint", unfilled),
        ("shape mismatches", shapes),
    ):
        if keys:
            more = f", ... ({len(keys)} in all)" if len(keys) > 10 else ""
            problems.append(f"{title}: {', '.join(sorted(keys)[:10])}{more}")
    if problems:
        raise ImageRewardImportError(f"{source} does not fit an ImageReward model; " + "; ".join(problems))
    return mapped


def _source_key(model_key: str) -> str:
    """The published key that fills a RewardModel key (to name what a checkpoint lacks)."""
    vit_top = {v: k for k, v in _VIT_TOP_RENAMES.items()}
    vit_block = {v: k for k, v in _VIT_BLOCK_RENAMES.items()}
    if model_key.startswith("vision_model."):
        rest = model_key[len("vision_model.") :]
        if rest in vit_top:
            return "blip.visual_encoder." + vit_top[rest]
        m = re.fullmatch(r"encoder\.layers\.(\d+)\.(.+)\.(weight|bias)", rest)
        if m and m.group(2) in vit_block:
            return f"blip.visual_encoder.blocks.{m.group(1)}.{vit_block[m.group(2)]}.{m.group(3)}"
    elif model_key.startswith(("text_encoder.", "vision_proj.", "text_proj.")):
        return "blip." + model_key
    elif model_key.startswith("head.layers."):
        return "mlp." + model_key[len("head.") :]
    return "?"


# -----------------------------------------------------------------------------------------------
# The whole import


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_tokenizer(tokenizer_dir: str | Path | None, vocab_size: int) -> PromptTokenizer:
    """bert-base-uncased (+[DEC], [ENC]) from `tokenizer_dir`, or from the hub when None."""
    try:
        tokenizer = PromptTokenizer.from_pretrained(tokenizer_dir if tokenizer_dir is not None else "bert-base-uncased")
    except (TokenizerError, OSError, ValueError) as exc:
        where = tokenizer_dir if tokenizer_dir is not None else "the hub (bert-base-uncased)"
        raise ImageRewardImportError(f"cannot load the bert-base-uncased tokenizer from {where}: {exc}") from None
    if len(tokenizer) != vocab_size:
        raise ImageRewardImportError(
            f"the tokenizer has {len(tokenizer)} tokens, the checkpoint's text encoder {vocab_size}: "
            "ImageReward reads bert-base-uncased (30522) + [DEC] + [ENC]"
        )
    if not getattr(tokenizer.hf, "do_lower_case", True):
        raise ImageRewardImportError("the tokenizer does not lower-case: ImageReward reads bert-base-uncased")
    return tokenizer


def import_imagereward(
    pt_path: str | Path,
    med_config_path: str | Path,
    out_dir: str | Path,
    tokenizer_dir: str | Path | None = None,
    *,
    num_vision_layers: int | None = None,
    num_text_layers: int | None = None,
) -> Path:
    """Convert the published `ImageReward.pt` + `med_config.json` into a checkpoint directory
    (model.safetensors, config.json, tokenizer files) that `load_checkpoint` reads.

    `tokenizer_dir`: bert-base-uncased as a tokenizer directory, a vocab.txt, or a hub id; None
    fetches `bert-base-uncased` from the hub, as the reference does.

    `num_vision_layers` / `num_text_layers`, when given, must equal what the checkpoint holds
    (24 and 12 for ImageReward-v1.0): a guard against importing a truncated or other model.
    Returns `out_dir`."""
    pt_path, out_dir = Path(pt_path), Path(out_dir)
    source = str(pt_path)
    state = read_state_dict(pt_path)
    med_config = read_med_config(med_config_path)
    _check_is_imagereward(state, source)
    vocab_size = _tensor(state, "blip.text_encoder.embeddings.word_embeddings.weight", 2, source).shape[0]
    tokenizer = load_tokenizer(tokenizer_dir, int(vocab_size))
    config = imagereward_config(state, med_config, tokenizer, source=source)
    for what, wanted, found in (
        ("vision", num_vision_layers, config.vision["num_hidden_layers"]),
        ("text", num_text_layers, config.text["num_hidden_layers"]),
    ):
        if wanted is not None and wanted != found:
            raise ImageRewardImportError(f"{source} has {found} {what} layers, {wanted} were expected")

    model = RewardModel(config, tokenizer=tokenizer)
    mapped = map_imagereward_state_dict(state, model.state_dict(), source=source)
    del state
    load_state_dict_strict(model, mapped, source=source)
    model.eval()
    save_checkpoint(
        model,
        out_dir,
        training={
            "origin": "imported",
            "imported_from": {
                "format": "ImageReward (image-reward 1.5) state dict",
                "checkpoint": pt_path.name,
                "checkpoint_sha256": _sha256(pt_path),
                "med_config": Path(med_config_path).name,
                "encoder_width": {"med_config": med_config.get("encoder_width"), "used": config.vision["hidden_size"]},
                "tokenizer": str(tokenizer_dir) if tokenizer_dir is not None else "bert-base-uncased (hub)",
            },
        },
    )
    return out_dir
