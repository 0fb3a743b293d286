"""Which prompts a project holds out for evaluation, by a rule that never changes its mind.

A prompt is held out when a salted hash of its normalised text falls below the project's
fraction. The answer for a prompt depends only on (salt, fraction, text): as data grows, old
prompts stay where they were and new ones join the held-out set at the same rate, so every model
version is evaluated on prompts that no version trained on. Hashing the text (not the row id)
keeps the same prompt written twice on one side."""

import hashlib

VALID_SUFFIX = ":valid"


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
