"""Export benchmark at ImageReward's size: 8,878 prompt groups of 4-9 images, one annotation
each, about 137k non-tied comparisons, built directly in PostgreSQL with COPY (no per-row ORM
saves, rows streamed into COPY as they are made; every image row points at one of 8 small PNG
files), then exported.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imagepref_h5 .venv/bin/python bench/bench_export.py

What is measured, each in a fresh subprocess (so one run's memory never flatters the next):

- one run per metadata format (reference, per_image_parquet, pairwise_parquet, pairwise_jsonl,
  refl_data, trl_preference) and one run with all of them together: `create_snapshot`
  (freezing the annotation ids) and `export_snapshot` (reading, writing the files,
  README/snapshot.json, checksums, the zip) wall-clock seconds, and the process's peak resident
  memory, next to its resident memory just before the export (Python, Django, pyarrow and the
  pandas that pyarrow imports on its first list conversion: loaded once per worker process; its
  import time is printed apart) so the export's own share is visible;
- image copying on its own: the reference format with images copied (and hard-linked) minus the
  reference format without images;
- with `--images embed`, instead: the formats that can hold images (per_image_parquet,
  pairwise_parquet, trl_preference) with the images' bytes inside the Parquet files, each alone
  and all together. `--tile-px N` first rewrites the 8 image files as N x N noise (about 3N²
  bytes each as PNG) so the embedded bytes weigh something: at 48 px the three files hold
  3.8 GB of images (7 kB an image).

Peak memory is the subprocess's own high-water mark (VmHWM in /proc/self/status). Not
ru_maxrss: Linux carries the parent's peak into a child started with vfork + exec (as
subprocess does), so every export would report at least what this process held while it built
the project.

Every export also writes its zip; the archive's share is not split out (it is inside the export
seconds). Exports go to bench/out/exports (EXPORT_ROOT), media to bench/out/media.
Options: --rebuild (drop and rebuild the bench project), --groups N (default 8878), --seed S,
--images embed, --tile-px N, --no-copies (skip the image copying runs), --bucket (the exports
and the 8 image files in a bucket of moto's S3 server on localhost, started here; `export s`
then holds the upload and the check that reads every object back, and the image copies are
fetched from the bucket: a figure of the code's overhead against an in-memory server, not of a
real network).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/imagepref_h5")
os.environ.setdefault("EXPORT_ROOT", str(OUT / "exports"))
os.environ.setdefault("MEDIA_ROOT", str(OUT / "media"))

SLUG = "bench-imagereward"
FORMATS = ["reference", "per_image_parquet", "pairwise_parquet", "pairwise_jsonl", "refl_data", "trl_preference"]
EMBEDDING_FORMATS = ["per_image_parquet", "pairwise_parquet", "trl_preference"]
# Images per group, k = 4..9, weights chosen so the totals land near ImageReward's
# (8,878 prompts, 136,892 non-tied pairs).
K_WEIGHTS = {4: 0.24, 5: 0.20, 6: 0.18, 7: 0.14, 8: 0.12, 9: 0.12}
CATEGORIES = [
    "Abstract",
    "Animals",
    "Artifacts",
    "Arts",
    "Food",
    "Illustrations",
    "Indoor Scenes",
    "Outdoor Scenes",
    "People",
    "Plants",
    "Vehicles",
    "World Knowledge",
]
SPLIT = {"method": "fractions", "seed": 0, "fractions": {"train": 0.9, "valid": 0.05, "test": 0.05}}


def django_setup():
    import django

    django.setup()


def rss_mb() -> float:
    """Current resident set size (VmRSS) in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """This process's own peak resident set size (VmHWM) in MB; see the module's docstring for
    why not ru_maxrss."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- building the project ------------------------------------------------------------------------


def slots_for(rng, k: int) -> list[int]:
    """A ranking into 5 slots with at most 2 images per slot: k-5 slots are forced to hold two
    images when k > 5; otherwise one tie in 10 groups."""
    doubled = max(0, k - 5)
    if doubled == 0 and rng.random() < 0.1:
        doubled = 1
    distinct = k - doubled
    slots = sorted(rng.choice(5, size=distinct, replace=False) + 1)
    twice = list(rng.choice(slots, size=doubled, replace=False)) if doubled else []
    ranking = [int(s) for s in slots] + [int(s) for s in twice]
    rng.shuffle(ranking)
    return ranking


def build(groups: int, seed: int) -> int:
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from annotation.models import (
        Annotation,
        Comparison,
        GroupImage,
        Image,
        ImageAnnotation,
        Membership,
        Project,
        Prompt,
        PromptGroup,
        Role,
    )
    from tests.factories import png_bytes

    rng = np.random.default_rng(seed)
    old = Project.objects.filter(slug=SLUG).first()
    if old is not None:
        # The per-row tables first, in SQL (PROTECT keys stop the ORM's collector otherwise).
        with transaction.atomic(), connection.cursor() as cur:
            for table, where in (
                ("annotation_comparison", "project_id = %s"),
                (
                    "annotation_imageannotation",
                    "annotation_id IN (SELECT id FROM annotation_annotation WHERE project_id = %s)",
                ),
                ("annotation_annotation", "project_id = %s"),
                ("annotation_groupimage", "group_id IN (SELECT id FROM annotation_promptgroup WHERE project_id = %s)"),
            ):
                cur.execute(f"DELETE FROM {table} WHERE {where}", [old.pk])
            old.delete()
    media = Path(os.environ["MEDIA_ROOT"]) / "bench"
    media.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(8):
        name = f"bench/tile-{n}.png"
        (media.parent / name).write_bytes(png_bytes(color=(30 * n, 255 - 30 * n, 90), size=(32, 32)))
        files.append(name)

    users = get_user_model().objects
    annotators = [users.get_or_create(username=f"bench-expert-{i}")[0] for i in range(20)]
    project = Project.objects.create(name="Bench: ImageReward size", slug=SLUG)
    Membership.objects.bulk_create(Membership(project=project, user=u, role=Role.ANNOTATOR) for u in annotators)
    now = timezone.now()

    def next_ids(table, n):
        with connection.cursor() as cur:
            cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            start = cur.fetchone()[0] + 1
        return range(start, start + n)

    ks = rng.choice(list(K_WEIGHTS), size=groups, p=list(K_WEIGHTS.values()))
    n_images = int(ks.sum())
    prompt_ids = next_ids("annotation_prompt", groups)
    group_ids = next_ids("annotation_promptgroup", groups)
    annotation_ids = next_ids("annotation_annotation", groups)
    image_ids = next_ids("annotation_image", n_images)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        raw = cur.cursor  # psycopg 3

        def copy(model, rows, *, with_id=True):
            """COPY dicts of field attnames into the model's table; the other fields get their
            model defaults (the model may grow fields this script does not know about)."""
            fields = [
                f
                for f in model._meta.concrete_fields
                if not getattr(f, "generated", False) and (with_id or not f.primary_key)
            ]
            table = model._meta.db_table
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as out:
                for row in rows:
                    out.write_row([_value(f, row, now) for f in fields])

        copy(
            Prompt,
            (
                {
                    "id": prompt_ids[g],
                    "project_id": project.pk,
                    "text": f"bench prompt {g}: a {CATEGORIES[g % 12].lower()} scene, detailed, artstation, "
                    f"variant {rng.integers(1_000_000)}",
                }
                for g in range(groups)
            ),
        )
        copy(
            Image,
            (
                {
                    "id": image_ids[i],
                    "project_id": project.pk,
                    "file": files[i % len(files)],
                    "sha256": f"{i:064x}",
                    "width": 32,
                    "height": 32,
                    "generator": "bench-gen",
                    "seed": i,
                }
                for i in range(n_images)
            ),
        )
        copy(
            PromptGroup,
            (
                {
                    "id": group_ids[g],
                    "project_id": project.pk,
                    "prompt_id": prompt_ids[g],
                    "external_id": f"{g:06d}-0000",
                    "annotations_needed": 1,
                    "annotation_count": 1,
                    "completed_at": now,
                }
                for g in range(groups)
            ),
        )
        # Each group's ranking (the same random draws, in the same order, as when these rows were
        # lists), then the per-image and per-pair rows made as COPY takes them: the project is
        # never held in memory whole.
        rankings = [slots_for(rng, int(k)) for k in ks]
        starts = np.concatenate(([0], np.cumsum(ks)[:-1])).tolist()

        def members(g):
            return [image_ids[starts[g] + p] for p in range(int(ks[g]))]

        def group_images():
            for g in range(groups):
                for p, image_id in enumerate(members(g)):
                    yield {"group_id": group_ids[g], "image_id": image_id, "position": p}

        def judgments():
            for g, slots in enumerate(rankings):
                for p, image_id in enumerate(members(g)):
                    score = 8 - slots[p]
                    yield {
                        "annotation_id": annotation_ids[g],
                        "image_id": image_id,
                        "slot": slots[p],
                        "ratings": {"overall": score, "alignment": max(1, score - 1), "fidelity": score},
                    }

        def comparisons():
            for g, slots in enumerate(rankings):
                images = members(g)
                for i in range(len(images)):
                    for j in range(i + 1, len(images)):
                        better, worse = (i, j) if slots[i] <= slots[j] else (j, i)
                        yield {
                            "project_id": project.pk,
                            "annotation_id": annotation_ids[g],
                            "group_id": group_ids[g],
                            "better_id": images[better],
                            "worse_id": images[worse],
                            "is_tie": slots[i] == slots[j],
                        }

        copy(GroupImage, group_images(), with_id=False)
        copy(
            Annotation,
            (
                {
                    "id": annotation_ids[g],
                    "group_id": group_ids[g],
                    "annotator_id": annotators[g % len(annotators)].pk,
                    "project_id": project.pk,
                    "client_key": uuid.UUID(int=g),
                    "prompt_category": CATEGORIES[g % 12],
                    "time_spent_ms": 30000,
                    "status": "submitted",
                    "source": "bench",
                }
                for g in range(groups)
            ),
        )
        copy(ImageAnnotation, judgments(), with_id=False)
        copy(Comparison, comparisons(), with_id=False)
        for model in (Prompt, Image, PromptGroup, Annotation):
            table = model._meta.db_table
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cur.execute("ANALYZE")
    pairs = sum(len(slots) * (len(slots) - 1) // 2 for slots in rankings)
    ties = sum(m * (m - 1) // 2 for slots in rankings for m in Counter(slots).values())
    print(
        f"built {groups} groups, {n_images} images, {pairs - ties} non-tied comparisons, {ties} ties "
        f"in {time.perf_counter() - started:.1f} s (COPY)"
    )
    return project.pk


def _value(field, row: dict, now):
    """The row's value for a field, else the field's default, adapted for COPY."""
    if field.attname in row:
        value = row[field.attname]
    elif field.has_default():
        value = field.get_default()
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    elif field.null:
        value = None
    else:
        raise ValueError(f"bench_export: no value for {field.model.__name__}.{field.attname}")
    if field.get_internal_type() == "JSONField" and value is not None:
        return json.dumps(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def write_tiles(px: int) -> None:
    """The bench's 8 image files as px x px RGB noise (PNG barely compresses it)."""
    import numpy as np
    from PIL import Image as PILImage

    rng = np.random.default_rng(px)
    folder = Path(os.environ["MEDIA_ROOT"]) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(8):
        pixels = rng.integers(0, 256, size=(px, px, 3), dtype=np.uint8)
        PILImage.fromarray(pixels).save(folder / f"tile-{n}.png")


