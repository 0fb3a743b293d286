"""The pieces of one ReFL update: what the UNet is given, what x0 is, where gradients go."""

import json

import pytest
import torch
from diffusers import DDIMScheduler, UNet2DConditionModel

from rewardmodel.core import PromptTokenizer, build_model
from rewardmodel.refl import ReflConfig, predicted_original, refl_loss, train
from rewardmodel.refl.train import decode, denoising_loss, encode_prompts, make_trainable

from .helpers import PROMPTS, brightness, tiny_components, write_clip_tokenizer


@pytest.mark.parametrize("prediction_type", ["epsilon", "v_prediction"])
def test_predicted_original_is_the_x0_of_a_ddim_step(prediction_type):
    scheduler = tiny_components(prediction_type=prediction_type)["scheduler"]
    scheduler.set_timesteps(40)
    sample, model_output = torch.randn(2, 4, 8, 8), torch.randn(2, 4, 8, 8)
    t = scheduler.timesteps[33]
    expected = scheduler.step(model_output, t, sample).pred_original_sample
    got = predicted_original(scheduler, model_output, torch.stack([t, t]), sample)
    torch.testing.assert_close(got, expected)


def one_refl_backward(components, tokenizer, config, reward):
    scheduler = DDIMScheduler.from_config(components["scheduler"].config)
    prompts = PROMPTS[:2]
    loss, _ = refl_loss(
        unet=components["unet"],
        vae=components["vae"],
        scheduler=scheduler,
        reward=reward,
        prompts=prompts,
        embeddings=encode_prompts(tokenizer, components["text_encoder"], prompts),
        stop_steps=[2, 3],
        generator=torch.Generator().manual_seed(0),
        latent_shape=(4, 8, 8),
        config=config,
    )
    loss.backward()


@pytest.fixture
def tokenizer(tmp_path):
    from transformers import CLIPTokenizer

    return CLIPTokenizer.from_pretrained(write_clip_tokenizer(tmp_path / "tokenizer"))


def frozen_reward_model():
    model = build_model("tiny", PromptTokenizer.build(PROMPTS)).requires_grad_(False).eval()
    return model


@pytest.mark.parametrize("lora_rank", [4, 0], ids=["lora", "full"])
def test_gradients_reach_exactly_the_trainable_parameters(tokenizer, lora_rank):
    components = tiny_components()
    components["vae"].requires_grad_(False)
    components["text_encoder"].requires_grad_(False)
    reward_model = frozen_reward_model()
    config = ReflConfig(num_steps=4, t_min=2, t_max=3, lora_rank=lora_rank, reward_margin=100.0)
    trainable = make_trainable(components["unet"], config, device="cpu")
    with torch.no_grad():  # LoRA's B starts at zero, which would zero the gradient of A
        for name, p in components["unet"].named_parameters():
            if "lora_B" in name:
                p.normal_(std=0.1)

    one_refl_backward(components, tokenizer, config, reward_model.reward)

    named = dict(components["unet"].named_parameters())
    trained = {name for name, p in named.items() if any(p is q for q in trainable)}
    if lora_rank:
        assert trained and all("lora_" in name for name in trained)
        assert trained == {name for name in named if "lora_" in name}
    else:
        assert trained == set(named)
    for name, p in named.items():
        if name in trained:
            assert p.grad is not None and p.grad.abs().sum() > 0, name
        else:
            assert p.grad is None, name
    others = [components["vae"], components["text_encoder"], reward_model]
    assert all(p.grad is None for module in others for p in module.parameters())


def test_the_reward_gradient_goes_through_the_vae_decoding_of_x0():
    vae = tiny_components()["vae"].requires_grad_(False)
    latents = torch.randn(1, 4, 8, 8, requires_grad=True)
    brightness(decode(vae, latents), ["a"]).sum().backward()
    assert latents.grad is not None and latents.grad.abs().sum() > 0


@pytest.mark.parametrize("prediction_type", ["epsilon", "v_prediction"])
def test_the_denoising_loss_trains_the_unet_towards_its_target(tokenizer, prediction_type):
    components = tiny_components(prediction_type=prediction_type)
    from diffusers import DDPMScheduler

    pixels = torch.rand(2, 3, 16, 16) * 2 - 1
    loss = denoising_loss(
        unet=components["unet"],
        vae=components["vae"],
        noise_scheduler=DDPMScheduler.from_config(components["scheduler"].config),
        pixels=pixels,
        embeddings=encode_prompts(tokenizer, components["text_encoder"], PROMPTS[:2]),
        generator=torch.Generator().manual_seed(0),
    )
    loss.backward()
    assert loss.item() > 0
    assert components["unet"].conv_out.weight.grad.abs().sum() > 0


