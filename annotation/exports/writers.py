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
  ReFL script reads them;
- `trl_preference`: `trl_preference.parquet`: one row per non-tied comparison, prompt / chosen /
  rejected as TRL's preference trainers read them.

With `images: embed` the Parquet files hold the images' bytes (read from the project's storage
one group at a time): per_image.parquet an `image` column and trl_preference.parquet `chosen` /
`rejected`, as `datasets` Image features (named in the file's "huggingface" metadata);
pairs.parquet Pick-a-Pic's columns (`caption`, `jpg_0`, `jpg_1` as raw bytes, `user_id`,
`ranking_id`, `are_different`) after its own. Row groups then also close at ROW_GROUP_BYTES of
image bytes, so memory holds one row group's images, not the export's."""

import json
from json.encoder import encode_basestring
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.core.files.storage import Storage, default_storage

from .records import GroupPairs, GroupRecord, Ranked, group_category, group_prompt_flags, preferences
from .spec import SPLITS

ROW_GROUP_ROWS = 65536
ROW_GROUP_BYTES = 32 << 20  # of embedded image bytes
PARQUET_OPTIONS = {"compression": "snappy", "use_dictionary": True, "write_statistics": True}
TEXT_BUFFER = 1 << 20
IMAGE = pa.struct([("bytes", pa.binary()), ("path", pa.string())])  # datasets' Image feature

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


# A string as dumps writes it, without the encoder's set-up per call.
quote = encode_basestring


class FloatTexts(dict):
    """float -> its repr, remembered (labels take few values: k / n for n annotators)."""

    def __missing__(self, value: float) -> str:
        if len(self) > 10000:
            self.clear()
        text = self[value] = repr(value)
        return text


LABELS = FloatTexts()


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


def hf_feature(field: pa.Field, images: set[str]) -> dict:
    """A column as `datasets` describes it (Value / Sequence / Image): the forms every version
    of `datasets` reads."""
    if field.name in images:
        return {"_type": "Image"}
    if pa.types.is_list(field.type):
        return {"feature": hf_feature(field.type.value_field, set()), "_type": "Sequence"}
    names = {pa.string(): "string", pa.binary(): "binary", pa.bool_(): "bool", pa.float64(): "float64"}
    dtype = names.get(field.type, str(field.type))  # int8, int16, int64: arrow's names are datasets'
    return {"dtype": dtype, "_type": "Value"}


def with_image_features(schema: pa.Schema, images: set[str]) -> pa.Schema:
    """The schema with the metadata that makes `datasets` load the `images` columns as Image
    features (decoded to PIL images on access), every other column as it is."""
    features = {field.name: hf_feature(field, images) for field in schema}
    return schema.with_metadata({"huggingface": json.dumps({"info": {"features": features}})})


class ParquetRows:
    """Rows gathered column by column and written as a row group every ROW_GROUP_ROWS rows, or
    (columns of image bytes) before the row that would take the group past ROW_GROUP_BYTES."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.schema = schema
        options = dict(PARQUET_OPTIONS)
        raw = [f.name for f in schema if f.type in (pa.binary(), IMAGE)]
        if raw:
            # Image bytes are compressed already: a dictionary of them only costs memory.
            options["use_dictionary"] = [f.name for f in schema if f.name not in raw]
        self.writer = pq.ParquetWriter(path, schema, **options)
        self.columns = {name: [] for name in schema.names}
        self.rows = 0
        self.bytes = 0

    def flush(self) -> None:
        if not self.rows:
            return
        batch = pa.record_batch([pa.array(self.columns[f.name], type=f.type) for f in self.schema], schema=self.schema)
        self.writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
        for values in self.columns.values():
            values.clear()
        self.rows = 0
        self.bytes = 0
        del batch
        # Arrow's allocator keeps freed pages for reuse; give them back between row groups.
        pa.default_memory_pool().release_unused()

    def added(self, n: int) -> None:
        self.rows += n
        if self.rows >= ROW_GROUP_ROWS:
            self.flush()

    def extend(self, columns: dict[str, list], sizes: list[int] | None = None) -> None:
        """Rows, column by column; `sizes[r]` is row r's image bytes, where it has some."""
        if sizes is None:
            for name, values in columns.items():
                self.columns[name].extend(values)
            self.added(len(next(iter(columns.values()))))
            return
        start, n = 0, len(sizes)
        while start < n:
            end, size = start, 0
            while (
                end < n
                and self.rows + (end - start) < ROW_GROUP_ROWS
                and ((end == start and not self.rows) or self.bytes + size + sizes[end] <= ROW_GROUP_BYTES)
            ):
                size += sizes[end]
                end += 1
            if end == start:  # the next row does not fit: this row group is full
                self.flush()
                continue
            for name, values in columns.items():
                self.columns[name].extend(values[start:end])
            self.rows += end - start
            self.bytes += size
            start = end
            if self.rows >= ROW_GROUP_ROWS:
                self.flush()

    def close(self) -> None:
        self.flush()
        self.writer.close()


