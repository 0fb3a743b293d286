import json

import pytest
import torch
from safetensors.torch import save_file

from rewardmodel.core import CheckpointError, load_checkpoint, save_checkpoint

from .helpers import PROMPTS, random_pixels, tiny_model


def test_saved_and_loaded_model_scores_bitwise_the_same(tmp_path):
    model = tiny_model()
    model.config.reward_mean, model.config.reward_std = 0.25, 1.5
    save_checkpoint(model, tmp_path / "ckpt", training={"note": "test"})
    loaded = load_checkpoint(tmp_path / "ckpt")
    pixels = random_pixels(4)
    assert torch.equal(loaded.score_batch(PROMPTS[0], pixels), model.score_batch(PROMPTS[0], pixels))
    assert (loaded.config.reward_mean, loaded.config.reward_std) == (0.25, 1.5)


def test_checkpoint_directory_holds_weights_config_and_tokenizer(tmp_path):
    save_checkpoint(tiny_model(), tmp_path, training={"best_step": 3})
    config = json.loads((tmp_path / "config.json").read_text())
    assert {"model.safetensors", "config.json", "tokenizer.json", "vocab.txt"} <= {p.name for p in tmp_path.iterdir()}
    assert config["format"] == "imagepref-reward-model" and config["preset"] == "tiny"
    assert config["model"]["reward_mean"] == 0.0 and config["model"]["vision"]["image_size"] == 64
    assert config["tokenizer"]["max_length"] == 35 and config["tokenizer"]["vocab_size"] > 0
    assert config["training"] == {"best_step": 3}


def test_loading_refuses_a_state_dict_with_foreign_keys_and_names_them(tmp_path):
    model = tiny_model()
    save_checkpoint(model, tmp_path)
    # What a DistributedDataParallel save looks like: every key prefixed with "module.".
    save_file(
        {"module." + k: v.contiguous() for k, v in model.state_dict().items()}, str(tmp_path / "model.safetensors")
    )
    with pytest.raises(CheckpointError) as error:
        load_checkpoint(tmp_path)
    message = str(error.value)
    assert "missing keys: head.layers.0.bias" in message
    assert "unexpected keys: module.head.layers.0.bias" in message


def test_loading_names_a_tensor_of_the_wrong_shape(tmp_path):
    model = tiny_model()
    save_checkpoint(model, tmp_path)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    state["head.layers.7.weight"] = torch.zeros(1, 8)
    save_file(state, str(tmp_path / "model.safetensors"))
    with pytest.raises(CheckpointError, match=r"shape mismatches: head.layers.7.weight: \(1, 8\)"):
        load_checkpoint(tmp_path)


def test_a_directory_without_config_is_not_a_checkpoint(tmp_path):
    with pytest.raises(CheckpointError, match="no config.json"):
        load_checkpoint(tmp_path)


def test_a_transformers_model_directory_is_named_as_such(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "blip"}))
    with pytest.raises(CheckpointError, match="transformers model of type 'blip'"):
        load_checkpoint(tmp_path)


def test_the_published_pt_file_points_to_the_importer(tmp_path):
    (tmp_path / "ImageReward.pt").write_bytes(b"\x80\x02")
    with pytest.raises(CheckpointError, match="import-imagereward"):
        load_checkpoint(tmp_path / "ImageReward.pt")


def test_missing_weights_are_reported(tmp_path):
    save_checkpoint(tiny_model(), tmp_path)
    (tmp_path / "model.safetensors").unlink()
    with pytest.raises(CheckpointError, match="no model.safetensors"):
        load_checkpoint(tmp_path)


def test_missing_checkpoint_is_reported(tmp_path):
    with pytest.raises(CheckpointError, match="checkpoint not found"):
        load_checkpoint(tmp_path / "nowhere")