def test_the_gradient_step_gives_the_unet_the_schedulers_timestep_not_the_index(
    tmp_path, monkeypatch, bundle, tiny_pipeline
):
    calls = []
    forward = UNet2DConditionModel.forward

    def spy(self, sample, timestep, *args, **kwargs):
        calls.append((torch.as_tensor(timestep).clone(), torch.is_grad_enabled()))
        return forward(self, sample, timestep, *args, **kwargs)

    monkeypatch.setattr(UNet2DConditionModel, "forward", spy)
    config = ReflConfig(num_steps=10, t_min=5, t_max=9, steps=3, batch_size=3, eval_prompts=0, pretrain_weight=0)
    train(config, bundle=bundle, pipeline=tiny_pipeline, out=tmp_path / "out", reward=brightness)

    gradient_steps = [t for t, grad in calls if grad]
    stop_steps = [r["stop_steps"] for r in json.loads((tmp_path / "out" / "metrics.json").read_text())["train"]]
    scheduler = DDIMScheduler.from_pretrained(tiny_pipeline, subfolder="scheduler")
    scheduler.set_timesteps(10)
    assert len(gradient_steps) == 3
    for given, stops in zip(gradient_steps, stop_steps):
        assert given.tolist() == scheduler.timesteps[stops].tolist()
        assert given.tolist() != stops
    # and the steps before it ran without gradient, as many as the latest stop step of the batch
    assert len(calls) - len(gradient_steps) == sum(max(stops) for stops in stop_steps)


def test_the_pretraining_loss_is_computed_and_logged(tmp_path, bundle, tiny_pipeline, pretrain_data):
    config = ReflConfig(num_steps=4, t_min=2, t_max=3, steps=3, eval_prompts=0, pretrain_weight=0.5, log_every=1)
    events = []
    train(
        config,
        bundle=bundle,
        pipeline=tiny_pipeline,
        out=tmp_path / "out",
        pretrain_data=pretrain_data,
        reward=brightness,
        on_progress=events.append,
    )
    records = json.loads((tmp_path / "out" / "metrics.json").read_text())["train"]
    assert [r["step"] for r in records] == [1, 2, 3]
    assert all(r["pretrain_loss"] > 0 and r["reward_loss"] > 0 for r in records)
    assert [e["pretrain_loss"] for e in events] == [r["pretrain_loss"] for r in records]


def test_bf16_autocast_runs_and_saves_fp32_lora_weights(tmp_path, bundle, tiny_pipeline, pretrain_data):
    config = ReflConfig(
        num_steps=4,
        t_min=2,
        t_max=3,
        steps=2,
        eval_prompts=2,
        eval_guidance_scale=1.0,
        mixed_precision="bf16",
        cpu=True,
    )
    result = train(
        config,
        bundle=bundle,
        pipeline=tiny_pipeline,
        out=tmp_path / "out",
        pretrain_data=pretrain_data,
        reward=brightness,
    )
    run = json.loads((tmp_path / "out" / "refl_config.json").read_text())
    records = json.loads((tmp_path / "out" / "metrics.json").read_text())["train"]
    assert run["mixed_precision"] == "bf16"
    assert all(r["pretrain_loss"] > 0 for r in records) and result["final_mean_reward"] is not None
    from safetensors.torch import load_file

    saved = load_file(tmp_path / "out" / "pytorch_lora_weights.safetensors")
    assert saved and all(v.dtype == torch.float32 for v in saved.values())


def test_gradient_accumulation_draws_a_micro_batch_per_accumulated_step(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(
        num_steps=4,
        t_min=2,
        t_max=3,
        steps=2,
        batch_size=2,
        grad_accum_steps=3,
        eval_prompts=0,
        pretrain_weight=0,
        ema=True,
        gradient_checkpointing=True,
    )
    train(config, bundle=bundle, pipeline=tiny_pipeline, out=tmp_path / "out", reward=brightness)
    records = json.loads((tmp_path / "out" / "metrics.json").read_text())["train"]
    assert [len(r["stop_steps"]) for r in records] == [6, 6]


def test_the_runs_configuration_is_written_and_reads_back(tmp_path, bundle, tiny_pipeline):
    config = ReflConfig(num_steps=4, t_min=2, t_max=3, steps=1, eval_prompts=2, pretrain_weight=0, lora_rank=2)
    train(config, bundle=bundle, pipeline=tiny_pipeline, out=tmp_path / "out", reward=brightness)
    run = json.loads((tmp_path / "out" / "refl_config.json").read_text())
    assert ReflConfig.from_dict(run["config"]) == config
    assert len(run["held_out_prompts"]) == 2 and run["training_prompts"] == len(PROMPTS) - 2


def test_a_stable_diffusion_pndm_config_gives_a_ddim_schedule_without_pixel_clipping():
    from diffusers import PNDMScheduler

    from rewardmodel.refl.train import ddim_scheduler

    pndm = PNDMScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012, skip_prk_steps=True)
    scheduler = ddim_scheduler(pndm.config)
    scheduler.set_timesteps(40)
    assert type(scheduler).__name__ == "DDIMScheduler" and scheduler.config.clip_sample is False
    assert scheduler.timesteps[0] > scheduler.timesteps[-1] and len(scheduler.timesteps) == 40
    torch.testing.assert_close(scheduler.alphas_cumprod, pndm.alphas_cumprod)