class GroupImages:
    """The bytes of a group's images, in group position order, read from storage once a group."""

    def __init__(self, storage: Storage | None = None):
        self.storage = storage or default_storage
        self.group_id = None
        self.data: list[bytes] = []

    def of(self, group: GroupRecord) -> list[bytes]:
        if group.group_id != self.group_id:
            self.data = [self._read(image.storage_name) for image in group.images]
            self.group_id = group.group_id
        return self.data

    def _read(self, name: str) -> bytes:
        with self.storage.open(name, "rb") as f:
            return f.read()


def embeds(options: dict) -> bool:
    return options.get("images") == "embed"


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

    def __init__(self, root: Path, *, dimensions: list[dict], options: dict | None = None, **_):
        self.ratings = rating_columns(dimensions)
        rtype = rating_type(dimensions)
        self.images = GroupImages() if embeds(options or {}) else None
        schema = pa.schema(
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
            + ([("image", IMAGE)] if self.images else [])
        )
        if self.images:
            schema = with_image_features(schema, {"image"})
        self.rows = ParquetRows(root / "per_image.parquet", schema)

    def add(self, group, split, ranked, pairs):
        k = len(group.images)
        paths = [image.path for image in group.images]
        shas = [image.sha256 for image in group.images]
        if self.images:
            data = self.images.of(group)
            cells = [{"bytes": b, "path": path} for b, path in zip(data, paths)]
            sizes = [len(b) for b in data]
        for view in ranked:
            c = {
                "image_path": paths,
                "prompt_id": [view.record_id] * k,
                "prompt": [group.prompt] * k,
                "classification": [view.category] * k,
                "image_amount_in_total": [k] * k,
                "rank": view.slots,
            }
            for key, name in self.ratings:
                c[name] = [r.get(key) for r in view.ratings] if key else [None] * k
            c["split"] = [split] * k
            c["image_sha256"] = shas
            c["image_flags"] = view.image_flags
            c["prompt_flags"] = [view.prompt_flags] * k
            c["annotator"] = [view.annotator] * k
            c["annotator_count"] = [view.annotator_count] * k
            if self.images:
                c["image"] = cells
                self.rows.extend(c, sizes)
            else:
                self.rows.extend(c)

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


# Pick-a-Pic's columns, after PAIR_SCHEMA's, with images: embed.
PICKAPIC_COLUMNS = [
    ("caption", pa.string()),
    ("jpg_0", pa.binary()),
    ("jpg_1", pa.binary()),
    ("user_id", pa.int64()),
    ("ranking_id", pa.int64()),
    ("are_different", pa.bool_()),
]


class PairwiseParquetWriter(Writer):
    needs_pairs = True

    def __init__(self, root: Path, *, options: dict | None = None, **_):
        self.images = GroupImages() if embeds(options or {}) else None
        schema = pa.schema(list(PAIR_SCHEMA) + PICKAPIC_COLUMNS) if self.images else PAIR_SCHEMA
        self.rows = ParquetRows(root / "pairs.parquet", schema)

    def add(self, group, split, ranked, pairs):
        n = len(pairs)
        paths = [image.path for image in group.images]
        c = {
            "split": [split] * n,
            "prompt_id": [group.record_id] * n,
            "prompt": [group.prompt] * n,
            "image_0": [paths[i] for i in pairs.i],
            "image_1": [paths[j] for j in pairs.j],
            "label_0": pairs.label_0,
            "label_1": pairs.label_1,
            "is_tie": [label == 0.5 for label in pairs.label_0],
            "annotator": pairs.annotator,
            "annotation_id": pairs.annotation_id,
            "annotator_count": [len(group.judgments)] * n,
            "is_aggregate": pairs.is_aggregate,
        }
        if not self.images:
            self.rows.extend(c)
            return
        data = self.images.of(group)
        shas = [image.sha256 for image in group.images]
        c["caption"] = c["prompt"]
        c["jpg_0"] = [data[i] for i in pairs.i]
        c["jpg_1"] = [data[j] for j in pairs.j]
        c["user_id"] = pairs.annotator_id
        c["ranking_id"] = pairs.annotation_id
        c["are_different"] = [shas[i] != shas[j] for i, j in zip(pairs.i, pairs.j)]
        self.rows.extend(c, [len(data[i]) + len(data[j]) for i, j in zip(pairs.i, pairs.j)])

    def close(self):
        self.rows.close()


