"""One writer per format. Each receives the snapshot's groups one at a time (`add`) and streams
them to disk: JSON arrays are written element by element, Parquet in row groups of
`ROW_GROUP_ROWS` rows, so memory stays bounded whatever the size of the snapshot.

Bytes are a function of the data only: fixed key order, fixed separators, no timestamps,
no host names, fixed Parquet settings (snappy, row-group size, no pandas metadata).

Files (paths inside the export):

- `reference`: `train.json`, `valid.json`, `test.json`: the reference training format,
  [{"id", "prompt", "generations": [image paths], "ranking": [slot per image, 1 = best]}];
- `per_image_parquet`: `per_image.parquet`: ImageRewardDB's columns, one row per image;
- `pairwise_parquet` / `pairwise_jsonl`: `pairs.parquet` / `pairs.jsonl`: one row per pair of a
  group's images and annotation, plus an aggregate row per pair where several annotators judged;
- `refl_data`: `refl_data.json`: the train split's prompts, [{"text", "image"}] as ImageReward's
  ReFL script reads them."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import GroupPairs, GroupRecord, Ranked, group_category, group_prompt_flags
from .spec import SPLITS

ROW_GROUP_ROWS = 65536
PARQUET_OPTIONS = {"compression": "snappy", "use_dictionary": True, "write_statistics": True}
TEXT_BUFFER = 1 << 20

# ImageRewardDB's names for the default rating dimensions; any other dimension is <key>_rating.
RATING_COLUMNS = {
    "overall": "overall_rating",
    "alignment": "image_text_alignment_rating",
    "fidelity": "fidelity_rating",
}


def rating_columns(dimensions: list[dict]) -> list[tuple[str | None, str]]:
    """(dimension key or None, column name): ImageRewardDB's three columns always (null when the
    project has no such dimension), then the project's other dimensions in its order."""
    keys = [d["key"] for d in dimensions]
    columns = [(key if key in keys else None, name) for key, name in RATING_COLUMNS.items()]
    columns += [(key, f"{key}_rating") for key in keys if key not in RATING_COLUMNS]
    return columns


