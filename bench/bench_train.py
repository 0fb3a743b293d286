"""Training throughput: group-wise batches vs the reference's per-pair loop, same model and data.

    .venv/bin/python bench/bench_train.py --preset base --groups 4
    .venv/bin/python bench/bench_train.py --preset imagereward-large --device cuda --dtype bf16 --groups 32

Both loops see the same prompt groups (4-9 images each, as in ImageRewardDB, ranked by a
simulated annotator), the same frozen layers (70%, the paper's recipe), AdamW, one optimizer step
per batch of `--groups-per-batch` groups:

* group-wise (rewardmodel.core.train): every image of the batch encoded once, all non-tied pairs
  of each group read off those scores;
* per-pair (the reference): the batch's non-tied pairs expanded, then per chunk of
  `--pairs-per-forward` pairs one forward pass over the better images and one over the worse
  images (2 encodings per pair), cross-entropy on (r_better, r_worse).

Prints seconds per epoch of the groups, image-text encodings, training pairs/s and the ratio.
"""

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from torch_bench import DTYPES, device_name, sync  # noqa: E402

from annotation.synthetic import SimulatedAnnotator, generate_groups  # noqa: E402
from rewardmodel.core import PromptTokenizer, build_model, group_ranking_loss, reference_pair_loss  # noqa: E402
from rewardmodel.core.data import ranking_pairs  # noqa: E402
from rewardmodel.core.preprocessing import preprocess_pil  # noqa: E402
from rewardmodel.core.train import freeze_layers  # noqa: E402


def make_batches(args, model, device):
    """Lists of (pixels (k,3,S,S), input_ids (1,L), attention_mask (1,L), ranking (k,)) per batch."""
    size = model.config.image_size
    groups = generate_groups(args.groups, seed=args.seed, k_range=(args.k_min, args.k_max), size=size)
    annotator = SimulatedAnnotator(noise=0.3, seed=args.seed)
    prepared = []
    for group in groups:
        pixels = torch.stack(
            [preprocess_pil(im, size, model.config.image_mean, model.config.image_std) for im in group.images]
        )
        ids, mask = model.tokenizer(group.prompt)
        ranking = torch.tensor(annotator.judge(group).slots)
        prepared.append((pixels.to(device), ids.to(device), mask.to(device), ranking.to(device)))
    return [prepared[i : i + args.groups_per_batch] for i in range(0, len(prepared), args.groups_per_batch)]


def group_wise_step(model, batch, autocast):
    pixels = torch.cat([g[0] for g in batch])
    ids = torch.cat([g[1] for g in batch])
    mask = torch.cat([g[2] for g in batch])
    text_index = torch.cat([torch.full((len(g[0]),), i, device=pixels.device) for i, g in enumerate(batch)])
    offsets = torch.tensor([0] + [len(g[0]) for g in batch][:-1], device=pixels.device).cumsum(0)
    pairs = torch.cat([ranking_pairs(g[3]) + offsets[i] for i, g in enumerate(batch)])
    with autocast():
        rewards = model(pixels, ids, mask, text_index)
    loss = group_ranking_loss(rewards.float(), pairs)
    loss.backward()
    return len(pixels), len(pairs)


def per_pair_step(model, batch, autocast, pairs_per_forward):
    better_px, worse_px, ids, mask = [], [], [], []
    for pixels, g_ids, g_mask, ranking in batch:
        pairs = ranking_pairs(ranking)
        better_px.append(pixels[pairs[:, 0]])
        worse_px.append(pixels[pairs[:, 1]])
        ids.append(g_ids.expand(len(pairs), -1))
        mask.append(g_mask.expand(len(pairs), -1))
    better_px, worse_px, ids, mask = map(torch.cat, (better_px, worse_px, ids, mask))
    n = len(better_px)
    for start in range(0, n, pairs_per_forward):
        chunk = slice(start, start + pairs_per_forward)
        with autocast():
            r_better = model(better_px[chunk], ids[chunk], mask[chunk])
            r_worse = model(worse_px[chunk], ids[chunk], mask[chunk])
        # Sum of chunk means weighted by chunk size: the batch mean, as one reference batch.
        loss = reference_pair_loss(r_better.float(), r_worse.float()) * (len(r_better) / n)
        loss.backward()
    return 2 * n, n


def run_epoch(model, optimizer, batches, step_fn, device):
    sync(device)
    start = time.perf_counter()
    encodings = pairs = 0
    for batch in batches:
        e, p = step_fn(batch)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        encodings += e
        pairs += p
    sync(device)
    return time.perf_counter() - start, encodings, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="base")
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--groups-per-batch", type=int, default=2)
    parser.add_argument("--pairs-per-forward", type=int, default=32)
    parser.add_argument("--k-min", type=int, default=4)
    parser.add_argument("--k-max", type=int, default=9)
    parser.add_argument("--freeze", type=float, default=0.7)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", choices=list(DTYPES), default="float32")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)

    torch.manual_seed(args.seed)
    prompts = [g.prompt for g in generate_groups(args.groups, seed=args.seed, size=8)]
    model = build_model(args.preset, PromptTokenizer.build(prompts)).to(device).train()
    frozen = freeze_layers(model, args.freeze)
    if device.type == "cuda":
        model.enable_activation_checkpointing()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
    dtype = DTYPES[args.dtype]

    def autocast():
        return torch.autocast(device.type, dtype=dtype, enabled=dtype is not None)

    batches = make_batches(args, model, device)
    n_images = sum(len(g[0]) for b in batches for g in b)
    print(
        f"device: {device_name(device)}; preset {args.preset} ({frozen['parameters'] / 1e6:.1f}M parameters, "
        f"{frozen['trainable_parameters'] / 1e6:.1f}M trainable, {args.freeze:.0%} of layers frozen); dtype {args.dtype}"
    )
    print(f"data: {args.groups} groups, {n_images} images, {args.groups_per_batch} groups per optimizer step")

    # Warm-up (allocator, kernels) on the first batch with each method, not timed.
    run_epoch(model, optimizer, batches[:1], lambda b: group_wise_step(model, b, autocast), device)
    run_epoch(
        model, optimizer, batches[:1], lambda b: per_pair_step(model, b, autocast, args.pairs_per_forward), device
    )

    g_seconds, g_enc, g_pairs = run_epoch(
        model, optimizer, batches, lambda b: group_wise_step(model, b, autocast), device
    )
    p_seconds, p_enc, p_pairs = run_epoch(
        model, optimizer, batches, lambda b: per_pair_step(model, b, autocast, args.pairs_per_forward), device
    )
    assert g_pairs == p_pairs
    print(f"group-wise: {g_seconds:8.2f} s/epoch  {g_enc:5d} encodings  {g_pairs / g_seconds:8.2f} training pairs/s")
    print(f"per-pair:   {p_seconds:8.2f} s/epoch  {p_enc:5d} encodings  {p_pairs / p_seconds:8.2f} training pairs/s")
    print(f"speed-up: {p_seconds / g_seconds:.2f}x  ({p_enc / g_enc:.2f}x fewer image-text encodings)")


if __name__ == "__main__":
    main()
