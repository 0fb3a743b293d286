"""How fast synthetic groups are drawn and imported. Prints figures; never part of the tests.

    .venv/bin/python bench/synthetic_and_import.py [--groups 2000] [--size 64] [--import-groups 500]
    .venv/bin/python bench/synthetic_and_import.py --imagereward [--zip] [--folder DIR]

The import part runs against DATABASE_URL (default: a throwaway SQLite file) in a temporary
project that it deletes afterwards. `--imagereward` imports a folder of ImageReward's size
(8,878 groups, about 57,000 images) and skips the drawing figures; `--zip` imports it as an
uploaded zip (unpacked, then imported); `--folder DIR` writes the generated folder there, or
reuses it if it is there already. The folder is written by a child process, so the peak memory
printed (this process's maximum resident set) is the import's own, Django included."""

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--import-groups", type=int, default=500)
    parser.add_argument("--imagereward", action="store_true", help="8,878 groups, about 57,000 images")
    parser.add_argument("--zip", action="store_true", help="import the folder as an uploaded zip")
    parser.add_argument("--folder", help="where to write (or find) the generated folder")
    args = parser.parse_args()
    if args.imagereward:
        args.import_groups, args.groups = 8878, 0

    print(f"cpu: {_cpu()}; load average at start: {_load()}")
    if args.groups:
        _draw(args)

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder = Path(args.folder) if args.folder else tmp / "gen"
    _write_folder(folder, args.import_groups, args.size)
    archive = tmp / "gen.zip"
    if args.zip:
        start = time.perf_counter()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(folder).as_posix())
        print(f"zipped the folder in {time.perf_counter() - start:.2f}s ({archive.stat().st_size / 1e6:.0f} MB)")

    os.environ.setdefault("DATA_DIR", str(tmp / "data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from annotation.imports import import_archive, import_generations
    from annotation.models import Project, PromptGroup

    call_command("migrate", verbosity=0)
    project = Project.objects.create(name="bench import", slug=f"bench-import-{os.getpid()}")
    began: dict[str, float] = {}

    def progress(stage, done, total):
        began.setdefault(stage, time.perf_counter())

    try:
        start = time.perf_counter()
        if args.zip:
            with archive.open("rb") as upload:
                batch = import_archive(project=project, archive=upload, name="gen.zip", progress=progress)
        else:
            batch = import_generations(project=project, folder=folder, progress=progress)
        took = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        listed = batch.counts["images"] + batch.counts["images_reused"]
        print(
            f"{'import_archive' if args.zip else 'import_generations'}: {batch.counts['groups']} groups, "
            f"{listed} images in {took:.2f}s ({listed / took:.0f} images/s) on {django.db.connection.vendor}; "
            f"peak memory {peak_mb:.0f} MB; load average now {_load()}"
        )
        marks = [("reading", start), *sorted(began.items(), key=lambda kv: kv[1]), ("end", start + took)]
        print(
            "  stages: "
            + ", ".join(f"{name} {until - since:.1f}s" for (name, since), (_, until) in zip(marks, marks[1:]))
        )
    finally:
        # Groups first: images are protected while a group shows them.
        PromptGroup.objects.filter(project=project).delete()
        project.delete()
        shutil.rmtree(tmp, ignore_errors=True)


def _draw(args):
    from annotation import synthetic

    start = time.perf_counter()
    groups = synthetic.generate_groups(args.groups, size=args.size)
    drawn = time.perf_counter() - start
    images = sum(len(g.images) for g in groups)
    print(
        f"generate_groups: {args.groups} groups, {images} images at {args.size}px in {drawn:.2f}s "
        f"({images / drawn:.0f} images/s)"
    )
    annotator = synthetic.SimulatedAnnotator(noise=0.3)
    start = time.perf_counter()
    for group in groups:
        annotator.judge(group)
    print(f"SimulatedAnnotator.judge: {args.groups} groups in {time.perf_counter() - start:.2f}s")


def _write_folder(folder: Path, n_groups: int, size: int) -> None:
    if (folder / "manifest.jsonl").is_file():
        print(f"reusing {folder}")
        return
    start = time.perf_counter()
    # In a child process: the drawing's memory is not the import's.
    child = multiprocessing.get_context("spawn").Process(target=_write, args=(folder, n_groups, size))
    child.start()
    child.join()
    print(f"write_generation_folder: {n_groups} groups in {time.perf_counter() - start:.2f}s")


def _write(folder, n_groups, size):
    from annotation import synthetic

    synthetic.write_generation_folder(folder, n_groups=n_groups, size=size)


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return f"{line.split(':', 1)[1].strip()} x {os.cpu_count()}"
    return f"{os.cpu_count()} CPUs"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