def rating_type(dimensions: list[dict]) -> pa.DataType:
    widest = max((abs(int(d.get(bound, 0))) for d in dimensions for bound in ("min", "max")), default=0)
    return pa.int8() if widest <= 127 else pa.int16()


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonArrayFile:
    """A JSON array written one element per line: `[`, elements joined by `,\\n`, `]`."""

    def __init__(self, path: Path):
        self.file = open(path, "w", encoding="utf-8", newline="\n", buffering=TEXT_BUFFER)
        self.count = 0

    def append(self, text: str) -> None:
        self.file.write(("[\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        self.file.write("\n]\n" if self.count else "[]\n")
        self.file.close()


class ParquetRows:
    """Rows gathered column by column and written as a row group every ROW_GROUP_ROWS rows."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, **PARQUET_OPTIONS)
        self.columns = {name: [] for name in schema.names}
        self.rows = 0

    def flush(self) -> None:
        if not self.rows:
            return
        batch = pa.record_batch([pa.array(self.columns[f.name], type=f.type) for f in self.schema], schema=self.schema)
        self.writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
        for values in self.columns.values():
            values.clear()
        self.rows = 0
        del batch
        # Arrow's allocator keeps freed pages for reuse; give them back between row groups.
        pa.default_memory_pool().release_unused()

    def added(self, n: int) -> None:
        self.rows += n
        if self.rows >= ROW_GROUP_ROWS:
            self.flush()

    def close(self) -> None:
        self.flush()
        self.writer.close()


class Writer:
    """add(group, split, ranked, pairs) for every group in order, then close()."""

    needs_ranked = False
    needs_pairs = False

    def add(self, group: GroupRecord, split: str, ranked: list[Ranked], pairs: GroupPairs | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class ReferenceWriter(Writer):
    needs_ranked = True

    def __init__(self, root: Path, **_):
        self.out = {name: JsonArrayFile(root / f"{name}.json") for name in SPLITS}

    def add(self, group, split, ranked, pairs):
        generations = [image.path for image in group.images]
        for view in ranked:
            self.out[split].append(
                dumps(
                    {
                        "id": view.record_id,
                        "prompt": group.prompt,
                        "generations": generations,
                        "ranking": list(view.slots),
                    }
                )
            )

    def close(self):
        for out in self.out.values():
            out.close()


class PerImageParquetWriter(Writer):
    needs_ranked = True

    def __init__(self, root: Path, *, dimensions: list[dict], **_):
        self.ratings = rating_columns(dimensions)
        rtype = rating_type(dimensions)
        self.rows = ParquetRows(
            root / "per_image.parquet",
            pa.schema(
                [
                    ("image_path", pa.string()),
                    ("prompt_id", pa.string()),
                    ("prompt", pa.string()),
                    ("classification", pa.string()),
                    ("image_amount_in_total", pa.int16()),
                    ("rank", pa.int16()),
                ]
                + [(name, rtype) for _, name in self.ratings]
                + [
                    ("split", pa.string()),
                    ("image_sha256", pa.string()),
                    ("image_flags", pa.list_(pa.string())),
                    ("prompt_flags", pa.list_(pa.string())),
                    ("annotator", pa.string()),
                    ("annotator_count", pa.int16()),
                ]
            ),
        )

    def add(self, group, split, ranked, pairs):
        c = self.rows.columns
        k = len(group.images)
        paths = [image.path for image in group.images]
        shas = [image.sha256 for image in group.images]
        for view in ranked:
            c["image_path"].extend(paths)
            c["prompt_id"].extend([view.record_id] * k)
            c["prompt"].extend([group.prompt] * k)
            c["classification"].extend([view.category] * k)
            c["image_amount_in_total"].extend([k] * k)
            c["rank"].extend(view.slots)
            for key, name in self.ratings:
                c[name].extend([r.get(key) for r in view.ratings] if key else [None] * k)
            c["split"].extend([split] * k)
            c["image_sha256"].extend(shas)
            c["image_flags"].extend(view.image_flags)
            c["prompt_flags"].extend([view.prompt_flags] * k)
            c["annotator"].extend([view.annotator] * k)
            c["annotator_count"].extend([view.annotator_count] * k)
            self.rows.added(k)

    def close(self):
        self.rows.close()


PAIR_SCHEMA = pa.schema(
    [
        ("split", pa.string()),
        ("prompt_id", pa.string()),
        ("prompt", pa.string()),
        ("image_0", pa.string()),
        ("image_1", pa.string()),
        ("label_0", pa.float64()),
        ("label_1", pa.float64()),
        ("is_tie", pa.bool_()),
        ("annotator", pa.string()),
        ("annotation_id", pa.int64()),
        ("annotator_count", pa.int16()),
        ("is_aggregate", pa.bool_()),
    ]
)


class PairwiseParquetWriter(Writer):
    needs_pairs = True

    def __init__(self, root: Path, **_):
        self.rows = ParquetRows(root / "pairs.parquet", PAIR_SCHEMA)

    def add(self, group, split, ranked, pairs):
        c = self.rows.columns
        n = len(pairs)
        paths = [image.path for image in group.images]
        c["split"].extend([split] * n)
        c["prompt_id"].extend([group.record_id] * n)
        c["prompt"].extend([group.prompt] * n)
        c["image_0"].extend([paths[i] for i in pairs.i])
        c["image_1"].extend([paths[j] for j in pairs.j])
        c["label_0"].extend(pairs.label_0)
        c["label_1"].extend(pairs.label_1)
        c["is_tie"].extend([label == 0.5 for label in pairs.label_0])
        c["annotator"].extend(pairs.annotator)
        c["annotation_id"].extend(pairs.annotation_id)
        c["annotator_count"].extend([len(group.judgments)] * n)
        c["is_aggregate"].extend(pairs.is_aggregate)
        self.rows.added(n)

    def close(self):
        self.rows.close()


class PairwiseJsonlWriter(Writer):
    """The same rows and keys as pairs.parquet, one JSON object per line."""

    needs_pairs = True

    def __init__(self, root: Path, **_):
        self.file = open(root / "pairs.jsonl", "w", encoding="utf-8", newline="\n", buffering=TEXT_BUFFER)

    def add(self, group, split, ranked, pairs):
        # What is constant for the group is encoded once; image paths are plain ASCII
        # (images/<hex>/<hex>.<ext>) and a float's repr is what json writes.
        head = f'{{"split": {dumps(split)}, "prompt_id": {dumps(group.record_id)}, "prompt": {dumps(group.prompt)}, '
        paths = [f'"{image.path}"' for image in group.images]
        tail = f'"annotator_count": {len(group.judgments)}, "is_aggregate": '
        names = {j.annotation_id: dumps(j.annotator) for j in group.judgments}
        lines = []
        for i, j, label_0, label_1, annotation_id, aggregate in zip(
            pairs.i, pairs.j, pairs.label_0, pairs.label_1, pairs.annotation_id, pairs.is_aggregate
        ):
            who = (
                '"annotator": null, "annotation_id": null, '
                if aggregate
                else (f'"annotator": {names[annotation_id]}, "annotation_id": {annotation_id}, ')
            )
            lines.append(
                f'{head}"image_0": {paths[i]}, "image_1": {paths[j]}, "label_0": {label_0!r}, "label_1": {label_1!r}, '
                f'"is_tie": {"true" if label_0 == 0.5 else "false"}, {who}{tail}{"true" if aggregate else "false"}}}\n'
            )
        self.file.write("".join(lines))

    def close(self):
        self.file.close()


class ReflDataWriter(Writer):
    """The train split's prompts, one entry per group, as ImageReward's ReFL script reads them
    ({"text": prompt, "image": group id}); optionally only some categories, and without the
    groups whose prompt any annotator flagged with one of the excluded flags."""

    def __init__(self, root: Path, *, options: dict, **_):
        self.out = JsonArrayFile(root / "refl_data.json")
        self.categories = set(options.get("refl_categories") or ())
        self.excluded_flags = set(options.get("refl_exclude_prompt_flags") or ())

    def add(self, group, split, ranked, pairs):
        if split != "train":
            return
        if self.categories and group_category(group) not in self.categories:
            return
        if self.excluded_flags.intersection(group_prompt_flags(group)):
            return
        self.out.append(dumps({"text": group.prompt, "image": group.record_id}))

    def close(self):
        self.out.close()


WRITERS = {
    "reference": ReferenceWriter,
    "per_image_parquet": PerImageParquetWriter,
    "pairwise_parquet": PairwiseParquetWriter,
    "pairwise_jsonl": PairwiseJsonlWriter,
    "refl_data": ReflDataWriter,
}
