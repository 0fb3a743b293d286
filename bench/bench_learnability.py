"""Learnability of the `tiny` preset on synthetic groups: the steps of
tests/rewardmodel_core/test_learnability.py (its data size, split, defect kinds and training
config, imported from it), with the figures printed: held-out preference accuracy, accuracy on the
pairs only the prompt tells apart (wrong colour) and on the pairs told apart by each other single
defect kind, the test loss and the seconds of each step.

    .venv/bin/python bench/bench_learnability.py                       # as the test, true labels
    .venv/bin/python bench/bench_learnability.py --shuffled            # training labels shuffled
    .venv/bin/python bench/bench_learnability.py --defects all         # the full defect mix
    .venv/bin/python bench/bench_learnability.py --data-seed 12 --model-seed 1
"""

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotation.synthetic import DEFECTS, write_reference_dataset  # noqa: E402
from rewardmodel.core import load_checkpoint, load_groups, train  # noqa: E402
from rewardmodel.core.evaluate import score_groups  # noqa: E402
from tests.rewardmodel_core.test_learnability import (  # noqa: E402
    CONFIG,
    DATA_SEED,
    LEARNABLE,
    N_GROUPS,
    SPLIT,
    shuffle_training_labels,
    single_defect_pairs,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--defects",
        choices=["learnable", "all"],
        default="learnable",
        help=f"learnable: {', '.join(LEARNABLE)} (the test's); all: every kind",
    )
    parser.add_argument("--shuffled", action="store_true", help="shuffle the training and validation rankings")
    parser.add_argument("--data-seed", type=int, default=DATA_SEED)
    parser.add_argument("--model-seed", type=int, default=CONFIG.seed)
    parser.add_argument("--groups", type=int, default=N_GROUPS)
    args = parser.parse_args()

    config = dataclasses.replace(CONFIG, seed=args.model_seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        began = time.perf_counter()
        counts = write_reference_dataset(
            tmp / "data",
            n_groups=args.groups,
            seed=args.data_seed,
            split=SPLIT,
            defects=LEARNABLE if args.defects == "learnable" else None,
        )
        data_s = time.perf_counter() - began
        data = tmp / "data"
        if args.shuffled:
            shuffle_training_labels(data, tmp / "shuffled")
            data = tmp / "shuffled"

        began, cpu = time.perf_counter(), time.process_time()
        result = train(config, data, tmp / "model")
        train_s, train_cpu = time.perf_counter() - began, time.process_time() - cpu

        test_groups = load_groups(data / "test.json")
        truth = json.loads((tmp / "data" / "quality.json").read_text())
        scores = score_groups(load_checkpoint(tmp / "model"), test_groups)
        by_kind = {}
        for kind in DEFECTS:
            pairs = single_defect_pairs(test_groups, truth, kind)
            if pairs:
                by_kind[kind] = (sum(bool(scores[n][b] > scores[n][w]) for n, b, w in pairs) / len(pairs), len(pairs))
        colour_accuracy, n_colour = by_kind.get("wrong colour", (0.0, 0))

    test = result["test"]
    print(
        f"data: {args.groups} groups (seed {args.data_seed}, defects {args.defects}), "
        f"{counts['train']['pairs']} training pairs, {test['n_pairs']} test pairs; written in {data_s:.1f} s"
    )
    print(
        f"training: {config.epochs} epochs, lr {config.lr}, {config.groups_per_batch} groups per step, "
        f"model seed {args.model_seed}, labels {'shuffled' if args.shuffled else 'true'}: "
        f"{train_s:.1f} s wall, {train_cpu:.1f} CPU-s (this process)"
    )
    print(
        f"held-out preference accuracy {test['preference_accuracy']:.3f}, loss {test['loss']:.4f} "
        f"(ln 2 = 0.6931); wrong-colour pairs {colour_accuracy:.3f} ({n_colour} pairs)"
    )
    print(
        "by the one defect that tells a pair apart: "
        + ", ".join(f"{kind} {accuracy:.3f} ({n})" for kind, (accuracy, n) in by_kind.items())
    )


if __name__ == "__main__":
    main()
