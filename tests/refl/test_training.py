"""Whole ReFL runs on the tiny pipeline: the reward rises, the result reloads in diffusers."""

import json
import shutil

import numpy as np
import pytest
import torch
from diffusers import StableDiffusionPipeline
from PIL import Image

from rewardmodel.refl import ReflConfig, load_result, train
from rewardmodel.refl.cli import main
from rewardmodel.refl.train import sample_images

from .helpers import brightness

SHORT = dict(num_steps=8, t_min=4, t_max=7, batch_size=2, eval_prompts=4, eval_guidance_scale=1.0, seed=0)


@pytest.mark.slow
def test_the_held_out_reward_rises_over_a_few_dozen_lora_steps(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**SHORT, steps=30, eval_every=10, lr=3e-2, reward_weight=1.0, pretrain_weight=0)
    result = train(config, bundle=bundle, pipeline=tiny_pipeline, out=tmp_path / "out", reward=brightness)

    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    curve = [e["mean_reward"] for e in metrics["evaluations"]]
    assert [e["step"] for e in metrics["evaluations"]] == [0, 10, 20, 30]
    assert curve == sorted(curve), curve
    assert curve[-1] - curve[0] > 0.015, curve
    assert result["initial_mean_reward"] == curve[0] and result["final_mean_reward"] == curve[-1]
    assert [len(metrics["train"]), (tmp_path / "out" / "samples" / "step-000030.png").is_file()] == [30, True]


def final_evaluation(out):
    metrics = json.loads((out / "metrics.json").read_text())
    last, first = metrics["evaluations"][-1], metrics["evaluations"][0]
    grid = np.asarray(Image.open(out / last["grid"]), dtype=np.int16)
    return json.loads((out / "refl_config.json").read_text())["held_out_prompts"], last, grid, first


def assert_same_images(pipe, out, config):
    held_out, last, grid, first = final_evaluation(out)
    images = sample_images(
        pipe, held_out, seed=config.eval_seed, num_steps=config.num_steps, guidance_scale=1.0, resolution=16
    )
    again = np.concatenate([(i.permute(1, 2, 0).numpy() * 255).round().astype(np.int16) for i in images], axis=1)
    assert np.abs(again - grid).max() <= 1
    torch.testing.assert_close(brightness(images, held_out), torch.tensor(last["rewards"]), atol=1e-4, rtol=0)
    assert last["mean_reward"] != first["mean_reward"], "training changed the images"


def test_the_lora_result_reloads_in_diffusers_and_gives_the_same_images(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(**SHORT, steps=6, eval_every=0, lr=3e-2, reward_weight=1.0, pretrain_weight=0)
    train(config, bundle=bundle, pipeline=tiny_pipeline, out=tmp_path / "out", reward=brightness)

    pipe = StableDiffusionPipeline.from_pretrained(tiny_pipeline, safety_checker=None, requires_safety_checker=False)
    pipe.load_lora_weights(tmp_path / "out")
    pipe.set_progress_bar_config(disable=True)
    assert_same_images(pipe, tmp_path / "out", config)


def test_the_fully_fine_tuned_result_is_a_pipeline_folder(tmp_path, bundle, tiny_pipeline, pretrain_data):
    config = ReflConfig(**SHORT, steps=4, eval_every=0, lora_rank=0, lr=1e-3, reward_weight=1.0, ema=True)
    train(
        config,
        bundle=bundle,
        pipeline=tiny_pipeline,
        out=tmp_path / "out",
        pretrain_data=pretrain_data,
        reward=brightness,
    )

    StableDiffusionPipeline.from_pretrained(tmp_path / "out", safety_checker=None, requires_safety_checker=False)
    assert_same_images(load_result(tiny_pipeline, tmp_path / "out"), tmp_path / "out", config)


def test_the_cli_trains_evaluates_and_samples_with_the_bundles_reward_model(
    tmp_path, capsys, bundle, tiny_pipeline, pretrain_data
):
    archive = shutil.make_archive(str(tmp_path / "bundle"), "zip", bundle)
    options = ["--num-steps", "4", "--t-min", "2", "--t-max", "3", "--eval-prompts", "3", "--eval-guidance-scale", "1"]
    out = tmp_path / "out"
    assert (
        main(
            [
                "train",
                "--bundle",
                archive,
                "--pipeline",
                str(tiny_pipeline),
                "--pretrain-data",
                str(pretrain_data),
                "--out",
                str(out),
                "--steps",
                "2",
                *options,
            ]
        )
        == 0
    )
    trained = json.loads(capsys.readouterr().out)
    assert trained["mode"] == "lora" and (out / "pytorch_lora_weights.safetensors").is_file()

    assert (
        main(
            [
                "evaluate",
                "--bundle",
                archive,
                "--pipeline",
                str(tiny_pipeline),
                "--result",
                str(out),
                *options[:2],
                *options[6:],
            ]
        )
        == 0
    )
    evaluated = json.loads(capsys.readouterr().out)
    assert evaluated["mean_reward"] == pytest.approx(trained["final_mean_reward"], abs=1e-4)

    grid = tmp_path / "grid.png"
    assert (
        main(
            [
                "sample",
                "--pipeline",
                str(tiny_pipeline),
                "--result",
                str(out),
                "--prompt",
                "a cat",
                "--n",
                "2",
                "--num-steps",
                "4",
                "--out",
                str(grid),
            ]
        )
        == 0
    )
    assert Image.open(grid).size == (32, 16)


def test_the_cli_reports_bad_input_in_one_line(tmp_path, capsys, bundle, tiny_pipeline):
    shutil.copytree(tiny_pipeline, tmp_path / "pipeline", ignore=shutil.ignore_patterns("vae"))
    code = main(
        ["train", "--bundle", str(bundle), "--pipeline", str(tmp_path / "pipeline"), "--out", str(tmp_path / "out")]
    )
    assert code == 2
    assert (
        capsys.readouterr().err.strip() == f"error: the pipeline folder {tmp_path / 'pipeline'} has no vae/ (the VAE)"
    )
