"""python -m rewardmodel.core score | train | evaluate | import-imagereward

    score     --checkpoint DIR --prompt TEXT IMAGE [IMAGE ...]     (or --input FILE.json)
    train     --data DIR_OR_JSON --out DIR [--preset tiny | --init-checkpoint DIR | --backbone ID]
              [every TrainConfig field as --option, e.g. --epochs 5 --lr 3e-4 --no-renormalise]
    evaluate  --checkpoint DIR --data FILE.json [--out REPORT.json]
    import-imagereward --checkpoint ImageReward.pt --med-config med_config.json --out DIR
              [--tokenizer DIR_OR_VOCAB]

Results are JSON on stdout; progress goes to stderr. A bad path, a file of the wrong format or a
directory of the wrong kind ends with one line `error: ...` on stderr and exit status 2.
"""

import argparse
import dataclasses
import json
import os
import sys
import types
import typing
from pathlib import Path

import torch
from tqdm import tqdm

from .checkpoint import CheckpointError, load_checkpoint
from .config import TrainConfig, TrainingSetupError
from .data import DatasetFormatError, load_groups
from .evaluate import evaluate, write_report
from .imagereward_import import import_imagereward
from .preprocessing import ImageLoadError
from .tokenizer import TokenizerError
from .train import train

USER_ERRORS = (
    CheckpointError,
    DatasetFormatError,
    ImageLoadError,
    TokenizerError,
    TrainingSetupError,
    FileNotFoundError,
)


class UsageError(Exception):
    pass


def _print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


# -- score ----------------------------------------------------------------------------------------


def _score_requests(args) -> list[dict]:
    if args.input:
        path = Path(args.input)
        if not path.is_file():
            raise UsageError(f"input file not found: {path}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path} is not valid JSON: {exc}") from None
        requests = data if isinstance(data, list) else [data]
        for n, request in enumerate(requests):
            ok = (
                isinstance(request, dict)
                and isinstance(request.get("prompt"), str)
                and isinstance(request.get("images"), list)
            )
            if not ok:
                raise UsageError(f'{path}, item {n}: expected {{"prompt": "...", "images": ["path", ...]}}')
            request["images"] = [str(path.parent / image) for image in request["images"]]
        return requests
    if args.prompt is None or not args.images:
        raise UsageError("give --prompt and image paths, or --input FILE.json")
    return [{"prompt": args.prompt, "images": args.images}]


def cmd_score(args) -> None:
    requests = _score_requests(args)
    for request in requests:
        missing = [image for image in request["images"] if not Path(image).is_file()]
        if missing:
            raise UsageError(f"image not found: {missing[0]}")
    model = load_checkpoint(args.checkpoint, device=args.device)
    prompts = [r["prompt"] for r in requests for _ in r["images"]]
    images = [image for r in requests for image in r["images"]]
    scores = model.score_batch(prompts, images, batch_size=args.batch_size, dtype=args.dtype).tolist()
    out, position = [], 0
    for request in requests:
        n = len(request["images"])
        mine = scores[position : position + n]
        position += n
        out.append(
            {"prompt": request["prompt"], "scores": [{"image": i, "score": s} for i, s in zip(request["images"], mine)]}
        )
    _print_json(out if args.input else out[0])


# -- train ----------------------------------------------------------------------------------------


def _add_train_config_options(parser: argparse.ArgumentParser) -> None:
    hints = typing.get_type_hints(TrainConfig)
    for field in dataclasses.fields(TrainConfig):
        flag = "--" + field.name.replace("_", "-")
        hint = hints[field.name]
        args = typing.get_args(hint)
        is_optional = isinstance(hint, types.UnionType) and type(None) in args
        base = next((a for a in args if a is not type(None)), hint) if is_optional else hint
        if base is bool:
            parser.add_argument(flag, dest=field.name, action=argparse.BooleanOptionalAction, default=None)
        elif typing.get_origin(base) is tuple:
            item = typing.get_args(base)[0]
            parser.add_argument(flag, dest=field.name, type=item, nargs=len(typing.get_args(base)), default=None)
        else:
            parser.add_argument(flag, dest=field.name, type=base, default=None)


