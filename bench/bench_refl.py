"""ReFL training speed and memory: seconds per step and peak memory, LoRA and full fine-tuning,
at several batch sizes, on a pipeline with random weights (nothing is downloaded).

    .venv/bin/python bench/bench_refl.py --device cuda                 # SD-1.x shapes, 512 px
    .venv/bin/python bench/bench_refl.py --tiny                        # the CPU: a tiny pipeline
    .venv/bin/python bench/bench_refl.py --device cuda --gradient-checkpointing --batch-sizes 8 16

A step is what `rewardmodel.refl.train` counts as one: a ReFL update (up to `t_max` DDIM steps
without gradient, one with, VAE decoding, reward) and a pre-training update on image-text pairs
of the same batch size. The SD-1.x pipeline (UNet 860M, VAE 84M, CLIP ViT-L/14 text encoder 123M)
is scored by a reward model of the published ImageReward shape (BLIP ViT-L + BERT-base); the tiny
one by the `tiny` reward preset. Each configuration runs in its own process, so the peak memory
(CUDA: max allocated; CPU: max RSS) is its own; the first step is a warm-up and is not timed.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROMPTS = [f"a photo of object {i} in scene {i % 7}" for i in range(24)]


def pipeline_configs(tiny: bool) -> dict:
    """Keyword arguments of the diffusers / transformers classes."""
    if tiny:
        return {
            "unet": dict(
                block_out_channels=(8, 16),
                layers_per_block=1,
                sample_size=8,
                down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
                cross_attention_dim=16,
                attention_head_dim=4,
                norm_num_groups=4,
            ),
            "vae": dict(
                block_out_channels=(8, 16),
                down_block_types=("DownEncoderBlock2D",) * 2,
                up_block_types=("UpDecoderBlock2D",) * 2,
                latent_channels=4,
                norm_num_groups=4,
                sample_size=16,
            ),
            "text_encoder": dict(
                hidden_size=16,
                intermediate_size=32,
                num_attention_heads=2,
                num_hidden_layers=2,
                max_position_embeddings=16,
            ),
            "max_length": 16,
            "reward_preset": "tiny",
        }
    # Stable Diffusion 1.x (CompVis/stable-diffusion-v1-4's configs)
    return {
        "unet": dict(
            block_out_channels=(320, 640, 1280, 1280),
            layers_per_block=2,
            sample_size=64,
            down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
            up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
            cross_attention_dim=768,
            attention_head_dim=8,
            norm_num_groups=32,
        ),
        "vae": dict(
            block_out_channels=(128, 256, 512, 512),
            down_block_types=("DownEncoderBlock2D",) * 4,
            up_block_types=("UpDecoderBlock2D",) * 4,
            latent_channels=4,
            norm_num_groups=32,
            sample_size=512,
            scaling_factor=0.18215,
        ),
        "text_encoder": dict(
            hidden_size=768,
            intermediate_size=3072,
            num_attention_heads=12,
            num_hidden_layers=12,
            max_position_embeddings=77,
            hidden_act="quick_gelu",
        ),
        "max_length": 77,
        "reward_preset": "imagereward-large",
    }


def byte_level_vocab() -> dict:
    """CLIP's byte-level BPE alphabet with no merges: enough to tokenize any prompt."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    extra = iter(range(256, 512))
    chars = [chr(b) if b in printable else chr(next(extra)) for b in range(256)]
    tokens = chars + [c + "</w>" for c in chars] + ["<|startoftext|>", "<|endoftext|>"]
    return {t: i for i, t in enumerate(tokens)}


def write_inputs(folder: Path, tiny: bool) -> dict:
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from PIL import Image
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    from rewardmodel.core import PromptTokenizer, build_model, save_checkpoint

    configs = pipeline_configs(tiny)
    vocab = byte_level_vocab()
    torch.manual_seed(0)
    pipe = StableDiffusionPipeline(
        unet=UNet2DConditionModel(**configs["unet"]),
        vae=AutoencoderKL(**configs["vae"]),
        text_encoder=CLIPTextModel(
            CLIPTextConfig(
                **configs["text_encoder"],
                vocab_size=len(vocab),
                bos_token_id=len(vocab) - 2,
                eos_token_id=len(vocab) - 1,
            )
        ),
        tokenizer=CLIPTokenizer(vocab=vocab, merges=[], model_max_length=configs["max_length"]),
        scheduler=DDIMScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            clip_sample=False,
            set_alpha_to_one=False,
            steps_offset=1,
        ),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder / "pipeline")
    resolution = pipe.unet.config.sample_size * pipe.vae_scale_factor
    bundle = folder / "bundle"
    bundle.mkdir()
    (bundle / "refl_data.json").write_text(json.dumps([{"text": p, "image": str(i)} for i, p in enumerate(PROMPTS)]))
    save_checkpoint(build_model(configs["reward_preset"], PromptTokenizer.build(PROMPTS)), bundle / "reward_model")
    data = folder / "pretrain"
    data.mkdir()
    groups = []
    for i, prompt in enumerate(PROMPTS[:8]):
        for rank in (1, 2):
            Image.effect_noise((resolution, resolution), 64 * rank).convert("RGB").save(data / f"{i}-{rank}.png")
        groups.append({"id": str(i), "prompt": prompt, "generations": [f"{i}-1.png", f"{i}-2.png"], "ranking": [1, 2]})
    (data / "train.json").write_text(json.dumps(groups))
    return {"pipeline": folder / "pipeline", "bundle": bundle, "pretrain_data": data}


