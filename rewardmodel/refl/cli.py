"""python -m rewardmodel.refl train | evaluate | sample

    train     --bundle DIR_OR_ZIP --pipeline DIR --out DIR [--pretrain-data DIR_OR_JSON]
              [every ReflConfig field as --option, e.g. --steps 500 --lora-rank 0 --pretrain-weight 0]
    evaluate  --bundle DIR_OR_ZIP --pipeline DIR [--result DIR] [--grid FILE.png]
              mean reward of the bundle's reward model on the held-out prompts, fixed seeds
    sample    --pipeline DIR [--result DIR] --prompt TEXT [--prompt TEXT ...] --out FILE.png

`--result` is what `train` wrote: LoRA weights applied to `--pipeline`, or a whole pipeline.
Under `accelerate launch -m rewardmodel.refl train ...` training runs data-parallel.
Results are JSON on stdout; progress goes to stderr. Bad input ends with one line `error: ...` on
stderr and exit status 2, before any model is loaded.
"""

import argparse
import dataclasses
import json
import os
import sys
import types
import typing
from pathlib import Path

from .inputs import ReflSetupError
from .train import ReflConfig


def _print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _add_config_options(parser: argparse.ArgumentParser, only=None) -> None:
    hints = typing.get_type_hints(ReflConfig)
    for field in dataclasses.fields(ReflConfig):
        if only is not None and field.name not in only:
            continue
        flag = "--" + field.name.replace("_", "-")
        hint = hints[field.name]
        args = typing.get_args(hint)
        is_optional = isinstance(hint, types.UnionType) and type(None) in args
        base = next((a for a in args if a is not type(None)), hint) if is_optional else hint
        if base is bool:
            parser.add_argument(flag, dest=field.name, action=argparse.BooleanOptionalAction, default=None)
        elif typing.get_origin(base) is tuple:
            parser.add_argument(flag, dest=field.name, type=typing.get_args(base)[0], nargs="+", default=None)
        else:
            parser.add_argument(flag, dest=field.name, type=base, default=None)


def _config(args) -> ReflConfig:
    overrides = {
        f.name: getattr(args, f.name) for f in dataclasses.fields(ReflConfig) if getattr(args, f.name, None) is not None
    }
    return ReflConfig.from_dict(overrides)


def cmd_train(args) -> None:
    from tqdm import tqdm

    from .train import train

    bar = None

    def on_progress(event: dict) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=event["total_steps"], desc="ReFL", unit="step", file=sys.stderr)
        bar.update(event["step"] - bar.n)
        shown = ("reward_loss", "pretrain_loss", "train_reward", "mean_reward")
        bar.set_postfix({k: round(event[k], 4) for k in shown if event.get(k) is not None})

    try:
        result = train(
            _config(args), bundle=args.bundle, pipeline=args.pipeline, out=args.out, pretrain_data=args.pretrain_data
        )
    finally:
        if bar is not None:
            bar.close()
    if int(os.environ.get("RANK", "0")) == 0:  # under `accelerate launch`, one process reports
        _print_json(result)


def cmd_evaluate(args) -> None:
    from .inputs import load_reward_model, open_bundle
    from .train import check_pipeline_folder, load_result, sample_images, save_grid, score_images, split_prompts

    config = _config(args)
    check_pipeline_folder(args.pipeline)
    bundle = open_bundle(args.bundle)
    try:
        _, held_out = split_prompts(bundle.prompts, config.eval_prompts, config.eval_seed)
        reward_model = load_reward_model(bundle, args.device)
        pipe = load_result(args.pipeline, args.result, device=args.device)
        resolution = config.resolution or pipe.unet.config.sample_size * pipe.vae_scale_factor
        images = sample_images(
            pipe,
            held_out,
            seed=config.eval_seed,
            num_steps=config.num_steps,
            guidance_scale=config.eval_guidance_scale,
            resolution=resolution,
            batch_size=config.eval_batch_size,
        )
        rewards = score_images(reward_model.reward, images, held_out, args.device, config.eval_batch_size)
    finally:
        bundle.close()
    if args.grid:
        save_grid(images, Path(args.grid))
    _print_json(
        {
            "pipeline": str(args.pipeline),
            "result": args.result,
            "mean_reward": rewards.mean().item(),
            "rewards": dict(zip(held_out, rewards.tolist())),
        }
    )


def cmd_sample(args) -> None:
    from .train import load_result, sample_images, save_grid

    pipe = load_result(args.pipeline, args.result, device=args.device)
    resolution = args.resolution or pipe.unet.config.sample_size * pipe.vae_scale_factor
    prompts = [p for p in args.prompt for _ in range(args.n)]
    images = sample_images(
        pipe,
        prompts,
        seed=args.seed,
        num_steps=args.num_steps,
        guidance_scale=args.guidance_scale,
        resolution=resolution,
        batch_size=args.batch_size,
    )
    save_grid(images, Path(args.out), columns=args.n)
    _print_json({"out": args.out, "images": len(images)})


EVALUATION_OPTIONS = (
    "num_steps",
    "resolution",
    "eval_prompts",
    "eval_guidance_scale",
    "eval_batch_size",
    "eval_seed",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rewardmodel.refl", description="ReFL on diffusers")
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="fine-tune a pipeline with a bundle's reward model; prints JSON")
    train.add_argument("--bundle", required=True, help="ReFL bundle: folder or .zip")
    train.add_argument("--pipeline", required=True, help="diffusers pipeline folder")
    train.add_argument("--out", required=True, help="result folder to write")
    train.add_argument("--pretrain-data", help="train.json (reference format) or its folder, or an image folder")
    _add_config_options(train)
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="mean reward on the bundle's held-out prompts")
    evaluate.add_argument("--bundle", required=True)
    evaluate.add_argument("--pipeline", required=True)
    evaluate.add_argument("--result", help="a folder written by train (LoRA weights or a whole pipeline)")
    evaluate.add_argument("--grid", help="also write the samples as a PNG grid")
    evaluate.add_argument("--device", default="cpu")
    _add_config_options(evaluate, only=EVALUATION_OPTIONS)
    evaluate.set_defaults(func=cmd_evaluate)

    sample = sub.add_parser("sample", help="a PNG grid of samples")
    sample.add_argument("--pipeline", required=True)
    sample.add_argument("--result")
    sample.add_argument("--prompt", action="append", required=True)
    sample.add_argument("--n", type=int, default=4, help="images per prompt")
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--num-steps", type=int, default=40)
    sample.add_argument("--guidance-scale", type=float, default=7.5)
    sample.add_argument("--resolution", type=int)
    sample.add_argument("--batch-size", type=int, default=4)
    sample.add_argument("--device", default="cpu")
    sample.add_argument("--out", required=True, help="PNG file")
    sample.set_defaults(func=cmd_sample)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ReflSetupError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