def cmd_train(args) -> None:
    data = Path(args.data)
    if not data.exists():
        raise UsageError(f"data not found: {data}")
    overrides = {
        f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig) if getattr(args, f.name) is not None
    }
    config = TrainConfig(**overrides)
    bar = None

    def on_progress(event: dict) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=event["total_steps"], desc="training", unit="step", file=sys.stderr)
        bar.update(event["step"] - bar.n)
        shown = {k: event[k] for k in ("epoch", "loss", "val_loss", "val_accuracy") if event.get(k) is not None}
        bar.set_postfix({k: round(v, 4) if isinstance(v, float) else v for k, v in shown.items()})

    try:
        result = train(config, data, args.out, on_progress=on_progress)
    finally:
        if bar is not None:
            bar.close()
    result.pop("definitions", None)
    if int(os.environ.get("RANK", "0")) == 0:  # under `accelerate launch`, one process reports
        _print_json(result)


# -- evaluate -------------------------------------------------------------------------------------


def cmd_evaluate(args) -> None:
    groups = load_groups(args.data)
    model = load_checkpoint(args.checkpoint, device=args.device)
    autocast_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(args.dtype)
    report = evaluate(model, groups, autocast_dtype=autocast_dtype)
    report = {"checkpoint": str(args.checkpoint), "data": str(args.data), **report}
    if args.out:
        write_report(report, args.out)
    _print_json(report)


# -- import-imagereward ---------------------------------------------------------------------------


def cmd_import(args) -> None:
    for label, path in (("checkpoint", args.checkpoint), ("med config", args.med_config)):
        if not Path(path).is_file():
            raise UsageError(f"{label} not found: {path}")
    out = import_imagereward(args.checkpoint, args.med_config, args.out, tokenizer_dir=args.tokenizer)
    _print_json({"checkpoint": str(out if out is not None else args.out)})


# -- the parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rewardmodel.core", description="ImageReward-style reward models")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score images for a prompt; prints JSON")
    score.add_argument("--checkpoint", required=True, help="checkpoint directory")
    score.add_argument("--prompt", help="the prompt")
    score.add_argument("images", nargs="*", help="image files")
    score.add_argument(
        "--input", help='JSON file: {"prompt", "images": [paths relative to the file]} or a list of them'
    )
    score.add_argument("--batch-size", type=int, default=32)
    score.add_argument("--dtype", choices=["float32", "bf16", "fp16"], default=None)
    score.add_argument("--device", default="cpu")
    score.set_defaults(func=cmd_score)

    train = sub.add_parser("train", help="train on train/valid(/test).json; prints the result as JSON")
    train.add_argument("--data", required=True, help="folder with train.json (valid.json, test.json) or one JSON file")
    train.add_argument("--out", required=True, help="checkpoint directory to write (the best model)")
    _add_train_config_options(train)
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="preference accuracy and friends on a JSON file of ranked groups")
    evaluate.add_argument("--checkpoint", required=True)
    evaluate.add_argument("--data", required=True, help="a JSON file in the reference format")
    evaluate.add_argument("--out", help="also write the report here")
    evaluate.add_argument("--device", default="cpu")
    evaluate.add_argument("--dtype", choices=["float32", "bf16", "fp16"], default=None)
    evaluate.set_defaults(func=cmd_evaluate)

    imp = sub.add_parser("import-imagereward", help="convert the published ImageReward.pt into a checkpoint")
    imp.add_argument("--checkpoint", required=True, help="ImageReward.pt")
    imp.add_argument("--med-config", required=True, help="med_config.json")
    imp.add_argument("--out", required=True, help="checkpoint directory to write")
    imp.add_argument("--tokenizer", help="bert-base-uncased tokenizer directory or vocab.txt")
    imp.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (UsageError, *USER_ERRORS) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
