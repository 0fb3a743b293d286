"""How long the quality statistics take on a large project: builds (once) a project of
--groups groups of --images images, each judged by --overlap of --annotators annotators with
noisy rankings (and a few flags), then times `annotation.quality.project_quality`, its peak
memory (tracemalloc: Python and numpy allocations), the stats task that stores it
(`recompute_quality`), and the dashboard's read of the stored report through the API, and
prints the headline figures. The defaults are ImageReward's size with 3 annotators per group:
8,878 groups of 6 images, 26,634 annotations, 399,510 comparisons (targets: < 5 s, < 500 MB,
dashboard < 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imagepref_bench \
        .venv/bin/python bench/quality_stats.py

Rows are written with bulk_create (no files, no comparisons: the statistics read slots and
ratings only). Use a dedicated database; the project is rebuilt when its shape changes.
"""

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SLUG = "bench-quality"


def build(args):
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from annotation.models import (
        Annotation,
        GroupImage,
        Image,
        ImageAnnotation,
        Membership,
        Project,
        Prompt,
        PromptGroup,
    )

    shape = json.dumps(vars(args), sort_keys=True)
    project = Project.objects.filter(slug=SLUG).first()
    if project is not None and project.instructions == shape:
        return project
    rng = np.random.default_rng(0)
    User = get_user_model()
    with transaction.atomic():
        if project is not None:
            Annotation.objects.filter(project=project).delete()
            PromptGroup.objects.filter(project=project).delete()
            Image.objects.filter(project=project).delete()
            project.delete()
        project = Project.objects.create(
            name="Quality benchmark", slug=SLUG, instructions=shape, annotations_per_group=args.overlap
        )
        users = [User.objects.get_or_create(username=f"bench-quality-{n:04d}")[0] for n in range(args.annotators)]
        Membership.objects.bulk_create(Membership(project=project, user=u, role="annotator") for u in users)
        prompts = Prompt.objects.bulk_create(Prompt(project=project, text=f"prompt {n}") for n in range(args.groups))
        groups = PromptGroup.objects.bulk_create(
            PromptGroup(project=project, prompt=p, annotations_needed=args.overlap, annotation_count=args.overlap)
            for p in prompts
        )
        images = Image.objects.bulk_create(
            Image(project=project, file=f"q/{n}-{i}.png", sha256=f"q{n:055d}{i:08d}", width=64, height=64)
            for n in range(args.groups)
            for i in range(args.images)
        )
        GroupImage.objects.bulk_create(
            GroupImage(group=g, image=images[n * args.images + i], position=i)
            for n, g in enumerate(groups)
            for i in range(args.images)
        )
        annotations, judged = [], []
        for n, group in enumerate(groups):
            quality = rng.normal(size=args.images)  # the truth the annotators see through noise
            for person in rng.choice(args.annotators, size=args.overlap, replace=False):
                seen = quality + rng.normal(scale=args.noise, size=args.images)
                slots = np.clip(np.argsort(np.argsort(-seen)) + 1, 1, 5)
                ratings = np.clip(np.round(4 + 1.5 * seen), 1, 7).astype(int)
                annotations.append(
                    Annotation(
                        group=group,
                        annotator=users[person],
                        project=project,
                        time_spent_ms=int(rng.integers(5000, 60000)),
                    )
                )
                judged.append(
                    [(images[n * args.images + i].pk, int(slots[i]), int(ratings[i])) for i in range(args.images)]
                )
        Annotation.objects.bulk_create(annotations, batch_size=5000)
        ImageAnnotation.objects.bulk_create(
            (
                ImageAnnotation(
                    annotation=a,
                    image_id=image,
                    slot=slot,
                    ratings={"overall": r, "alignment": r, "fidelity": r},
                    flags=["too blurred"] if r <= 1 else [],
                )
                for a, rows in zip(annotations, judged)
                for image, slot, r in rows
            ),
            batch_size=5000,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after such an import
    return project


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dashboard_ms(project) -> float:
    from django.contrib.auth import get_user_model
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    setup_test_environment()
    staff, _ = get_user_model().objects.get_or_create(username="bench-quality-staff", defaults={"is_staff": True})
    client = APIClient()
    client.force_authenticate(staff)
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        response = client.get(f"/api/v1/projects/{project.pk}/quality/report/")
        assert response.status_code == 200, response.status_code
        timings.append(time.perf_counter() - began)
    return min(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=8878)
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--overlap", type=int, default=3)
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--noise", type=float, default=0.5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from annotation.quality import project_quality

    started = time.perf_counter()
    project = build(args)
    print(
        f"project ready in {time.perf_counter() - started:.1f} s: {args.groups} groups x {args.images} images, "
        f"{args.overlap} annotations each ({args.groups * args.overlap} annotations)"
    )
    comparisons = args.groups * args.overlap * args.images * (args.images - 1) // 2
    print(f"comparisons the rankings give: {comparisons}")
    timings = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        quality = project_quality(project=project)
        timings.append(time.perf_counter() - began)
    print(
        f"project_quality: best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms "
        f"over {args.repeat} runs (machine load average {os.getloadavg()[0]:.1f})"
    )
    tracemalloc.start()
    project_quality(project=project)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"project_quality: peak memory {peak / 2**20:.0f} MB (tracemalloc), process max RSS {_max_rss_mb():.0f} MB")

    from annotation.services.quality import recompute_quality

    began = time.perf_counter()
    recompute_quality(project=project)
    print(f"recompute_quality (the stats task: compute, store, pausing rules): {time.perf_counter() - began:.2f} s")
    print(f"dashboard read of the stored report: {_dashboard_ms(project):.0f} ms (best of 5, through the API)")
    print(
        "alpha:",
        {r["dimension"]: round(r["alpha"], 3) for r in quality["ratings"] if r["alpha"] is not None},
        "tau-b:",
        round(quality["ranking"]["kendall_tau_b"], 3),
        "pairwise:",
        round(quality["ranking"]["pairwise_agreement"], 3),
        "majority:",
        round(quality["ranking"]["majority_agreement"], 3),
        "annotators:",
        len(quality["annotators"]),
        "flag kappa (any):",
        quality["flags"]["image"][-1]["kappa"],
        "flagged annotators:",
        sum(1 for row in quality["annotators"] if row["flags"]),
    )


if __name__ == "__main__":
    main()
