"""Prompt groups in ImageReward's reference training format, and their batches.

A file (`train.json`, `valid.json`, `test.json`) is one JSON array of

    {"id": "005658-0040", "prompt": "...", "generations": ["images/a.webp", ...], "ranking": [1, 2, 5, 3]}

`generations` are paths relative to the file's folder (absolute paths are kept); `ranking[i]` is
the slot of `generations[i]`, 1 = best, equal numbers tie.

A batch packs whole groups: every image of every group once (N images), the prompt tokens once
per group (G rows), `text_index` (image -> its group's row) and `pairs`, the (better, worse)
image indices of all non-tied pairs inside each group. The loss reads scores at `pairs`, so a
group of k images costs k image encodings instead of two per pair.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.utils.data import Dataset

from .preprocessing import load_image, preprocess_pil
from .tokenizer import PromptTokenizer

SPLITS = ("train", "valid", "test")


class DatasetFormatError(ValueError):
    """A data file or folder that is not in the reference format. The message says where."""


@dataclass(frozen=True)
class RankedGroup:
    id: str
    prompt: str
    images: tuple[Path, ...]
    ranking: tuple[int, ...]

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Every non-tied (better, worse) pair of image indices."""
        k = len(self.ranking)
        return [(i, j) for i in range(k) for j in range(k) if self.ranking[i] < self.ranking[j]]


def ranking_pairs(ranking: torch.Tensor) -> torch.Tensor:
    """(P, 2) indices (better, worse) of every non-tied pair of a group's ranking (1 = best)."""
    return (ranking[:, None] < ranking[None, :]).nonzero()


# -----------------------------------------------------------------------------------------------
# Reading files


def load_groups(json_path: str | Path, *, check_files: bool = True) -> list[RankedGroup]:
    """Groups of one reference-format file; every problem is a DatasetFormatError naming it."""
    path = Path(json_path)
    if not path.is_file():
        raise DatasetFormatError(f"data file not found: {path}")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DatasetFormatError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(records, list):
        raise DatasetFormatError(
            f"{path}: expected a JSON array of groups {{id, prompt, generations, ranking}}, got {type(records).__name__}"
        )
    groups, missing = [], []
    for n, record in enumerate(records):
        where = f"{path}, group {n}"
        if not isinstance(record, dict):
            raise DatasetFormatError(f"{where}: expected an object, got {type(record).__name__}")
        absent = [key for key in ("prompt", "generations", "ranking") if key not in record]
        if absent:
            raise DatasetFormatError(f"{where}: missing {', '.join(absent)} (have {', '.join(sorted(record))})")
        prompt, generations, ranking = record["prompt"], record["generations"], record["ranking"]
        if not isinstance(prompt, str) or not prompt.strip():
            raise DatasetFormatError(f"{where}: prompt must be a non-empty string")
        if not isinstance(generations, list) or not all(isinstance(g, str) for g in generations):
            raise DatasetFormatError(f"{where}: generations must be a list of image paths")
        if not isinstance(ranking, list) or not all(
            isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in ranking
        ):
            raise DatasetFormatError(f"{where}: ranking must be a list of slots (integers >= 1, 1 = best)")
        if len(generations) != len(ranking):
            raise DatasetFormatError(f"{where}: {len(generations)} generations but {len(ranking)} ranking entries")
        if len(generations) < 2:
            raise DatasetFormatError(f"{where}: a group needs at least 2 images")
        images = tuple(path.parent / g for g in generations)
        if check_files:
            missing += [str(p) for p in images if not p.is_file()]
        groups.append(RankedGroup(str(record.get("id", n)), prompt, images, tuple(ranking)))
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise DatasetFormatError(f"{path}: {len(missing)} image files not found: {', '.join(missing[:5])}{more}")
    return groups


def split_by_prompt(
    groups: list[RankedGroup], fractions=(0.8, 0.1, 0.1), seed: int = 0
) -> dict[str, list[RankedGroup]]:
    """train/valid/test by distinct prompt (groups sharing a prompt land in one split)."""
    if len(fractions) != 3 or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise ValueError(f"split fractions must be three non-negative numbers summing to 1, got {fractions}")
    prompts = sorted({g.prompt for g in groups})
    random.Random(seed).shuffle(prompts)
    n_train = round(len(prompts) * fractions[0])
    n_valid = round(len(prompts) * (fractions[0] + fractions[1])) - n_train
    where = {p: "train" if i < n_train else "valid" if i < n_train + n_valid else "test" for i, p in enumerate(prompts)}
    return {name: [g for g in groups if where[g.prompt] == name] for name in SPLITS}


def load_data(source: str | Path, *, split=(0.8, 0.1, 0.1), seed: int = 0) -> dict[str, list[RankedGroup]]:
    """A folder with train.json (and valid.json, test.json), or one file split by prompt."""
    source = Path(source)
    if source.is_dir():
        if not (source / "train.json").is_file():
            found = ", ".join(sorted(p.name for p in source.glob("*.json"))) or "no JSON files"
            raise DatasetFormatError(f"{source} has no train.json (found {found})")
        return {
            name: load_groups(source / f"{name}.json") if (source / f"{name}.json").is_file() else [] for name in SPLITS
        }
    if source.is_file():
        return split_by_prompt(load_groups(source), split, seed)
    raise DatasetFormatError(f"data not found: {source}")


# -----------------------------------------------------------------------------------------------
# Batches of whole groups


class GroupDataset(Dataset):
    """Item i: the preprocessed images, prompt tokens and ranking of group i. With `cache`, the
    pixel tensors are kept after the first read (worth it for small images: 64 px is 48 KiB each)."""

    def __init__(self, groups, tokenizer: PromptTokenizer, image_size: int, mean, std, *, cache: bool = False):
        self.groups = list(groups)
        self.image_size, self.mean, self.std = image_size, mean, std
        self.cache = {} if cache else None
        input_ids, attention_mask = tokenizer([g.prompt for g in self.groups]) if self.groups else (None, None)
        self.input_ids, self.attention_mask = input_ids, attention_mask

    def __len__(self) -> int:
        return len(self.groups)

    def pixels(self, i: int) -> torch.Tensor:
        if self.cache is not None and i in self.cache:
            return self.cache[i]
        x = torch.stack(
            [preprocess_pil(load_image(p), self.image_size, self.mean, self.std) for p in self.groups[i].images]
        )
        if self.cache is not None:
            self.cache[i] = x
        return x

    def __getitem__(self, i: int) -> dict:
        return {
            "pixel_values": self.pixels(i),
            "input_ids": self.input_ids[i],
            "attention_mask": self.attention_mask[i],
            "ranking": torch.tensor(self.groups[i].ranking),
            "index": i,
        }


def collate_groups(items: list[dict]) -> dict:
    pixel_values, text_index, pairs, sizes, offset = [], [], [], [], 0
    for row, item in enumerate(items):
        k = item["pixel_values"].shape[0]
        pixel_values.append(item["pixel_values"])
        text_index.append(torch.full((k,), row, dtype=torch.long))
        pairs.append(ranking_pairs(item["ranking"]) + offset)
        sizes.append(k)
        offset += k
    return {
        "pixel_values": torch.cat(pixel_values),
        "input_ids": torch.stack([item["input_ids"] for item in items]),
        "attention_mask": torch.stack([item["attention_mask"] for item in items]),
        "text_index": torch.cat(text_index),
        "pairs": torch.cat(pairs),
        "group_sizes": torch.tensor(sizes),
        "group_index": torch.tensor([item["index"] for item in items]),
    }
