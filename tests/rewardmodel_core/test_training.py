import json
import math

import pytest
import torch

from annotation.synthetic import write_reference_dataset
from rewardmodel.core import (
    DatasetFormatError,
    TrainConfig,
    TrainingSetupError,
    group_ranking_loss,
    load_checkpoint,
    load_data,
    load_groups,
    reference_pair_loss,
    split_by_prompt,
    train,
)
from rewardmodel.core.data import RankedGroup, ranking_pairs
from rewardmodel.core.train import freeze_layers

from .helpers import PROMPTS, bert_tokenizer, random_pixels, tiny_model


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    write_reference_dataset(out, n_groups=12, seed=5, k_range=(4, 6))
    return out


def test_group_loss_equals_the_per_pair_reference_loss_ties_included():
    scores = torch.tensor([0.3, -1.2, 0.8, 0.8, 2.0, -0.1])
    ranking = torch.tensor([2, 4, 1, 1, 3, 2])  # images 2 and 3 tie, so do 0 and 5
    pairs = ranking_pairs(ranking)
    better = [i for i in range(6) for j in range(6) if ranking[i] < ranking[j]]
    worse = [j for i in range(6) for j in range(6) if ranking[i] < ranking[j]]
    assert len(pairs) == len(better) == 13  # C(6, 2) = 15 minus the 2 tied pairs
    expected = reference_pair_loss(scores[better], scores[worse])
    assert torch.allclose(group_ranking_loss(scores, pairs), expected, atol=1e-7)


def test_packed_groups_give_the_mean_over_all_their_pairs():
    scores = torch.tensor([1.0, 0.0, 0.5, -0.5, 2.0])
    pairs = torch.cat([ranking_pairs(torch.tensor([1, 2])), ranking_pairs(torch.tensor([3, 1, 2])) + 2])
    expected = reference_pair_loss(scores[[0, 3, 3, 4]], scores[[1, 2, 4, 2]])
    assert torch.allclose(group_ranking_loss(scores, pairs), expected)


def test_freezing_seventy_percent_freezes_embeddings_and_the_first_layers_of_each_encoder():
    from rewardmodel.core import RewardModel, preset_config

    with torch.device("meta"):
        model = RewardModel(preset_config("imagereward-large", tokenizer=bert_tokenizer()))
    frozen = freeze_layers(model, 0.7)
    assert (frozen["vision_layers_frozen"], frozen["text_layers_frozen"]) == (16, 8)
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert "vision_model.encoder.layers.15.mlp.fc2.weight" not in trainable
    assert "vision_model.encoder.layers.16.self_attn.qkv.weight" in trainable
    assert "text_encoder.encoder.layer.7.output.dense.weight" not in trainable
    assert "text_encoder.encoder.layer.8.attention.self.query.weight" in trainable
    assert "text_encoder.embeddings.word_embeddings.weight" not in trainable
    assert not any(name.startswith(("vision_proj", "text_proj")) for name in trainable)
    assert "head.layers.0.weight" in trainable


def test_training_keeps_the_best_checkpoint_and_reports_progress(small_dataset, tmp_path):
    progress = []
    result = train(
        TrainConfig(epochs=2, groups_per_batch=3, log_every=1),
        small_dataset,
        tmp_path / "out",
        on_progress=progress.append,
    )
    phases = {p["phase"] for p in progress}
    assert phases == {"train", "eval", "done"}
    assert {"epoch", "step", "total_steps", "loss", "val_loss", "val_accuracy", "lr", "elapsed_s"} <= set(progress[0])
    assert progress[-1]["step"] == result["total_steps"]
    model = load_checkpoint(tmp_path / "out")
    config = json.loads((tmp_path / "out" / "config.json").read_text())
    assert config["training"]["best_step"] == result["best_step"]
    assert config["training"]["validation"]["loss"] == result["best_val_loss"]
    # the stored normalisation is the best model's validation reward statistics
    assert model.config.reward_std > 0 and config["model"]["reward_mean"] != 0.0
    assert result["test"]["n_pairs"] > 0 and (tmp_path / "out" / "test_report.json").is_file()


