"""ReFL (ImageReward, section 4 and Algorithm 1): fine-tune a latent diffusion model with a reward
model's gradient. The whole loop is in `train()` below.

One ReFL update, per sample of a batch of training prompts:
    draw the stop step t uniformly from [t_min, t_max] of a DDIM schedule of `num_steps` steps;
    denoise from pure noise for steps 0 .. t-1 without gradient;
    run the UNet once more with gradient at the scheduler's timestep `timesteps[t]` (ImageReward's
    public script passes the index t, which tells the UNet the wrong noise level);
    read the predicted x0 off that step, decode it with the VAE, score it with the reward model
    (its differentiable tensor path), and minimise  reward_weight * relu(reward_margin - r).
One pre-training update follows, on image-text pairs: the ordinary denoising loss (epsilon or
v prediction as the scheduler is configured), times `pretrain_weight`. The paper alternates the two;
without the second the generator drifts (what users of the public script report).

The denoising steps before t run in no_grad, so only one UNet step, the VAE decoder and the reward
model hold activations for the backward pass. Latent shape and VAE scaling come from the pipeline's
configs. LoRA (peft, through diffusers' `add_adapter`) is the default; `lora_rank=0` trains the
whole UNet. Multi-GPU: the loop runs under `accelerate.Accelerator`, so `accelerate launch -m
rewardmodel.refl train ...` trains data-parallel; the main process evaluates and saves.
"""

import json
import math
import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch
import torch.nn.functional as F
from PIL import Image

from .inputs import (
    Bundle,
    PairDataset,
    PipelineParts,
    ReflSetupError,
    check_pipeline_folder,
    load_pipeline_parts,
    load_pretrain_pairs,
    load_reward_model,
    open_bundle,
)

RewardFn = Callable[[torch.Tensor, list[str]], torch.Tensor]  # (B, 3, H, W) in [0, 1], prompts -> (B,)
LORA_WEIGHTS = "pytorch_lora_weights.safetensors"


