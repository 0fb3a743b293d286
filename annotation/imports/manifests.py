"""The two manifest formats, read into plans (one per prompt group) with every problem noted.

* `jsonl` (default file `manifest.jsonl`): one JSON object per line, one line per image; lines
  with the same `group` form one prompt group, images in line order.

      {"group": "g1", "prompt": "a red circle above a blue square", "image": "g1/0.png",
       "generator": "sd-1.4", "seed": 42, "metadata": {"steps": 50}, "rank": 1, "category": "Abstract"}

  Required: `group` (string, at most 200 characters: the group's external id), `prompt`
  (the same on every line of a group), `image` (a path relative to the folder). Optional:
  `generator` (string), `seed` (integer), `metadata` (object), `rank` (the image's slot,
  1 = best, equal numbers are ties: on every line of the group or on none), `category` (the
  prompt's category, one of the project's; used for imported rankings). Blank lines are skipped.

* `reference` (default file `train.json`): ImageReward's reference training format, a JSON
  array of `{"id", "prompt", "generations": [paths], "ranking": [slot per image]}`.

Reading checks each row's own fields; what needs the project or the files is checked later
(checks.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problems
from .spec import MAX_EXTERNAL_ID


@dataclass
class ImageRow:
    where: str  # the row's field in problems, e.g. "manifest.jsonl:12.image"
    path: str
    generator: str = ""
    seed: int | None = None
    metadata: dict = field(default_factory=dict)
    # Filled by the file check:
    file: Path | None = None
    sha256: str = ""
    width: int = 0
    height: int = 0
    extension: str = ""


@dataclass
class GroupPlan:
    where: str  # "manifest.jsonl:3" (its first line) or "train.json[3]"
    external_id: str
    prompt: str
    images: list[ImageRow] = field(default_factory=list)
    ranking: list[int] | None = None
    ranking_where: str = ""
    ranking_refused: bool = False  # a bad rank was reported already
    category: str = ""


def read_jsonl(path: Path, label: str, problems: Problems) -> list[GroupPlan]:
    plans: dict[str, GroupPlan] = {}
    ranks: dict[str, list] = {}
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            where = f"{label}:{number}"
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.add(where, "invalid_json", f"not a JSON object: {exc}")
                continue
            if not isinstance(line, dict):
                problems.add(where, "invalid_json", "not a JSON object")
                continue
            unknown = set(line) - {"group", "prompt", "image", "generator", "seed", "metadata", "rank", "category"}
            if unknown:
                problems.add(where, "unknown_field", f"unknown field(s) {', '.join(sorted(unknown))}")
            group_id = _external_id(line.get("group"), f"{where}.group", problems)
            prompt = _prompt(line.get("prompt"), f"{where}.prompt", problems)
            row = _image_row(line, where, problems)
            if group_id is None or prompt is None or row is None:
                continue
            plan = plans.get(group_id)
            if plan is None:
                plan = plans[group_id] = GroupPlan(where=where, external_id=group_id, prompt=prompt)
                ranks[group_id] = []
            elif plan.prompt != prompt:
                problems.add(
                    f"{where}.prompt", "prompt_mismatch", f"group {group_id!r} has another prompt on {plan.where}"
                )
            category = line.get("category", "")
            if not isinstance(category, str):
                problems.add(f"{where}.category", "invalid", "category must be a string")
            elif category:
                if plan.category and plan.category != category:
                    problems.add(
                        f"{where}.category",
                        "category_mismatch",
                        f"group {group_id!r} has another category on {plan.where}",
                    )
                plan.category = category
            plan.images.append(row)
            ranks[group_id].append((where, line.get("rank")))
    for group_id, plan in plans.items():
        given = [(where, rank) for where, rank in ranks[group_id] if rank is not None]
        if not given:
            continue
        for where, rank in ranks[group_id]:
            if rank is None:
                problems.add(f"{where}.rank", "rank_missing", f"group {group_id!r} ranks some images but not this one")
            elif not _is_slot(rank):
                problems.add(f"{where}.rank", "invalid_rank", f"rank must be an integer >= 1, got {rank!r}")
        if len(given) == len(ranks[group_id]) and all(_is_slot(rank) for _, rank in given):
            plan.ranking = [rank for _, rank in given]
            plan.ranking_where = f"{plan.where}.rank"
        else:
            plan.ranking_refused = True
    return list(plans.values())


def read_reference(path: Path, label: str, problems: Problems) -> list[GroupPlan]:
    try:
        records = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(label, "invalid_json", f"not JSON: {exc}")
        return []
    if not isinstance(records, list):
        problems.add(label, "invalid_json", "must be a JSON array of groups")
        return []
    plans = []
    for index, record in enumerate(records):
        where = f"{label}[{index}]"
        if not isinstance(record, dict):
            problems.add(where, "invalid_json", "not a JSON object")
            continue
        missing = [key for key in ("id", "prompt", "generations", "ranking") if key not in record]
        for key in missing:
            problems.add(f"{where}.{key}", "required", f"{key} is required")
        if missing:
            continue
        raw_id = record["id"]
        group_id = _external_id(
            str(raw_id) if isinstance(raw_id, int) and not isinstance(raw_id, bool) else raw_id, f"{where}.id", problems
        )
        prompt = _prompt(record["prompt"], f"{where}.prompt", problems)
        generations, ranking = record["generations"], record["ranking"]
        if not isinstance(generations, list):
            problems.add(f"{where}.generations", "invalid", "generations must be a list of paths")
            continue
        rows = []
        for i, rel in enumerate(generations):
            if not isinstance(rel, str) or not rel:
                problems.add(f"{where}.generations[{i}]", "invalid_path", "a path must be a non-empty string")
                continue
            rows.append(ImageRow(where=f"{where}.generations[{i}]", path=rel))
        ranking_ok = isinstance(ranking, list) and len(ranking) == len(generations) and all(map(_is_slot, ranking))
        if not ranking_ok:
            problems.add(
                f"{where}.ranking",
                "invalid_ranking",
                f"ranking must list one integer slot >= 1 per generation ({len(generations)}), got {ranking!r}",
            )
        if group_id is None or prompt is None or len(rows) != len(generations) or not ranking_ok:
            continue
        plans.append(
            GroupPlan(
                where=where,
                external_id=group_id,
                prompt=prompt,
                images=rows,
                ranking=list(ranking),
                ranking_where=f"{where}.ranking",
            )
        )
    return plans


def _is_slot(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _external_id(value, where: str, problems: Problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, "required", "a non-empty string id is required")
        return None
    if len(value) > MAX_EXTERNAL_ID:
        problems.add(where, "too_long", f"at most {MAX_EXTERNAL_ID} characters")
        return None
    return value


def _prompt(value, where: str, problems: Problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, "required", "a non-empty prompt is required")
        return None
    return value


def _image_row(line: dict, where: str, problems: Problems) -> ImageRow | None:
    ok = True
    image = line.get("image")
    if not isinstance(image, str) or not image:
        problems.add(f"{where}.image", "required", "image (a path relative to the folder) is required")
        ok = False
    generator = line.get("generator", "")
    if not isinstance(generator, str) or len(generator) > 200:
        problems.add(f"{where}.generator", "invalid", "generator must be a string of at most 200 characters")
        ok = False
    seed = line.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not -(2**63) <= seed < 2**63):
        problems.add(f"{where}.seed", "invalid", "seed must be a 64-bit integer")
        ok = False
    metadata = line.get("metadata", {})
    if not isinstance(metadata, dict):
        problems.add(f"{where}.metadata", "invalid", "metadata must be a JSON object")
        ok = False
    if not ok:
        return None
    return ImageRow(where=f"{where}.image", path=image, generator=generator, seed=seed, metadata=metadata)


READERS = {"jsonl": read_jsonl, "reference": read_reference}