def run_one(args) -> dict:
    """One configuration, in this process; prints its figures as one JSON line."""
    from rewardmodel.refl import ReflConfig, train

    folder = Path(args.workdir)
    stamps = []
    config = ReflConfig(
        num_steps=args.num_steps,
        t_min=args.num_steps * 3 // 4,
        t_max=args.num_steps - 1,
        steps=args.steps + 1,
        batch_size=args.batch,
        pretrain_batch_size=args.batch,
        lora_rank=4 if args.mode == "lora" else 0,
        gradient_checkpointing=args.gradient_checkpointing,
        resolution=args.resolution,
        mixed_precision=args.mixed_precision,
        cpu=args.device == "cpu",
        eval_prompts=0,
        log_every=10**9,
    )
    if args.device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    train(
        config,
        bundle=folder / "bundle",
        pipeline=folder / "pipeline",
        out=folder / f"out-{args.mode}-{args.batch}",
        pretrain_data=folder / "pretrain",
        on_progress=lambda event: stamps.append(time.perf_counter()),
    )
    steps = [b - a for a, b in zip(stamps, stamps[1:])]
    if args.device == "cuda":
        peak = torch.cuda.max_memory_allocated() / 2**30
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    return {"mode": args.mode, "batch": args.batch, "s_per_step": statistics.median(steps), "peak_gib": peak}


def device_label(device: str) -> str:
    if device == "cuda":
        return torch.cuda.get_device_name()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() + f", {torch.get_num_threads()} threads"
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu", choices=["cuda", "cpu"])
    parser.add_argument("--tiny", action="store_true", help="the tiny pipeline (for a CPU)")
    parser.add_argument("--modes", nargs="+", default=["lora", "full"], choices=["lora", "full"])
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[1, 4, 8])
    parser.add_argument("--steps", type=int, default=3, help="timed steps after one warm-up step")
    parser.add_argument("--num-steps", type=int, default=40, help="DDIM steps; stop steps drawn from the last quarter")
    parser.add_argument("--mixed-precision", default="auto", choices=["auto", "no", "bf16", "fp16"])
    parser.add_argument("--gradient-checkpointing", action="store_true")
    parser.add_argument("--resolution", type=int, help="pixels (default: the pipeline's, 512 for SD-1.x)")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: torch's default)")
    parser.add_argument("--single", nargs=2, metavar=("MODE", "BATCH"), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.single:
        args.mode, args.batch = args.single[0], int(args.single[1])
        print(json.dumps(run_one(args)), flush=True)
        return
    if args.device == "cpu" and not args.tiny:
        print("note: SD-1.x shapes on a CPU are very slow; --tiny is meant for CPUs", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-refl-") as workdir:
        write_inputs(Path(workdir), args.tiny)
        forwarded = [
            "--device", args.device, "--steps", str(args.steps), "--num-steps", str(args.num_steps),
            "--mixed-precision", args.mixed_precision, "--workdir", workdir, "--threads", str(args.threads),
        ]  # fmt: skip
        if args.gradient_checkpointing:
            forwarded.append("--gradient-checkpointing")
        if args.resolution:
            forwarded += ["--resolution", str(args.resolution)]
        shape = "tiny" if args.tiny else "SD-1.x shapes"
        print(f"device: {device_label(args.device)}; pipeline: {shape}, {args.resolution or 'its default'} px")
        print(f"DDIM steps {args.num_steps}, {args.steps} timed steps, mixed precision {args.mixed_precision}")
        print(f"{'mode':<6}{'batch':>6}{'s/step':>10}{'peak GiB':>10}")
        for mode in args.modes:
            for batch in args.batch_sizes:
                child = subprocess.run(
                    [sys.executable, __file__, "--single", mode, str(batch), *forwarded],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "TQDM_DISABLE": "1"},
                )
                lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
                if child.returncode or not lines:
                    last = (child.stderr.strip().splitlines() or ["(no output)"])[-1]
                    print(f"{mode:<6}{batch:>6}  failed: {last}")
                    continue
                row = json.loads(lines[-1])
                print(f"{mode:<6}{batch:>6}{row['s_per_step']:>10.3f}{row['peak_gib']:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