@dataclass
class ReflConfig:
    # The sampling of the paper: DDIM with `num_steps` steps, stop step t ~ U{t_min .. t_max}.
    num_steps: int = 40
    t_min: int = 30
    t_max: int = 39
    resolution: int | None = None  # pixels; None: the UNet's sample_size times the VAE's factor
    # The objective
    reward_weight: float = 1e-3  # lambda, the paper's "grad scale"
    reward_margin: float = 2.0  # phi(r) = relu(margin - r), ImageReward's ReFL.py
    pretrain_weight: float = 1.0  # 0: no pre-training updates (and no pre-training data needed)
    # What trains
    lora_rank: int = 4  # 0: the whole UNet
    lora_alpha: float | None = None  # None: the rank (scale 1)
    lora_targets: tuple[str, ...] = ("to_q", "to_k", "to_v", "to_out.0")
    # Optimisation
    steps: int = 100  # one step = one ReFL update and one pre-training update
    batch_size: int = 2  # prompts per ReFL micro-batch, per process
    pretrain_batch_size: int = 2
    grad_accum_steps: int = 1
    lr: float | None = None  # None: 1e-4 with LoRA, 1e-5 (the paper's) for the whole UNet
    weight_decay: float = 1e-2
    max_grad_norm: float = 1.0
    ema: bool = False
    ema_decay: float = 0.999
    # Hardware
    mixed_precision: str = "auto"  # "no", "bf16", "fp16"; auto: bf16 on a GPU that has it
    gradient_checkpointing: bool = False
    cpu: bool = False
    # Evaluation: prompts held out of the bundle's, sampled with fixed seeds
    eval_prompts: int = 8
    eval_every: int = 50  # steps between evaluations (and one before training, one at the end)
    eval_guidance_scale: float = 7.5
    eval_batch_size: int = 4
    eval_seed: int = 1234
    log_every: int = 10
    seed: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ReflConfig":
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ReflSetupError(f"unknown ReFL options: {', '.join(unknown)}")
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**data)

    def check(self) -> None:
        problems = []
        if self.num_steps < 1:
            problems.append(f"num_steps must be at least 1, got {self.num_steps}")
        if self.t_min > self.t_max:
            problems.append(f"t_min ({self.t_min}) is greater than t_max ({self.t_max})")
        if self.t_min < 0 or self.t_max >= self.num_steps:
            problems.append(f"stop steps [{self.t_min}, {self.t_max}] must lie in [0, {self.num_steps - 1}]")
        for name in ("steps", "batch_size", "pretrain_batch_size", "grad_accum_steps", "eval_batch_size"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("lora_rank", "eval_prompts", "eval_every", "reward_weight", "pretrain_weight"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must not be negative, got {getattr(self, name)}")
        if self.mixed_precision not in ("auto", "no", "bf16", "fp16"):
            problems.append(f"mixed_precision must be auto, no, bf16 or fp16, got {self.mixed_precision!r}")
        if problems:
            raise ReflSetupError("; ".join(problems))

    @property
    def learning_rate(self) -> float:
        return self.lr if self.lr is not None else (1e-4 if self.lora_rank else 1e-5)


# -----------------------------------------------------------------------------------------------
# The pieces of one update


def make_trainable(unet, config: ReflConfig, *, device, dtype=torch.float32) -> list[torch.nn.Parameter]:
    """LoRA layers on the UNet's attention projections (its own weights frozen, in `dtype`), or the
    whole UNet in fp32; returns the parameters that train."""
    if not config.lora_rank:
        _move(unet.requires_grad_(True), device, torch.float32)
        return list(unet.parameters())
    from peft import LoraConfig

    _move(unet.requires_grad_(False), device, dtype)
    unet.add_adapter(
        LoraConfig(
            r=config.lora_rank,
            lora_alpha=config.lora_alpha or config.lora_rank,
            init_lora_weights="gaussian",
            target_modules=list(config.lora_targets),
        )
    )
    trainable = [p for p in unet.parameters() if p.requires_grad]
    for p in trainable:  # trained in fp32 under autocast, whatever the frozen weights' dtype
        p.data = p.data.float()
    return trainable


def ddim_scheduler(config):
    """The DDIM schedule of a pipeline's scheduler config (Stable Diffusion ships PNDM's). DDIM's
    own default clips x0 to [-1, 1], which is meant for pixels, not latents: off, as
    StableDiffusionPipeline also sets it."""
    from diffusers import DDIMScheduler

    return DDIMScheduler.from_config(config, clip_sample=False)


def encode_prompts(tokenizer, text_encoder, prompts: list[str]) -> torch.Tensor:
    ids = tokenizer(
        prompts, padding="max_length", max_length=tokenizer.model_max_length, truncation=True, return_tensors="pt"
    ).input_ids
    with torch.no_grad():
        return text_encoder(ids.to(text_encoder.device))[0]


def predicted_original(scheduler, model_output: torch.Tensor, timesteps: torch.Tensor, sample: torch.Tensor):
    """x0 as DDIM's step predicts it, for a different timestep per sample (the scheduler's
    `step` takes one timestep for the whole batch). In fp32 whatever the UNet's output dtype."""
    alpha = scheduler.alphas_cumprod.to(sample.device)[timesteps.to(sample.device)].view(-1, 1, 1, 1).float()
    sample, model_output = sample.float(), model_output.float()
    kind = scheduler.config.prediction_type
    if kind == "epsilon":
        return (sample - (1 - alpha).sqrt() * model_output) / alpha.sqrt()
    if kind == "v_prediction":
        return alpha.sqrt() * sample - (1 - alpha).sqrt() * model_output
    if kind == "sample":
        return model_output
    raise ReflSetupError(f"unsupported prediction_type {kind!r} in the scheduler's config")


def decode(vae, latents: torch.Tensor) -> torch.Tensor:
    """Pixels in [0, 1] of latents in the UNet's space, differentiably."""
    shift = getattr(vae.config, "shift_factor", None) or 0.0
    image = vae.decode(latents.to(vae.dtype) / vae.config.scaling_factor + shift).sample
    return (image.float() / 2 + 0.5).clamp(0, 1)


def refl_loss(
    *, unet, vae, scheduler, reward: RewardFn, prompts, embeddings, stop_steps, generator, latent_shape, config
):
    """The reward loss of one batch, with gradient through one UNet step (see the module docstring)."""
    device = embeddings.device
    scheduler.set_timesteps(config.num_steps, device=device)
    timesteps = scheduler.timesteps
    stop = torch.tensor(stop_steps, device=device)
    latents = torch.randn((len(prompts), *latent_shape), generator=generator, device=device)
    latents = latents * scheduler.init_noise_sigma
    with torch.no_grad():
        for i in range(max(stop_steps)):
            t = timesteps[i]
            model_output = unet(scheduler.scale_model_input(latents, t), t, encoder_hidden_states=embeddings).sample
            stepped = scheduler.step(model_output, t, latents).prev_sample
            latents = torch.where((stop > i).view(-1, 1, 1, 1), stepped, latents)
    t = timesteps[stop]
    model_output = unet(scheduler.scale_model_input(latents, t), t, encoder_hidden_states=embeddings).sample
    x0 = predicted_original(scheduler, model_output, t, latents)
    rewards = reward(decode(vae, x0), list(prompts)).float()
    loss = config.reward_weight * F.relu(config.reward_margin - rewards).mean()
    return loss, rewards.detach()


def denoising_loss(*, unet, vae, noise_scheduler, pixels, embeddings, generator):
    """The ordinary diffusion loss on real images (what the model was pre-trained with)."""
    with torch.no_grad():
        shift = getattr(vae.config, "shift_factor", None) or 0.0
        latents = vae.encode(pixels.to(vae.dtype)).latent_dist.sample(generator)
        latents = ((latents - shift) * vae.config.scaling_factor).float()
    noise = torch.randn(latents.shape, generator=generator, device=latents.device)
    t = torch.randint(
        0, noise_scheduler.config.num_train_timesteps, (len(latents),), generator=generator, device=latents.device
    )
    kind = noise_scheduler.config.prediction_type
    if kind == "epsilon":
        target = noise
    elif kind == "v_prediction":
        target = noise_scheduler.get_velocity(latents, noise, t)
    else:
        target = latents
    prediction = unet(noise_scheduler.add_noise(latents, noise, t), t, encoder_hidden_states=embeddings).sample
    return F.mse_loss(prediction.float(), target.float())


# -----------------------------------------------------------------------------------------------
# Sampling and evaluation


def make_pipeline(parts: PipelineParts, unet):
    """A StableDiffusionPipeline of `parts` with `unet` and a DDIM schedule, for sampling."""
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline(
        vae=parts.vae,
        text_encoder=parts.text_encoder,
        tokenizer=parts.tokenizer,
        unet=unet,
        scheduler=ddim_scheduler(parts.scheduler.config),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def sample_images(pipe, prompts, *, seed, num_steps, guidance_scale, resolution, batch_size=4) -> torch.Tensor:
    """(N, 3, H, W) in [0, 1] on the CPU; image i is drawn from CPU generator seed + i, so the
    same prompts and seed give the same images on any device and batch size."""
    out = []
    for start in range(0, len(prompts), batch_size):
        chunk = list(prompts[start : start + batch_size])
        generators = [torch.Generator().manual_seed(seed + start + i) for i in range(len(chunk))]
        with torch.no_grad():
            images = pipe(
                chunk,
                generator=generators,
                num_inference_steps=num_steps,
                guidance_scale=guidance_scale,
                height=resolution,
                width=resolution,
                output_type="pt",
            ).images
        out.append(images.float().cpu())
    return torch.cat(out)


def score_images(reward: RewardFn, images: torch.Tensor, prompts, device, batch_size=4) -> torch.Tensor:
    out = []
    with torch.no_grad():
        for start in range(0, len(prompts), batch_size):
            chunk = images[start : start + batch_size].to(device)
            out.append(reward(chunk, list(prompts[start : start + batch_size])).float().cpu())
    return torch.cat(out)


def save_grid(images: torch.Tensor, path: Path, columns: int = 4) -> Path:
    n, _, h, w = images.shape
    columns = min(columns, n)
    rows = math.ceil(n / columns)
    grid = Image.new("RGB", (columns * w, rows * h))
    for i, image in enumerate(images):
        array = (image.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
        grid.paste(Image.fromarray(array), ((i % columns) * w, (i // columns) * h))
    path.parent.mkdir(parents=True, exist_ok=True)
    grid.save(path)
    return path


def split_prompts(prompts: list[str], n_eval: int, seed: int) -> tuple[list[str], list[str]]:
    """(training prompts, held-out prompts): the same bundle and seed always hold out the same."""
    shuffled = sorted(prompts)
    random.Random(seed).shuffle(shuffled)
    held_out, training = shuffled[:n_eval], shuffled[n_eval:]
    if not training:
        raise ReflSetupError(
            f"the bundle has {len(prompts)} prompts and {n_eval} are held out for evaluation: none is left to train on"
        )
    return training, held_out


# -----------------------------------------------------------------------------------------------
# The training loop


def train(
    config: ReflConfig,
    *,
    bundle: str | Path,
    pipeline: str | Path,
    out: str | Path,
    pretrain_data: str | Path | None = None,
    reward: RewardFn | None = None,
    on_progress: Callable[[dict], None] | None = None,
) -> dict:
    """Fine-tune `pipeline` on the prompts of `bundle` with the bundle's reward model (or `reward`,
    any differentiable callable, for experiments and tests); write the result to `out`."""
    # -- everything is checked before a model is loaded
    config.check()
    pipeline = check_pipeline_folder(pipeline)
    opened = open_bundle(bundle)
    try:
        if config.pretrain_weight > 0 and pretrain_data is None:
            raise ReflSetupError(
                "no pre-training data: give image-text pairs (ReFL without the pre-training loss drifts), "
                "or set pretrain_weight to 0 to run without them"
            )
        pairs = load_pretrain_pairs(pretrain_data) if config.pretrain_weight > 0 else []
        training_prompts, held_out = split_prompts(opened.prompts, config.eval_prompts, config.eval_seed)
        return _train(config, opened, pipeline, Path(out), pairs, training_prompts, held_out, reward, on_progress)
    finally:
        opened.close()


def _train(config, bundle: Bundle, pipeline, out, pairs, training_prompts, held_out, reward, on_progress) -> dict:
    from accelerate import Accelerator
    from accelerate.state import AcceleratorState, GradientState
    from accelerate.utils import set_seed
    from diffusers import DDPMScheduler

    mixed_precision = config.mixed_precision
    if mixed_precision == "auto":
        gpu = torch.cuda.is_available() and not config.cpu
        mixed_precision = "bf16" if gpu and torch.cuda.is_bf16_supported() else "no"
    # accelerate keeps its settings per process; an earlier run in this process must not impose
    # its precision or device on this one.
    AcceleratorState._reset_state()
    GradientState._reset_state()
    accelerator = Accelerator(mixed_precision=mixed_precision, cpu=config.cpu)
    device = accelerator.device
    weight_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(accelerator.mixed_precision, torch.float32)
    set_seed(config.seed)  # the same initial weights (LoRA included) on every process

    # -- models: the UNet trains (or its LoRA layers), everything else is frozen
    reward_model = None
    if reward is None:
        reward_model = load_reward_model(bundle, device)
        if config.gradient_checkpointing:
            reward_model.enable_activation_checkpointing()
        reward = reward_model.reward
    parts = load_pipeline_parts(pipeline)
    unet, vae, text_encoder = parts.unet, parts.vae, parts.text_encoder
    for frozen in (vae, text_encoder):
        _move(frozen.requires_grad_(False).eval(), device, weight_dtype)
    resolution = config.resolution or parts.default_resolution
    if resolution % parts.vae_scale_factor:
        raise ReflSetupError(f"resolution {resolution} is not a multiple of the VAE's factor {parts.vae_scale_factor}")
    latent_shape = (unet.config.in_channels, resolution // parts.vae_scale_factor, resolution // parts.vae_scale_factor)
    trainable = make_trainable(unet, config, device=device, dtype=weight_dtype)
    unet.train()
    if config.gradient_checkpointing:
        unet.enable_gradient_checkpointing()
        vae.enable_gradient_checkpointing()
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=config.weight_decay)
    ema = None
    if config.ema:
        from diffusers.training_utils import EMAModel

        ema = EMAModel(trainable, decay=config.ema_decay)
        ema.to(device)
    unet, optimizer = accelerator.prepare(unet, optimizer)
    pretrain_batches = None
    if pairs:
        loader = torch.utils.data.DataLoader(
            PairDataset(pairs, resolution),
            batch_size=config.pretrain_batch_size,
            shuffle=True,
            drop_last=len(pairs) >= config.pretrain_batch_size,
            generator=torch.Generator().manual_seed(config.seed),
        )
        pretrain_batches = _forever(accelerator.prepare(loader))

    # Training noise is per process; evaluation noise is fixed (sample_images).
    scheduler = ddim_scheduler(parts.scheduler.config)
    noise_scheduler = DDPMScheduler.from_config(parts.scheduler.config)
    rng = random.Random(config.seed * 1000 + accelerator.process_index)
    generator = torch.Generator(device).manual_seed(config.seed * 1000 + accelerator.process_index)

    out.mkdir(parents=True, exist_ok=True)
    metrics = {"evaluations": [], "train": []}
    run_info = {
        "config": config.to_dict(),
        "bundle": str(bundle.root),
        "pipeline": str(pipeline),
        "resolution": resolution,
        "latent_shape": list(latent_shape),
        "mode": "lora" if config.lora_rank else "full",
        "mixed_precision": accelerator.mixed_precision,
        "processes": accelerator.num_processes,
        "training_prompts": len(training_prompts),
        "held_out_prompts": held_out,
        "pretrain_pairs": len(pairs),
    }
    _write_json(out / "refl_config.json", run_info, accelerator)

    def evaluate(step: int) -> dict:
        """Mean reward of the held-out prompts (fixed seeds), with the EMA weights if any."""
        record = {"step": step}
        if accelerator.is_main_process and held_out:
            unwrapped = accelerator.unwrap_model(unet)
            if ema is not None:
                ema.store(trainable)
                ema.copy_to(trainable)
            unwrapped.eval()
            with accelerator.autocast():
                pipe = make_pipeline(parts, unwrapped)
                images = sample_images(
                    pipe,
                    held_out,
                    seed=config.eval_seed,
                    num_steps=config.num_steps,
                    guidance_scale=config.eval_guidance_scale,
                    resolution=resolution,
                    batch_size=config.eval_batch_size,
                )
                rewards = score_images(reward, images, held_out, device, config.eval_batch_size)
            unwrapped.train()
            if ema is not None:
                ema.restore(trainable)
            grid = save_grid(images, out / "samples" / f"step-{step:06d}.png")
            record.update(mean_reward=rewards.mean().item(), rewards=rewards.tolist(), grid=str(grid.relative_to(out)))
            metrics["evaluations"].append(record)
            _write_json(out / "metrics.json", metrics, accelerator)
        accelerator.wait_for_everyone()
        return record

    def optimizer_step(micro_loss: Callable[[], tuple[torch.Tensor, dict]]) -> dict:
        """`grad_accum_steps` micro-batches of `micro_loss`, then one update; the mean statistics."""
        totals = {}
        for k in range(config.grad_accum_steps):
            last = k == config.grad_accum_steps - 1
            with nullcontext() if last else accelerator.no_sync(unet), accelerator.autocast():
                loss, stats = micro_loss()
                accelerator.backward(loss / config.grad_accum_steps)
            for key, value in {"loss": loss.detach(), **stats}.items():
                totals[key] = totals.get(key, 0.0) + value.float().mean() / config.grad_accum_steps
        if config.max_grad_norm:
            accelerator.clip_grad_norm_(trainable, config.max_grad_norm)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if ema is not None:
            ema.step(trainable)
        return {key: accelerator.reduce(value, "mean").item() for key, value in totals.items()}

    def reward_micro_batch():
        prompts = rng.choices(training_prompts, k=config.batch_size)
        stop_steps = [rng.randint(config.t_min, config.t_max) for _ in prompts]
        drawn.extend(stop_steps)
        loss, rewards = refl_loss(
            unet=unet,
            vae=vae,
            scheduler=scheduler,
            reward=reward,
            prompts=prompts,
            embeddings=encode_prompts(parts.tokenizer, text_encoder, prompts),
            stop_steps=stop_steps,
            generator=generator,
            latent_shape=latent_shape,
            config=config,
        )
        return loss, {"reward": rewards}

    def pretrain_micro_batch():
        pixels, captions = next(pretrain_batches)
        loss = denoising_loss(
            unet=unet,
            vae=vae,
            noise_scheduler=noise_scheduler,
            pixels=pixels.to(device),
            embeddings=encode_prompts(parts.tokenizer, text_encoder, list(captions)),
            generator=generator,
        )
        return config.pretrain_weight * loss, {"unweighted": loss.detach()}

    # -- the loop: Algorithm 1 of the paper, a ReFL update then a pre-training update
    started = time.monotonic()
    initial = evaluate(0)
    for step in range(1, config.steps + 1):
        drawn = []
        refl = optimizer_step(reward_micro_batch)
        record = {"step": step, "reward_loss": refl["loss"], "train_reward": refl["reward"], "stop_steps": drawn}
        if pretrain_batches is not None:
            record["pretrain_loss"] = optimizer_step(pretrain_micro_batch)["unweighted"]
        metrics["train"].append(record)
        if step % config.log_every == 0 or step == config.steps:
            _write_json(out / "metrics.json", metrics, accelerator)
        event = {"step": step, "total_steps": config.steps, **record}
        if step == config.steps or (config.eval_every and step % config.eval_every == 0):
            event["mean_reward"] = evaluate(step).get("mean_reward")
        if on_progress is not None and accelerator.is_main_process:
            on_progress(event)

    # -- the result: a folder diffusers loads, with the metrics and the run's configuration
    final = accelerator.unwrap_model(unet)
    if ema is not None:
        ema.copy_to(trainable)
    if accelerator.is_main_process:
        save_result(final, parts, out, lora=bool(config.lora_rank))
        metrics["seconds"] = round(time.monotonic() - started, 1)
        _write_json(out / "metrics.json", metrics, accelerator)
    accelerator.wait_for_everyone()
    evaluations = metrics["evaluations"]
    return {
        "out": str(out),
        "mode": run_info["mode"],
        "steps": config.steps,
        "initial_mean_reward": initial.get("mean_reward"),
        "final_mean_reward": evaluations[-1]["mean_reward"] if evaluations else None,
        "metrics": str(out / "metrics.json"),
    }


def _move(module, device, dtype):
    module.to(device)
    if dtype != torch.float32:  # diffusers warns about any dtype argument, even a no-op one
        module.to(dtype=dtype)
    return module


def _forever(loader):
    while True:
        yield from loader


def _write_json(path: Path, data: dict, accelerator) -> None:
    if accelerator.is_main_process:
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


# -----------------------------------------------------------------------------------------------
# The result


def save_result(unet, parts: PipelineParts, out: Path, *, lora: bool) -> Path:
    """LoRA: pytorch_lora_weights.safetensors, which `pipe.load_lora_weights(out)` reads.
    Whole UNet: a copy of the pipeline folder with the trained unet/, which
    `StableDiffusionPipeline.from_pretrained(out)` reads (the frozen parts are copied as they
    were on disk, not from their mixed-precision copies in memory)."""
    import shutil

    from diffusers import StableDiffusionPipeline

    if lora:
        from diffusers.utils import convert_state_dict_to_diffusers
        from peft.utils import get_peft_model_state_dict

        layers = convert_state_dict_to_diffusers(get_peft_model_state_dict(unet))
        layers = {k: v.detach().float().cpu() for k, v in layers.items()}
        StableDiffusionPipeline.save_lora_weights(
            out,
            unet_lora_layers=layers,
            safe_serialization=True,
            unet_lora_adapter_metadata=unet.peft_config["default"].to_dict(),
        )
        return out / LORA_WEIGHTS
    for item in parts.folder.iterdir():
        if item.name == "unet":
            continue
        target = out / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        elif item.name == "model_index.json":
            shutil.copyfile(item, target)
    unet.to(torch.float32).save_pretrained(out / "unet", safe_serialization=True)
    return out


def load_result(pipeline: str | Path, result: str | Path | None = None, *, device="cpu", num_steps: int = 40):
    """A DDIM StableDiffusionPipeline of a ReFL result: `pipeline` with the LoRA weights in
    `result`, or the full pipeline written to `result`, or `pipeline` alone."""
    from diffusers import StableDiffusionPipeline

    base = check_pipeline_folder(pipeline)
    lora = None
    if result is not None:
        result = Path(result)
        if (result / "model_index.json").is_file():
            base = check_pipeline_folder(result)
        elif (result / LORA_WEIGHTS).is_file():
            lora = result
        else:
            raise ReflSetupError(f"{result} is not a ReFL result: neither model_index.json nor {LORA_WEIGHTS}")
    pipe = StableDiffusionPipeline.from_pretrained(
        base, local_files_only=True, safety_checker=None, feature_extractor=None, requires_safety_checker=False
    )
    if lora is not None:
        pipe.load_lora_weights(lora, weight_name=LORA_WEIGHTS)
    pipe.scheduler = ddim_scheduler(pipe.scheduler.config)
    pipe.set_progress_bar_config(disable=True)
    return pipe.to(device)
