"""Which split a prompt lands in. The unit is the prompt (its text, with whitespace and case
normalised), so two groups of the same prompt never sit on both sides of a split.

Seeded fractions are exact, not approximate: every distinct prompt gets a key, the first 8 bytes
of sha256(seed, text); prompts are ordered by key and the first round(n * train) go to train, the
next round(n * valid) to valid, the rest to test (largest remainders decide the rounding). The
same seed and the same prompts always give the same split, on any machine, in any order of
reading. A held-out split puts the listed prompts in valid / test and every other one in train."""

import hashlib
import math

import numpy as np

from .spec import SPLITS


def normalise_prompt(text: str) -> str:
    return " ".join(text.split()).lower()


def prompt_key(seed: int, text: str) -> int:
    digest = hashlib.sha256(f"{seed}\x00{normalise_prompt(text)}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def split_sizes(n: int, fractions: dict[str, float]) -> dict[str, int]:
    """n items shared out by `fractions` (which add up to 1), exactly n in all."""
    quotas = {name: n * fractions.get(name, 0.0) for name in SPLITS}
    sizes = {name: math.floor(q + 1e-9) for name, q in quotas.items()}
    left = n - sum(sizes.values())
    by_remainder = sorted(SPLITS, key=lambda name: (-(quotas[name] - sizes[name]), SPLITS.index(name)))
    for name in by_remainder[: max(left, 0)]:
        sizes[name] += 1
    return sizes


class FractionSplit:
    def __init__(self, *, seed: int, fractions: dict[str, float], keys: np.ndarray):
        """keys: every distinct prompt key of the snapshot (uint64, any order, duplicates ok)."""
        self.seed = seed
        keys = np.unique(keys)
        sizes = split_sizes(len(keys), fractions)
        end_train = sizes["train"]
        end_valid = end_train + sizes["valid"]
        # A prompt is train when its key is below the first key that is not train, and so on.
        self.train_below = int(keys[end_train]) if end_train < len(keys) else 2**64
        self.valid_below = int(keys[end_valid]) if end_valid < len(keys) else 2**64
        self.sizes = sizes

    def __call__(self, prompt_id: int, text: str) -> str:
        key = prompt_key(self.seed, text)
        if key < self.train_below:
            return "train"
        if key < self.valid_below:
            return "valid"
        return "test"


class HeldOutSplit:
    def __init__(self, *, valid: set[str], test: set[str]):
        """valid / test: normalised prompt texts."""
        self.valid = valid
        self.test = test

    def __call__(self, prompt_id: int, text: str) -> str:
        key = normalise_prompt(text)
        if key in self.test:
            return "test"
        if key in self.valid:
            return "valid"
        return "train"
