"""How fast synthetic groups are drawn and imported. Prints figures; never part of the tests.

    .venv/bin/python bench/synthetic_and_import.py [--groups 2000] [--size 64] [--import-groups 500]

The import part runs against DATABASE_URL (default: a throwaway SQLite file) in a temporary
project that it deletes afterwards."""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--import-groups", type=int, default=500)
    args = parser.parse_args()

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
    del groups

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.setdefault("DATA_DIR", str(tmp / "data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from annotation.imports import import_generations
    from annotation.models import Project, PromptGroup

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    synthetic.write_generation_folder(tmp / "gen", n_groups=args.import_groups, size=args.size)
    print(f"write_generation_folder: {args.import_groups} groups in {time.perf_counter() - start:.2f}s")
    project = Project.objects.create(name="bench import", slug=f"bench-import-{os.getpid()}")
    try:
        start = time.perf_counter()
        batch = import_generations(project=project, folder=tmp / "gen")
        took = time.perf_counter() - start
        print(
            f"import_generations: {batch.counts['groups']} groups, {batch.counts['images']} images in {took:.2f}s "
            f"({batch.counts['images'] / took:.0f} images/s) on {django.db.connection.vendor}"
        )
    finally:
        # Groups first: images are protected while a group shows them.
        PromptGroup.objects.filter(project=project).delete()
        project.delete()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