def start_bucket() -> None:
    """A moto S3 server in a thread of this process, a bucket holding the bench's image files, and
    the environment that points the export subprocesses at it."""
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "STORAGE_URL": "s3://bench-exports/lab",
        "STORAGE_ENDPOINT_URL": f"http://{host}:{port}",
        "STORAGE_REGION": "us-east-1",
        "STORAGE_ADDRESSING_STYLE": "path",
        "STORAGE_ACCESS_KEY_ID": "bench",
        "STORAGE_SECRET_ACCESS_KEY": "bench",
    }
    client = boto3.client(
        "s3",
        endpoint_url=env["STORAGE_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    client.create_bucket(Bucket="bench-exports")
    for tile in sorted((Path(os.environ["MEDIA_ROOT"]) / "bench").glob("*.png")):
        client.upload_file(str(tile), "bench-exports", f"lab/media/bench/{tile.name}")
    os.environ.update(env)
    print(f"bucket: s3://bench-exports/lab on moto's server at {env['STORAGE_ENDPOINT_URL']} (in this process)")


# --- one export in this process ------------------------------------------------------------------


def export_one(project_id: int, formats: list[str], images: str, keep: bool) -> dict:
    django_setup()
    import pyarrow as pa
    import pyarrow.parquet  # noqa: F401

    from annotation.models import Project
    from annotation.services.exports import create_snapshot, export_snapshot, snapshot_dir

    project = Project.objects.get(pk=project_id)
    # pyarrow imports pandas on its first conversion of a Python list (about 1.7 s and 60 MB
    # here): a worker pays that once per process, so it is loaded before the baseline and its
    # cost printed on its own.
    before_import = rss_mb()
    started = time.perf_counter()
    pa.array([0])
    import_s = time.perf_counter() - started
    baseline = rss_mb()
    started = time.perf_counter()
    snapshot = create_snapshot(project=project, split=SPLIT, formats=formats, options={"images": images}, enqueue=False)
    created = time.perf_counter()
    cpu = time.process_time()
    snapshot = export_snapshot(snapshot_id=snapshot.pk)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    sizes = {name: entry["bytes"] for name, entry in snapshot.manifest["files"].items()}
    if not keep and not os.environ.get("STORAGE_URL"):  # a bucket's objects go with its server
        shutil.rmtree(snapshot_dir(snapshot))
        (Path(os.environ["EXPORT_ROOT"]) / snapshot.archive_path).unlink()
    return {
        "formats": formats,
        "images": images,
        "create_s": round(created - started, 3),
        "export_s": round(done - created, 3),
        "export_cpu_s": round(cpu, 3),
        "baseline_rss_mb": round(baseline, 1),
        "pandas_import_s": round(import_s, 3),
        "pandas_import_mb": round(baseline - before_import, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "counts": snapshot.counts,
        "image_files": snapshot.manifest["images"],
        "archive_bytes": snapshot.manifest["archive"]["bytes"],
        "file_bytes": sizes,
    }


def in_subprocess(project_id: int, formats: list[str], images: str = "none", keep: bool = False) -> dict:
    command = [
        sys.executable,
        __file__,
        "--export-one",
        ",".join(formats),
        "--images",
        images,
        "--project-id",
        str(project_id),
    ] + (["--keep"] if keep else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ.copy())
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--groups", type=int, default=8878)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--export-one", help=argparse.SUPPRESS)
    parser.add_argument(
        "--images",
        default="none",
        choices=["none", "copy", "link", "embed"],
        help="embed: measure the Parquet formats with the images inside them (instead of the metadata formats)",
    )
    parser.add_argument("--tile-px", type=int, help="rewrite the 8 image files as N x N noise first")
    parser.add_argument("--no-copies", action="store_true", help="skip the image copying runs")
    parser.add_argument("--bucket", action="store_true", help="exports and images in a bucket of a local moto server")
    parser.add_argument("--project-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.export_one:
        print(json.dumps(export_one(args.project_id, args.export_one.split(","), args.images, args.keep)))
        return

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from annotation.models import Annotation, Comparison, GroupImage, Project

    if connection.vendor != "postgresql":
        sys.exit("bench_export builds its project with COPY: set DATABASE_URL to a PostgreSQL database")
    call_command("migrate", verbosity=0)
    project = Project.objects.filter(slug=SLUG).first()
    if args.rebuild or project is None or project.groups.count() != args.groups:
        project_id = build(args.groups, args.seed)
    else:
        project_id = project.pk
    project = Project.objects.get(pk=project_id)
    print(
        f"project {project.slug} (id {project_id}): {project.groups.count()} groups, "
        f"{GroupImage.objects.filter(group__project=project).count()} images, "
        f"{Annotation.objects.filter(project=project).count()} annotations, "
        f"{Comparison.objects.filter(project=project, is_tie=False).count()} non-tied comparisons, "
        f"{Comparison.objects.filter(project=project, is_tie=True).count()} ties"
    )
    # Earlier runs' files (their snapshot rows stay in the bench database, pointing nowhere).
    shutil.rmtree(Path(os.environ["EXPORT_ROOT"]) / SLUG, ignore_errors=True)
    print(f"database {connection.settings_dict['NAME']}, exports under {os.environ['EXPORT_ROOT']}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; each row is a fresh subprocess")
    if args.tile_px:
        write_tiles(args.tile_px)
    if args.bucket:
        start_bucket()
    tiles = sorted((Path(os.environ["MEDIA_ROOT"]) / "bench").glob("tile-*.png"))
    if tiles:
        average = sum(t.stat().st_size for t in tiles) / len(tiles)
        print(
            f"image files: {len(tiles)} under {os.environ['MEDIA_ROOT']}/bench, {average / 1e3:.1f} kB each on average"
        )
    print()
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (wall seconds stretch with it; "
        f"CPU seconds are this process's own, the database server's work is not in them)"
    )
    header = (
        f"{'formats':<26} {'create s':>8} {'export s':>8} {'export CPU s':>12} {'RSS before MB':>13} "
        f"{'peak RSS MB':>11}  files"
    )
    print(header)
    print("-" * len(header))

    def show(label, result):
        files = ", ".join(
            f"{name} {size / 1e6:.1f} MB"
            for name, size in result["file_bytes"].items()
            if name not in ("README.md", "SHA256SUMS", "snapshot.json")
        )
        print(
            f"{label:<26} {result['create_s']:>8.2f} {result['export_s']:>8.2f} {result['export_cpu_s']:>12.2f} "
            f"{result['baseline_rss_mb']:>13.0f} {result['peak_rss_mb']:>11.0f}  {files}"
        )

    if args.images == "embed":
        for fmt in EMBEDDING_FORMATS:
            show(f"{fmt}, embed", in_subprocess(project_id, [fmt], images="embed"))
        together = in_subprocess(project_id, EMBEDDING_FORMATS, images="embed")
        show("all three, embed", together)
        print(f"peak RSS with the images embedded: {together['peak_rss_mb']:.0f} MB (target: under 500 MB)")
        return
    for fmt in FORMATS:
        show(fmt, in_subprocess(project_id, [fmt]))
    together = in_subprocess(project_id, FORMATS, keep=True)
    show(f"all {len(FORMATS)} together", together)
    print(
        f"(before each export: pyarrow's one-time import of pandas, {together['pandas_import_s']:.2f} s and "
        f"{together['pandas_import_mb']:.0f} MB, is in 'RSS before' and not in 'export s')"
    )
    counts = together["counts"]
    print()
    print(
        f"exported: {counts['groups']} groups, {counts['images']} images, {counts['comparisons']} non-tied "
        f"comparisons, {counts['ties']} ties; zip {together['archive_bytes'] / 1e6:.1f} MB"
    )
    total = together["create_s"] + together["export_s"]
    print(
        f"all metadata formats together: {total:.2f} s (create {together['create_s']:.2f} + export "
        f"{together['export_s']:.2f}; export CPU {together['export_cpu_s']:.2f} s), peak RSS "
        f"{together['peak_rss_mb']:.0f} MB (target: under 10 s and 300 MB); kept in "
        f"{os.environ['EXPORT_ROOT']}/{SLUG}/"
    )

    if args.no_copies:
        return
    print()
    print("image copying (reference format with images, minus the same without):")
    plain = in_subprocess(project_id, ["reference"])
    show("reference, no images", plain)
    for mode in ("copy", "link"):
        with_images = in_subprocess(project_id, ["reference"], images=mode)
        show(f"reference, images {mode}", with_images)
        extra = with_images["export_s"] - plain["export_s"]
        n = with_images["image_files"]["count"]
        print(
            f"  images {mode}: {n} files, {with_images['image_files']['bytes'] / 1e6:.1f} MB, "
            f"+{extra:.2f} s ({n / max(extra, 1e-9):.0f} files/s; includes hashing every file and "
            f"zipping it into the archive)"
        )


if __name__ == "__main__":
    main()