class PairwiseJsonlWriter(Writer):
    """The same rows and keys as pairs.parquet, one JSON object per line."""

    needs_pairs = True

    def __init__(self, root: Path, **_):
        self.file = open(root / "pairs.jsonl", "w", encoding="utf-8", newline="\n", buffering=TEXT_BUFFER)

    def add(self, group, split, ranked, pairs):
        # What is constant for the group is encoded once; image paths are plain ASCII
        # (images/<hex>/<hex>.<ext>), strings are what json.dumps(ensure_ascii=False) writes, and
        # a float is its repr, as json writes it.
        head = (
            f'{{"split": {quote(split)}, "prompt_id": {quote(group.record_id)}, "prompt": {quote(group.prompt)}, '
            '"image_0": '
        )
        paths = [f'"{image.path}"' for image in group.images]
        tail = f'"annotator_count": {len(group.judgments)}, "is_aggregate": '
        aggregate_tail = f'"annotator": null, "annotation_id": null, {tail}true}}\n'
        judgment_tail = {
            j.annotation_id: f'"annotator": {quote(j.annotator)}, "annotation_id": {j.annotation_id}, {tail}false}}\n'
            for j in group.judgments
        }
        self.file.write(
            "".join(
                [
                    f'{head}{paths[i]}, "image_1": {paths[j]}, "label_0": {LABELS[label_0]}, '
                    f'"label_1": {LABELS[label_1]}, "is_tie": {"true" if label_0 == 0.5 else "false"}, '
                    f"{aggregate_tail if aggregate else judgment_tail[annotation_id]}"
                    for i, j, label_0, label_1, annotation_id, aggregate in zip(
                        pairs.i, pairs.j, pairs.label_0, pairs.label_1, pairs.annotation_id, pairs.is_aggregate
                    )
                ]
            )
        )

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


class TrlPreferenceWriter(Writer):
    """One row per non-tied comparison: `prompt`, `chosen`, `rejected` (image paths, or with
    images: embed the images), then `split, group_id, annotator, annotation_id`."""

    def __init__(self, root: Path, *, options: dict | None = None, **_):
        self.images = GroupImages() if embeds(options or {}) else None
        image = IMAGE if self.images else pa.string()
        schema = pa.schema(
            [
                ("prompt", pa.string()),
                ("chosen", image),
                ("rejected", image),
                ("split", pa.string()),
                ("group_id", pa.string()),
                ("annotator", pa.string()),
                ("annotation_id", pa.int64()),
            ]
        )
        if self.images:
            schema = with_image_features(schema, {"chosen", "rejected"})
        self.rows = ParquetRows(root / "trl_preference.parquet", schema)

    def add(self, group, split, ranked, pairs):
        chosen = preferences(group)
        n = len(chosen)
        if not n:
            return
        judgments = group.judgments
        if self.images:
            data = self.images.of(group)
            cells = [{"bytes": b, "path": image.path} for b, image in zip(data, group.images)]
        else:
            cells = [image.path for image in group.images]
        c = {
            "prompt": [group.prompt] * n,
            "chosen": [cells[i] for i in chosen.chosen],
            "rejected": [cells[j] for j in chosen.rejected],
            "split": [split] * n,
            "group_id": [group.record_id] * n,
            "annotator": [judgments[m].annotator for m in chosen.judgment],
            "annotation_id": [judgments[m].annotation_id for m in chosen.judgment],
        }
        if self.images:
            self.rows.extend(c, [len(data[i]) + len(data[j]) for i, j in zip(chosen.chosen, chosen.rejected)])
        else:
            self.rows.extend(c)

    def close(self):
        self.rows.close()


WRITERS = {
    "reference": ReferenceWriter,
    "per_image_parquet": PerImageParquetWriter,
    "pairwise_parquet": PairwiseParquetWriter,
    "pairwise_jsonl": PairwiseJsonlWriter,
    "refl_data": ReflDataWriter,
    "trl_preference": TrlPreferenceWriter,
}
