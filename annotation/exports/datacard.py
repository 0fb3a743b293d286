"""The README.md written beside an export's data, and its snapshot.json: what the files are,
how they were made and how to load them. Both depend on the snapshot only (no export time), so
re-exporting gives the same bytes."""

import json

from .files import IMAGE_SUMS, SUMS
from .writers import rating_columns


def snapshot_json(*, snapshot, project, counts: dict, writer_versions: dict) -> str:
    document = {
        "project": {"id": project.id, "slug": project.slug, "name": project.name},
        "version": snapshot.version,
        "created_at": snapshot.created_at.isoformat(),
        "filters": snapshot.filters,
        "split": snapshot.split,
        "formats": snapshot.formats,
        "options": snapshot.options,
        "annotations": len(snapshot.annotation_ids),
        "counts": counts,
        "rating_dimensions": [d["key"] for d in project.rating_dimensions],
        "writers": writer_versions,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def readme(*, snapshot, project, counts: dict) -> str:
    options = snapshot.options
    lines = [
        f"# {project.name}: dataset snapshot v{snapshot.version}",
        "",
        f"Project `{project.slug}`, snapshot created {snapshot.created_at.strftime('%Y-%m-%d %H:%M UTC')}. "
        "A snapshot is immutable: its annotations were frozen when it was created, and exporting it "
        "again gives byte-identical files (see `SHA256SUMS`).",
        "",
        "## Contents",
        "",
        "| split | groups | images | comparisons (not tied) | ties |",
        "|---|---|---|---|---|",
    ]
    for name in ("train", "valid", "test"):
        c = counts["splits"][name]
        lines.append(f"| {name} | {c['groups']} | {c['images']} | {c['comparisons']} | {c['ties']} |")
    lines += [
        f"| all | {counts['groups']} | {counts['images']} | {counts['comparisons']} | {counts['ties']} |",
        "",
        f"{counts['annotations']} annotations by {counts['annotators']} "
        f"{'annotator' if counts['annotators'] == 1 else 'annotators'}. "
        'Comparisons and ties count pairs of images per annotation (ImageReward\'s "compared pairs, ties excluded" '
        "is the comparisons column).",
        "",
        "## How it was selected",
        "",
        "```json",
        json.dumps({"filters": snapshot.filters, "split": snapshot.split}, indent=2, sort_keys=True),
        "```",
        "",
        _split_text(snapshot.split),
        "",
        "## Files",
        "",
    ]
    for fmt in snapshot.formats:
        lines += _format_text(fmt, project, options)
    lines += [
        "- `snapshot.json`: this snapshot's settings and counts, machine-readable.",
        f"- `{SUMS}`: the sha256 of every other file but the images; check with `sha256sum -c {SUMS}`.",
    ]
    if options.get("images") == "embed":
        lines.append(
            "- The images are inside the Parquet files (their bytes, as stored in the project), so this export is "
            "self-contained; `image_path` / `image_0` / `image_1` still name each image by content."
        )
    elif options.get("images") in ("copy", "link"):
        lines.append(f"- `images/`: the images, named by their sha256; `sha256sum -c {IMAGE_SUMS}` checks them.")
    else:
        lines.append(
            "- Images are not included in this export: paths name them by content "
            "(`images/<first two hex digits of sha256>/<sha256>.<ext>`); export with images to get them."
        )
    lines += ["", "## Several annotators per group", "", _aggregation_text(options.get("aggregation")), ""]
    return "\n".join(lines)


def _split_text(split: dict) -> str:
    if split.get("method") == "held_out":
        return (
            "Split by prompt: the prompts listed under `valid` and `test` (ids or texts, compared with "
            "whitespace and case normalised) are held out; every other prompt is train."
        )
    return (
        "Split by prompt with seeded fractions: each distinct prompt (whitespace and case normalised) gets the key "
        'sha256(f"{seed}\\x00{prompt}")[:8]; prompts ordered by key fill train, then valid, then test, '
        "in exactly the requested shares (largest remainders round). A prompt never appears in two splits."
    )


def _format_text(fmt: str, project, options) -> list[str]:
    embedded = options.get("images") == "embed"
    if fmt == "reference":
        return [
            "- `train.json`, `valid.json`, `test.json`: the reference training format, one JSON array per split: "
            '`{"id", "prompt", "generations": [image paths relative to this folder], "ranking": [...]}`; '
            "`ranking[i]` is the slot of `generations[i]`, 1 = best, equal numbers are ties. ImageReward's training code "
            "reads them with `data_base` and `image_base` both set to this folder.",
        ]
    if fmt == "per_image_parquet":
        ratings = ", ".join(f"`{name}`" for _, name in rating_columns(project.rating_dimensions))
        return [
            "- `per_image.parquet`: one row per image, ImageRewardDB's columns `image_path, prompt_id, prompt, "
            f"classification, image_amount_in_total, rank` and {ratings} (integers, null when not rated; rank 1 = best), "
            "then `split, image_sha256, image_flags, prompt_flags, annotator, annotator_count`"
            + (", and `image`: the image itself (a `datasets` Image feature)" if embedded else "")
            + '. Load with `datasets.load_dataset("parquet", data_files="per_image.parquet")`.',
        ]
    if fmt in ("pairwise_parquet", "pairwise_jsonl"):
        name = "pairs.parquet" if fmt == "pairwise_parquet" else "pairs.jsonl"
        return [
            f"- `{name}`: one row per pair of a group's images (`image_0` before `image_1` in the group's order) and "
            "annotation: `split, prompt_id, prompt, image_0, image_1, label_0, label_1, is_tie, annotator, annotation_id, "
            "annotator_count, is_aggregate`. `label_0` is 1 when image_0 was ranked better, 0 when worse; a tie is "
            "0.5 / 0.5. Where several annotators judged a group, each pair also has an aggregate row "
            "(`is_aggregate` true, `annotator` null) whose labels are the mean of theirs. One label per pair: keep rows "
            "with `is_aggregate or annotator_count == 1`; every judgment: keep `not is_aggregate`."
            + (
                " With the images embedded, Pick-a-Pic's columns follow: `caption` (the prompt), `jpg_0` and "
                "`jpg_1` (the images' bytes, as in Pick-a-Pic: open with `PIL.Image.open(io.BytesIO(...))`), "
                "`user_id` (the annotator's user id), `ranking_id` (the annotation id; both null on aggregate "
                "rows) and `are_different` (the two images' sha256 differ)."
                if embedded and fmt == "pairwise_parquet"
                else ""
            ),
        ]
    if fmt == "refl_data":
        extra = []
        if options.get("refl_categories"):
            extra.append(f"only the categories {', '.join(options['refl_categories'])}")
        if options.get("refl_exclude_prompt_flags"):
            extra.append(f"without prompts flagged {', '.join(options['refl_exclude_prompt_flags'])}")
        return [
            '- `refl_data.json`: the train split\'s prompts for ReFL, `[{"text": prompt, "image": group id}]`, as '
            "ImageReward's `refl.py` reads them (one entry per group"
            + ("; " + "; ".join(extra) if extra else "")
            + ").",
        ]
    if fmt == "trl_preference":
        return [
            "- `trl_preference.parquet`: TRL's preference format, one row per comparison an annotator did not tie: "
            "`prompt`, `chosen` (the image ranked better), `rejected`, then `split, group_id, annotator, "
            "annotation_id`. "
            + (
                "`chosen` and `rejected` are the images themselves (`datasets` Image features). "
                if embedded
                else "`chosen` and `rejected` are image paths. "
            )
            + 'Load with `load_dataset("parquet", data_files="trl_preference.parquet", split="train")` and keep the '
            'rows of a split with `.filter(lambda s: s == "train", input_columns="split")`. Ties and the mean '
            "labels of several annotators are in the pairwise files.",
        ]
    return []


def _aggregation_text(aggregation: str) -> str:
    if aggregation == "per_annotation":
        return (
            "Aggregation `per_annotation`: the ranking files (reference format, per-image Parquet) hold one record "
            "per annotation, its id being `<group id>-a<annotation id>`; nothing is combined. The pairwise files "
            "hold each judgment and, for groups with several annotators, the mean label."
        )
    return (
        "Aggregation `mean_slot`: a group judged by one annotator keeps that annotator's slots, ratings and flags as "
        "recorded. A group judged by several gets one record: each image's mean slot, dense-ranked (1 = best, equal "
        "means tie); each rating is the mean rounded half up; the category is the most frequent one (ties: "
        "alphabetical first); flags are the union. The pairwise files keep every annotator's judgment beside the "
        "mean label."
    )