def test_training_is_reproducible_with_a_seed(small_dataset, tmp_path):
    config = TrainConfig(epochs=1, groups_per_batch=4, seed=3)
    first = train(config, small_dataset, tmp_path / "a")
    second = train(config, small_dataset, tmp_path / "b")
    assert first["history"] == second["history"]
    a, b = load_checkpoint(tmp_path / "a"), load_checkpoint(tmp_path / "b")
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_a_single_file_is_split_by_prompt(small_dataset):
    groups = load_groups(small_dataset / "train.json")
    twins = groups + [RankedGroup(g.id + "-again", g.prompt, g.images, g.ranking) for g in groups]
    splits = split_by_prompt(twins, (0.5, 0.25, 0.25), seed=1)
    where = {name: {g.prompt for g in part} for name, part in splits.items()}
    assert sum(len(part) for part in splits.values()) == len(twins)
    assert not (where["train"] & where["valid"]) and not (where["train"] & where["test"])
    assert set(load_data(small_dataset / "train.json")) == {"train", "valid", "test"}


@pytest.mark.parametrize(
    "content,message",
    [
        ("{", "not valid JSON"),
        ('{"prompt": "x"}', "expected a JSON array"),
        ('[{"prompt": "x", "generations": ["a.png", "b.png"]}]', "missing ranking"),
        ('[{"prompt": "x", "generations": ["a.png", "b.png"], "ranking": [1]}]', "2 generations but 1 ranking"),
        ('[{"prompt": "x", "generations": ["a.png", "b.png"], "ranking": [0, 1]}]', "integers >= 1"),
        ('[{"prompt": "x", "generations": ["a.png", "b.png"], "ranking": [1, 2]}]', "2 image files not found"),
    ],
)
def test_malformed_data_files_are_refused_with_the_reason(tmp_path, content, message):
    (tmp_path / "train.json").write_text(content)
    with pytest.raises(DatasetFormatError, match=message):
        load_data(tmp_path)


def test_a_data_folder_needs_train_json(tmp_path):
    (tmp_path / "valid.json").write_text("[]")
    with pytest.raises(DatasetFormatError, match="no train.json .found valid.json"):
        load_data(tmp_path)


def test_training_accumulates_gradients_under_bf16_autocast(small_dataset, tmp_path):
    config = TrainConfig(epochs=1, groups_per_batch=2, grad_accum_steps=2, mixed_precision="bf16", cpu=True)
    result = train(config, small_dataset, tmp_path / "out")
    n_train = len(load_groups(small_dataset / "train.json"))
    assert result["total_steps"] == math.ceil(math.ceil(n_train / 2) / 2)
    assert math.isfinite(result["best_val_loss"])
    assert json.loads((tmp_path / "out" / "config.json").read_text())["training"]["mixed_precision"] == "bf16"


def test_activation_checkpointing_leaves_the_gradients_unchanged():
    model = tiny_model().train()
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.0
    pixels = model.preprocess(random_pixels(3))
    input_ids, attention_mask = model.tokenizer(PROMPTS[:3])
    calls = []  # a module inside a block runs again in the backward pass when the block is recomputed
    model.vision_model.encoder.layers[0].mlp.fc1.register_forward_hook(lambda *_: calls.append(1))
    model.text_encoder.encoder.layer[0].intermediate.register_forward_hook(lambda *_: calls.append(1))

    def gradients():
        calls.clear()
        model.zero_grad()
        model(pixels, input_ids, attention_mask).sum().backward()
        return [p.grad.clone() for p in model.parameters() if p.requires_grad], len(calls)

    plain, plain_calls = gradients()
    model.enable_activation_checkpointing()
    checkpointed, checkpointed_calls = gradients()
    assert (plain_calls, checkpointed_calls) == (2, 4)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(plain, checkpointed))


def test_an_unknown_preset_is_a_setup_error(small_dataset, tmp_path):
    with pytest.raises(TrainingSetupError, match="unknown preset 'huge'"):
        train(TrainConfig(preset="huge"), small_dataset, tmp_path / "out")
