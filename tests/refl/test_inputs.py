"""Bad input is a clear ReflSetupError, raised before any model is loaded or anything written."""

import json
import shutil
import zipfile

import pytest

from rewardmodel.refl import ReflConfig, ReflSetupError, load_pretrain_pairs, open_bundle, train

from .helpers import PROMPTS, brightness

FAST = dict(num_steps=4, t_min=2, t_max=3, steps=1, eval_prompts=2, pretrain_weight=0)


def refuse(tmp_path, *, match, config=None, reward=brightness, **inputs):
    out = tmp_path / "out"
    with pytest.raises(ReflSetupError, match=match):
        train(config or ReflConfig(**FAST), out=out, reward=reward, **inputs)
    assert not out.exists(), "nothing is written for a run that cannot start"


def test_a_bundle_without_a_checkpoint_is_refused(tmp_path, bundle, tiny_pipeline):
    shutil.copytree(bundle, tmp_path / "bundle", ignore=shutil.ignore_patterns("reward_model"))
    refuse(tmp_path, bundle=tmp_path / "bundle", pipeline=tiny_pipeline, match="has no reward_model/")


def test_a_bundle_without_prompts_is_refused(tmp_path, bundle, tiny_pipeline):
    shutil.copytree(bundle, tmp_path / "bundle")
    (tmp_path / "bundle" / "refl_data.json").unlink()
    refuse(tmp_path, bundle=tmp_path / "bundle", pipeline=tiny_pipeline, match="has no refl_data.json")


def test_a_pipeline_folder_missing_its_vae_is_refused(tmp_path, bundle, tiny_pipeline):
    shutil.copytree(tiny_pipeline, tmp_path / "pipeline", ignore=shutil.ignore_patterns("vae"))
    refuse(tmp_path, bundle=bundle, pipeline=tmp_path / "pipeline", match=r"has no vae/ \(the VAE\)")


def test_a_pipeline_folder_missing_the_unet_weights_names_them(tmp_path, bundle, tiny_pipeline):
    shutil.copytree(tiny_pipeline, tmp_path / "pipeline")
    (tmp_path / "pipeline" / "unet" / "diffusion_pytorch_model.safetensors").unlink()
    refuse(tmp_path, bundle=bundle, pipeline=tmp_path / "pipeline", match="diffusion_pytorch_model.safetensors")


def test_a_stop_range_with_t_min_above_t_max_is_refused(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**{**FAST, "t_min": 3, "t_max": 2})
    refuse(tmp_path, bundle=bundle, pipeline=tiny_pipeline, config=config, match=r"t_min \(3\) is greater than t_max")


def test_a_stop_step_beyond_the_schedule_is_refused(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**{**FAST, "t_max": 4})
    refuse(tmp_path, bundle=bundle, pipeline=tiny_pipeline, config=config, match=r"must lie in \[0, 3\]")


def test_the_pretraining_loss_without_pretraining_data_is_refused(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**{**FAST, "pretrain_weight": 1.0})
    refuse(tmp_path, bundle=bundle, pipeline=tiny_pipeline, config=config, match="no pre-training data")


def test_holding_out_every_prompt_is_refused(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**{**FAST, "eval_prompts": len(PROMPTS)})
    refuse(tmp_path, bundle=bundle, pipeline=tiny_pipeline, config=config, match="none is left to train on")


def test_a_reward_checkpoint_that_does_not_match_its_config_is_refused(tmp_path, bundle, tiny_pipeline):
    shutil.copytree(bundle, tmp_path / "bundle")
    config_file = tmp_path / "bundle" / "reward_model" / "config.json"
    config = json.loads(config_file.read_text())
    config["model"]["embed_dim"] = 32
    config_file.write_text(json.dumps(config))
    refuse(
        tmp_path,
        bundle=tmp_path / "bundle",
        pipeline=tiny_pipeline,
        reward=None,  # the bundle's own reward model, loaded strictly
        match="reward checkpoint cannot be loaded: .*shape mismatch",
    )


def test_the_bundle_opens_from_the_platforms_zip(tmp_path, bundle):
    archive = tmp_path / "snapshot-v1-model-v1.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # the platform's archives put it all under the bundle's name
        for path in bundle.rglob("*"):
            zf.write(path, "snapshot-v1-model-v1/" + str(path.relative_to(bundle)))
    opened = open_bundle(archive)
    try:
        assert opened.prompts == PROMPTS
        assert (opened.checkpoint / "model.safetensors").is_file()
    finally:
        opened.close()
    assert not opened.root.exists(), "the unpacked copy is removed"


def test_pretraining_pairs_are_the_best_ranked_images_of_each_group(pretrain_data):
    pairs = load_pretrain_pairs(pretrain_data)
    groups = json.loads((pretrain_data / "train.json").read_text())
    assert [(p.image.name, p.text) for p in pairs] == [(f"{g['id']}-1.png", g["prompt"]) for g in groups]


def test_pretraining_pairs_can_be_a_diffusers_image_folder(tmp_path, pretrain_data):
    folder = tmp_path / "images"
    shutil.copytree(pretrain_data / "images", folder)
    lines = [
        json.dumps({"file_name": "0-1.png", "text": "a red circle"}),
        json.dumps({"file_name": "1-3.png", "text": "x"}),
    ]
    (folder / "metadata.jsonl").write_text("\n".join(lines))
    assert [(p.image.name, p.text) for p in load_pretrain_pairs(folder)] == [
        ("0-1.png", "a red circle"),
        ("1-3.png", "x"),
    ]
