"""Which prompts a project holds out for evaluation, by a rule that never changes its mind.

A prompt is held out when a salted hash of its normalised text falls below the project's
fraction. The answer for a prompt depends only on (salt, fraction, text): as data grows, old
prompts stay where they were and new ones join the held-out set at the same rate, so every model
version is evaluated on prompts that no version trained on. Hashing the text (not the row id)
keeps the same prompt written twice on one side.

`split_rankings` applies the rule to a project's annotations: held out, validation (a fixed
share of the training prompts, on which the trainer keeps its best epoch), or training."""

import hashlib
from dataclasses import dataclass

from .selectors import AnnotationRanking

VALID_SUFFIX = ":valid"
# Share of the training prompts the trainer validates on (to keep its best epoch).
VALID_FRACTION = 0.1


def normalise_prompt(text: str) -> str:
    return " ".join(text.split()).lower()


def hash_fraction(salt: str, text: str) -> float:
    """A number in [0, 1) that is uniform over prompts and fixed for (salt, text)."""
    digest = hashlib.sha256(f"{salt}\x00{normalise_prompt(text)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_held_out(text: str, *, salt: str, fraction: float) -> bool:
    return hash_fraction(salt, text) < fraction


def is_validation(text: str, *, salt: str, fraction: float) -> bool:
    """Among training prompts, those the trainer uses to pick its best epoch (an independent
    hash, so the validation set is a fixed share of the training prompts)."""
    return hash_fraction(salt + VALID_SUFFIX, text) < fraction


@dataclass
class Split:
    train: list[AnnotationRanking]
    valid: list[AnnotationRanking]
    held_out: list[AnnotationRanking]

    def summary(self, *, salt: str, held_out_fraction: float) -> tuple[dict, dict]:
        """(counts, split) as a model version records them."""

        def pairs(groups):
            return sum(_pair_count(g.ranking) for g in groups)

        def prompts(groups):
            return sorted({normalise_prompt(g.prompt) for g in groups})

        everything = self.train + self.valid + self.held_out
        counts = {
            "annotations": len(everything),
            "groups": len({g.group_id for g in everything}),
            "prompts": len({normalise_prompt(g.prompt) for g in everything}),
            "comparisons": pairs(everything),
            "train_annotations": len(self.train),
            "train_pairs": pairs(self.train),
            "valid_annotations": len(self.valid),
            "valid_pairs": pairs(self.valid),
            "held_out_annotations": len(self.held_out),
            "held_out_pairs": pairs(self.held_out),
        }
        split = {
            "method": "prompt_hash",
            "salt": salt,
            "held_out_fraction": held_out_fraction,
            "valid_fraction": VALID_FRACTION,
            "held_out_prompts": prompts(self.held_out),
            "valid_prompts": prompts(self.valid),
        }
        return counts, split


def _pair_count(ranking) -> int:
    return sum(1 for i in range(len(ranking)) for j in range(len(ranking)) if ranking[i] < ranking[j])


def split_rankings(ranked: list[AnnotationRanking], *, salt: str, held_out_fraction: float) -> Split:
    split = Split([], [], [])
    for group in ranked:
        if is_held_out(group.prompt, salt=salt, fraction=held_out_fraction):
            split.held_out.append(group)
        elif is_validation(group.prompt, salt=salt, fraction=VALID_FRACTION):
            split.valid.append(group)
        else:
            split.train.append(group)
    return split
