"""Training a reward model on ranked prompt groups. The whole loop is in `train()` below; its knobs
are one `TrainConfig` (config.py, plain Python so that the web side can check them).

Objective (ImageReward's): for every non-tied human pair (better, worse) of a group,
`-log sigmoid(r_better - r_worse)`, averaged over the pairs of a batch. The reference encodes both
images of every pair (2 forward passes per pair, C(k, 2) pairs per group); here a batch packs whole
groups, every image is encoded once, and all pairs of a group are read off those k scores
(`group_ranking_loss`). The loss and its gradient are the same (dropout masks aside); the work
per group drops from ~2 * C(k, 2) image-text encodings to k.

Freezing (the paper's recipe): the embeddings and the first `int(fraction * n_layers)` layers of
each encoder (default 0.7 when starting from pretrained weights: 16 of 24 ViT-L blocks and 8 of
12 BERT layers), and the two projections, which the reward does not use. The reference freezes
parameters in name order up to and including the first one of the next layer, i.e. one extra
tensor (`blocks.16.norm1.weight`, `layer.8...query.weight`); we freeze whole layers. A model built
from scratch (the `tiny` preset) freezes nothing by default: freezing random weights only hurts.

Multi-GPU: the loop runs under `accelerate.Accelerator`, so `accelerate launch -m
rewardmodel.core train ...` trains data-parallel; every process validates on the whole validation
set (identical results) and the main process writes the checkpoint. On one CPU it just runs;
several CPU processes (`torchrun --nproc_per_node 2 -m rewardmodel.core train ... --cpu`) need
`cpu=True`, or accelerate leaves each process to train alone.
"""

import math
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from accelerate.state import AcceleratorState, GradientState
from accelerate.utils import set_seed
from torch.utils.data import DataLoader
from transformers import get_cosine_schedule_with_warmup

from .checkpoint import load_checkpoint, save_checkpoint
from .config import TrainConfig, TrainingSetupError
from .data import GroupDataset, RankedGroup, collate_groups, load_data
from .evaluate import evaluate, score_groups, write_report
from .metrics import DEFINITIONS, preference_report
from .model import PRESETS, RewardModel, build_model
from .tokenizer import PromptTokenizer

# The learning rates that worked: 1e-5 fine-tuning from BLIP (the paper); 1e-3 for the tiny
# preset from scratch (width 64; width 128 needed 3e-4, higher ones sat at ln 2).
DEFAULT_LR = {"tiny": 1e-3, "base": 1e-5, "imagereward-large": 1e-5}


# -----------------------------------------------------------------------------------------------
# The objective


