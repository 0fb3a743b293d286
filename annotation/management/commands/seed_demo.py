"""manage.py seed_demo [--groups N] [--annotated N] [--size PX]

The demo project "Shapes demo" (slug `demo`): synthetic prompt groups of known quality
(annotation/synthetic.py) imported like real generations, a few gold groups, a user for every
role, and some groups already annotated by simulated annotators through the same services the
app uses (next_task, submit_annotation), one of them careless: the quality figures are computed
at once and the project's bars pause that one. Running it again changes nothing and prints the logins.
"""

import tempfile
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotation import synthetic
from annotation.imports import import_generations
from annotation.models import Annotation, AnnotatorPause, Project, Role
from annotation.services.assignment import next_task
from annotation.services.projects import add_member, create_project
from annotation.services.quality import recompute_quality
from annotation.services.submission import submit_annotation

SLUG = "demo"
NAME = "Shapes demo"
SEED = 2024
INSTRUCTIONS = (
    "Each prompt names coloured shapes and where they are. Rate every image (overall, alignment with "
    "the prompt, fidelity), flag blurred images, then rank the images from best to worst: wrong colours, "
    "wrong or missing shapes and swapped positions hurt alignment; blur and noise hurt fidelity."
)
# (username, role or None for staff, is_staff); every password is "demo-<username>".
USERS = [
    ("admin", None, True),
    ("manager", Role.MANAGER, False),
    ("reviewer", Role.REVIEWER, False),
    ("researcher", Role.RESEARCHER, False),
    ("annotator", Role.ANNOTATOR, False),
    ("annotator2", Role.ANNOTATOR, False),
    ("annotator3", Role.ANNOTATOR, False),
    ("annotator4", Role.ANNOTATOR, False),
]
# The simulated annotators: how noisy each one is (std on the 1..7 quality footing) and how long
# they spend per group. annotator4 is careless, so the quality rules pause them (QUALITY_BARS).
SIMULATED = {"annotator2": (0.3, 40_000), "annotator3": (0.6, 35_000), "annotator4": (3.0, 9_000)}
QUALITY_BARS = {"agreement_bar": 0.8, "gold_accuracy_bar": 0.6, "review_sample_rate": 0.2}


def password_of(username: str) -> str:
    return f"demo-{username}"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=60, help="prompt groups to create (default 60)")
        parser.add_argument(
            "--annotated",
            type=int,
            default=15,
            help="tasks each simulated annotator (annotator2..4) completes, so about this many groups "
            "are fully annotated (default 15)",
        )
        parser.add_argument("--size", type=int, default=256, help="image size in pixels (default 256)")

    def handle(self, *args, groups, annotated, size, **options):
        if groups < 1 or annotated < 0 or not 16 <= size <= 1024:
            raise CommandError("--groups >= 1, --annotated >= 0 and 16 <= --size <= 1024")
        users = self._users()
        project = Project.objects.filter(slug=SLUG).first()
        if project is not None:
            self._members(project, users)
            self.stdout.write(
                f"The demo project exists: {NAME!r} (slug {SLUG}), {project.groups.count()} groups, "
                f"{Annotation.objects.filter(project=project).count()} annotations."
            )
        else:
            with transaction.atomic():
                project = self._project(users, groups=groups, size=size)
                done = self._annotate(project, users, tasks=annotated, size=size)
            # The stats task's work, done now so the dashboard has figures (and its pauses) at once.
            recompute_quality(project=project)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the demo project {NAME!r} (slug {SLUG}): {project.groups.count()} groups, "
                    f"{done} annotations by simulated annotators."
                )
            )
        for pause in AnnotatorPause.objects.filter(project__slug=SLUG, resumed_at__isnull=True):
            self.stdout.write(f"Paused by the quality rules: {pause.annotator.username} ({pause.reason}).")
        self._print_logins()

    def _users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, _, is_staff in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, password=password_of(username), is_staff=is_staff, is_superuser=is_staff
                )
            users[username] = user
        return users

    def _members(self, project, users) -> None:
        for username, role, _ in USERS:
            if role is not None:
                add_member(project=project, user=users[username], role=role)

    def _project(self, users, *, groups: int, size: int) -> Project:
        project = create_project(
            name=NAME,
            slug=SLUG,
            created_by=users["manager"],
            instructions=INSTRUCTIONS,
            annotations_per_group=3,
            gold_rate=0.1,
            **QUALITY_BARS,
        )
        self._members(project, users)
        gold = max(2, groups // 10)
        with tempfile.TemporaryDirectory(prefix="seed-demo-") as tmp:
            synthetic.write_generation_folder(
                Path(tmp) / "groups", n_groups=groups, seed=SEED, k_range=(4, 6), size=size
            )
            import_generations(
                project=project,
                folder=Path(tmp) / "groups",
                created_by=users["manager"],
                source="seed_demo: synthetic groups",
            )
            synthetic.write_generation_folder(
                Path(tmp) / "gold",
                n_groups=gold,
                seed=SEED + 1,
                k_range=(4, 6),
                size=size,
                with_ranks=True,
                annotator_noise=0.0,
                group_id_prefix="gold-",
                slots=project.ranking_slots,
                max_per_slot=project.max_images_per_slot,
            )
            import_generations(
                project=project,
                folder=Path(tmp) / "gold",
                gold=True,
                created_by=users["manager"],
                source="seed_demo: gold groups",
            )
        return project

    def _annotate(self, project, users, *, tasks: int, size: int) -> int:
        """Simulated annotators work through the queue like people in the app."""
        if not tasks:
            return 0
        total = project.groups.count()
        truth = {g.id: g for g in synthetic.iter_groups(total, seed=SEED, k_range=(4, 6), size=16)}
        truth.update({f"gold-{g.id}": g for g in synthetic.iter_groups(total, seed=SEED + 1, k_range=(4, 6), size=16)})
        done = 0
        for username, (noise, time_spent_ms) in SIMULATED.items():
            annotator = synthetic.SimulatedAnnotator(noise=noise, seed=sum(map(ord, username)))
            for _ in range(tasks):
                lease = next_task(project=project, annotator=users[username])
                if lease is None:
                    break
                group = lease.group
                judgment = annotator.judge(
                    truth[group.external_id],
                    slots=project.ranking_slots,
                    max_per_slot=project.max_images_per_slot,
                    dimensions=project.rating_dimensions,
                )
                image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
                submit_annotation(
                    group=group,
                    annotator=users[username],
                    client_key=uuid.uuid4(),
                    prompt_category=judgment.prompt_category,
                    prompt_flags=judgment.prompt_flags,
                    images=judgment.as_submission(image_ids),
                    time_spent_ms=time_spent_ms,
                )
                done += 1
        return done

    def _print_logins(self) -> None:
        self.stdout.write("Demo logins (username / password):")
        for username, role, is_staff in USERS:
            what = "staff, Django admin" if is_staff else role.value
            self.stdout.write(f"  {username:<11} / {password_of(username):<16} {what}")
        self.stdout.write("(A user that existed before the demo keeps its own password.)")