def group_ranking_loss(rewards: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
    """Mean of -log sigmoid(r_better - r_worse) over `pairs` ((P, 2) indices into `rewards`)."""
    return -F.logsigmoid(rewards[pairs[:, 0]] - rewards[pairs[:, 1]]).mean()


def reference_pair_loss(reward_better: torch.Tensor, reward_worse: torch.Tensor) -> torch.Tensor:
    """The reference's per-pair form: cross-entropy of the logits (r_better, r_worse) with the
    target "better", which is -log sigmoid(r_better - r_worse). For tests and benchmarks."""
    logits = torch.stack([reward_better, reward_worse], dim=1)
    return F.cross_entropy(logits, torch.zeros(len(logits), dtype=torch.long, device=logits.device))


# -----------------------------------------------------------------------------------------------
# Freezing


def freeze_layers(model: RewardModel, fraction: float) -> dict:
    """Freeze the embeddings and the first int(fraction * n) layers of both encoders (all of
    both encoders at fraction 1); the projections are always frozen. Returns what was frozen."""
    if not 0 <= fraction <= 1:
        raise TrainingSetupError(f"freeze_fraction must be in [0, 1], got {fraction}")
    model.vision_proj.requires_grad_(False)
    model.text_proj.requires_grad_(False)
    vision_layers = model.vision_model.encoder.layers
    text_layers = model.text_encoder.encoder.layer
    n_vision, n_text = int(len(vision_layers) * fraction + 1e-9), int(len(text_layers) * fraction + 1e-9)
    if fraction >= 1:
        model.vision_model.requires_grad_(False)
        model.text_encoder.requires_grad_(False)
    elif fraction > 0:
        model.vision_model.embeddings.requires_grad_(False)
        model.text_encoder.embeddings.requires_grad_(False)
        for layer in list(vision_layers[:n_vision]) + list(text_layers[:n_text]):
            layer.requires_grad_(False)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return {
        "fraction": fraction,
        "vision_layers_frozen": n_vision,
        "vision_layers": len(vision_layers),
        "text_layers_frozen": n_text,
        "text_layers": len(text_layers),
        "trainable_parameters": trainable,
        "parameters": total,
    }


# -----------------------------------------------------------------------------------------------
# Where the weights start


def start_model(cfg: TrainConfig, train_groups: list[RankedGroup]) -> tuple[RewardModel, str]:
    """The model to train and a short description of where its weights come from."""
    if cfg.init_checkpoint and cfg.backbone:
        raise TrainingSetupError("give init_checkpoint or backbone, not both")
    if cfg.init_checkpoint:
        model = load_checkpoint(cfg.init_checkpoint)
        if cfg.tokenizer:
            raise TrainingSetupError("a checkpoint brings its own tokenizer: drop the tokenizer option")
        return model, f"checkpoint {cfg.init_checkpoint}"
    if cfg.backbone:
        model = RewardModel.from_blip_itm(cfg.backbone, tokenizer=cfg.tokenizer, preset=f"blip-itm:{cfg.backbone}")
        return model, f"BLIP backbone {cfg.backbone}"
    if cfg.preset not in PRESETS:
        raise TrainingSetupError(f"unknown preset {cfg.preset!r}; choose one of {', '.join(PRESETS)}")
    if cfg.tokenizer:
        tokenizer = PromptTokenizer.from_pretrained(cfg.tokenizer)
    elif cfg.preset == "tiny":
        tokenizer = PromptTokenizer.build(g.prompt for g in train_groups)
    else:
        raise TrainingSetupError(
            f"the {cfg.preset} preset reads bert-base-uncased tokens: give a tokenizer "
            "(a tokenizer directory, a vocab.txt or a hub id such as bert-base-uncased)"
        )
    return build_model(cfg.preset, tokenizer), f"preset {cfg.preset} from scratch"


# -----------------------------------------------------------------------------------------------
# The loop


def train(
    cfg: TrainConfig,
    data: str | Path | dict[str, list[RankedGroup]],
    out_dir: str | Path,
    *,
    on_progress: Callable[[dict], None] | None = None,
) -> dict:
    """Train, validate, keep the best checkpoint (by validation loss) in `out_dir`, evaluate it on
    the test split when there is one. `data`: a folder with train.json (valid.json, test.json),
    one JSON file (split by prompt with `cfg.split`), or {"train": [...], "valid": [...], ...}.
    `on_progress(dict)` receives phase, epoch, step, total_steps, loss, val_loss, val_accuracy,
    lr and elapsed_s."""
    started = time.monotonic()
    out_dir = Path(out_dir)
    set_seed(cfg.seed)
    splits = data if isinstance(data, dict) else load_data(data, split=cfg.split, seed=cfg.seed)
    # Groups whose images all tie carry no pair: nothing to learn from them.
    train_groups = [g for g in splits.get("train", []) if g.pairs]
    valid_groups = [g for g in splits.get("valid", []) if g.pairs]
    test_groups = list(splits.get("test", []))
    if not train_groups:
        raise TrainingSetupError("no training group with a non-tied pair")

    mixed_precision = cfg.mixed_precision
    if mixed_precision == "auto":
        gpu = torch.cuda.is_available() and not cfg.cpu
        mixed_precision = "bf16" if gpu and torch.cuda.is_bf16_supported() else "no"
    # accelerate keeps its settings per process; start from a clean slate so that an earlier run
    # in this process (a worker trains many times) cannot impose its precision or device.
    AcceleratorState._reset_state()
    GradientState._reset_state()
    accelerator = Accelerator(
        mixed_precision=mixed_precision, gradient_accumulation_steps=cfg.grad_accum_steps, cpu=cfg.cpu
    )
    autocast_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(mixed_precision)

    # -- the model: starting weights, frozen layers, activation checkpointing ---------------------
    model, origin = start_model(cfg, train_groups)
    pretrained = cfg.init_checkpoint is not None or cfg.backbone is not None
    freeze_fraction = cfg.freeze_fraction if cfg.freeze_fraction is not None else (0.7 if pretrained else 0.0)
    frozen = freeze_layers(model, freeze_fraction)
    checkpointing = cfg.activation_checkpointing
    if checkpointing is None:
        checkpointing = accelerator.device.type == "cuda"
    model.enable_activation_checkpointing(checkpointing)
    model.train()

    # -- the data: whole groups per batch -------------------------------------------------------
    mc = model.config
    cache = cfg.cache_images
    if cache is None:
        n_images = sum(len(g.images) for g in train_groups + valid_groups)
        cache = n_images * 3 * mc.image_size**2 * 4 <= 2**30
    train_set = GroupDataset(train_groups, model.tokenizer, mc.image_size, mc.image_mean, mc.image_std, cache=cache)
    valid_set = GroupDataset(valid_groups, model.tokenizer, mc.image_size, mc.image_mean, mc.image_std, cache=cache)
    loader = DataLoader(
        train_set,
        batch_size=cfg.groups_per_batch,
        shuffle=True,
        collate_fn=collate_groups,
        num_workers=0 if cache else cfg.num_workers,
        generator=torch.Generator().manual_seed(cfg.seed),
    )

    # -- optimiser and schedule -------------------------------------------------------------------
    lr = cfg.lr if cfg.lr is not None else (1e-5 if pretrained else DEFAULT_LR.get(cfg.preset, 1e-5))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        params, lr=lr, betas=tuple(cfg.betas), eps=cfg.adam_eps, weight_decay=cfg.weight_decay
    )
    model, optimizer, loader = accelerator.prepare(model, optimizer, loader)
    steps_per_epoch = math.ceil(len(loader) / cfg.grad_accum_steps)
    total_steps = cfg.epochs * steps_per_epoch
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(cfg.warmup_fraction * total_steps), total_steps)
    eval_every = cfg.eval_every or steps_per_epoch
    raw_model = accelerator.unwrap_model(model)

    def report(phase: str) -> None:
        if on_progress is not None and accelerator.is_main_process:
            on_progress(
                dict(
                    phase=phase,
                    epoch=epoch,
                    step=step,
                    total_steps=total_steps,
                    lr=scheduler.get_last_lr()[0],
                    elapsed_s=round(time.monotonic() - started, 3),
                    **last,
                )
            )

    def metadata(val: dict | None) -> dict:
        return {
            "config": cfg.to_dict(),
            "origin": origin,
            "frozen": frozen,
            "lr": lr,
            "mixed_precision": mixed_precision,
            "activation_checkpointing": checkpointing,
            "processes": accelerator.num_processes,
            "data": {
                "train_groups": len(train_groups),
                "valid_groups": len(valid_groups),
                "test_groups": len(test_groups),
            },
            "best_step": step,
            "best_epoch": epoch,
            "total_steps": total_steps,
            "validation": val,
            "history": history,
        }

    def save_best(val: dict | None, raw_scores: torch.Tensor | None) -> None:
        if cfg.renormalise and raw_scores is not None and raw_scores.numel() > 1:
            raw_model.config.reward_mean = float(raw_scores.mean())
            raw_model.config.reward_std = float(raw_scores.std(unbiased=False).clamp_min(1e-6))
        if accelerator.is_main_process:
            save_checkpoint(raw_model, out_dir, training=metadata(val))

    def validate() -> None:
        scores = score_groups(
            raw_model, valid_set, groups_per_batch=cfg.eval_groups_per_batch, autocast_dtype=autocast_dtype
        )
        val = preference_report([s.tolist() for s in scores], [g.ranking for g in valid_groups])
        history.append(
            {"epoch": epoch, "step": step, "val_loss": val["loss"], "val_accuracy": val["preference_accuracy"]}
        )
        last.update(val_loss=val["loss"], val_accuracy=val["preference_accuracy"])
        if val["loss"] < best["val_loss"]:
            best.update(val_loss=val["loss"], step=step, epoch=epoch, report=val)
            save_best(val, torch.cat(scores))
        report("eval")

    # -- the loop ---------------------------------------------------------------------------------
    history: list[dict] = []
    best = {"val_loss": math.inf, "step": None, "epoch": None, "report": None}
    last = {"loss": None, "val_loss": None, "val_accuracy": None}  # what progress reports carry
    epoch = step = 0
    running, running_n = 0.0, 0
    try:
        for epoch in range(1, cfg.epochs + 1):  # noqa: B007 (the nested functions above read it)
            for batch in loader:
                with accelerator.accumulate(model):
                    rewards = model(
                        batch["pixel_values"], batch["input_ids"], batch["attention_mask"], batch["text_index"]
                    )
                    loss = group_ranking_loss(rewards, batch["pairs"])
                    accelerator.backward(loss)
                    if accelerator.sync_gradients:
                        accelerator.clip_grad_norm_(params, cfg.max_grad_norm)
                    optimizer.step()  # a no-op until the accumulation is complete
                    optimizer.zero_grad(set_to_none=True)
                running += loss.item()
                running_n += 1
                if not accelerator.sync_gradients:
                    continue
                scheduler.step()
                step += 1
                if step % cfg.log_every == 0 or step == total_steps:
                    last["loss"] = running / running_n
                    report("train")
                    running, running_n = 0.0, 0
                if valid_groups and (step % eval_every == 0 or step == total_steps):
                    validate()
        if not valid_groups:
            # No validation split: keep the final model, normalised on the training images.
            train_scores = torch.cat(score_groups(raw_model, train_set, autocast_dtype=autocast_dtype))
            save_best(None, train_scores)
        accelerator.wait_for_everyone()

        # -- the best checkpoint on the test split ----------------------------------------------
        test_report = None
        if test_groups and accelerator.is_main_process:
            best_model = load_checkpoint(out_dir, device=accelerator.device)
            test_report = evaluate(best_model, test_groups, autocast_dtype=autocast_dtype)
            write_report(
                {**test_report, "checkpoint": str(out_dir), "data": "test split"}, out_dir / "test_report.json"
            )
        result = {
            "checkpoint": str(out_dir),
            "origin": origin,
            "lr": lr,
            "frozen": frozen,
            "total_steps": total_steps,
            "best_step": best["step"],
            "best_epoch": best["epoch"],
            "best_val_loss": best["val_loss"] if best["step"] is not None else None,
            "validation": best["report"],
            "test": test_report,
            "history": history,
            "train_groups": len(train_groups),
            "dropped_train_groups": len(splits.get("train", [])) - len(train_groups),
            "seconds": round(time.monotonic() - started, 1),
            "definitions": DEFINITIONS,
        }
        report("done")
        return result
    finally:
        accelerator.free_memory()
