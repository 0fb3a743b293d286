"""The annotation data: projects and who works in them, prompts and generated images, prompt
groups (the unit of work), leases, annotations and the comparisons derived from them, dataset
snapshots. Every write goes through `annotation/services/`; what the database can enforce is
declared here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from . import defaults


class Role(models.TextChoices):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"
    RESEARCHER = "researcher"
    MANAGER = "manager"


class Project(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    instructions = models.TextField(blank=True, default="")
    # [{"key", "label", "min", "max", "anchors": {"1": text, ...}}]
    rating_dimensions = models.JSONField(default=defaults.rating_dimensions)
    image_flags = models.JSONField(default=defaults.image_flags)
    prompt_flags = models.JSONField(default=defaults.prompt_flags)
    prompt_categories = models.JSONField(default=defaults.prompt_categories)
    ranking_slots = models.PositiveSmallIntegerField(default=5)
    max_images_per_slot = models.PositiveSmallIntegerField(default=2)
    annotations_per_group = models.PositiveSmallIntegerField(default=1)
    lease_seconds = models.PositiveIntegerField(default=30 * 60)
    require_consistent_ranking = models.BooleanField(default=True)
    # Share of next-task answers that are gold groups (0 disables gold mixing).
    gold_rate = models.FloatField(default=0.0)
    # Rolling gold accuracy is measured over an annotator's last `gold_window` gold groups.
    gold_window = models.PositiveSmallIntegerField(default=20)
    # Auto-pause bars (None: off): rolling gold accuracy, agreement with the majority.
    gold_accuracy_bar = models.FloatField(null=True, blank=True)
    agreement_bar = models.FloatField(null=True, blank=True)
    # Share of each annotator's annotations sampled into the review queue.
    review_sample_rate = models.FloatField(default=0.0)
    # The reasons a reviewer picks from when rejecting.
    review_reasons = models.JSONField(default=defaults.review_reasons)
    # Qualification: a newcomer answers `qualification_size` qualification groups and passes with
    # a mean gold agreement of at least `qualification_pass_mark` before any real work.
    require_qualification = models.BooleanField(default=False)
    qualification_size = models.PositiveSmallIntegerField(default=5)
    qualification_pass_mark = models.FloatField(default=0.7)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ranking_slots__gte=1), name="project_slots_positive"),
            models.CheckConstraint(condition=Q(max_images_per_slot__gte=1), name="project_slot_size_positive"),
            models.CheckConstraint(condition=Q(annotations_per_group__gte=1), name="project_overlap_positive"),
            models.CheckConstraint(condition=Q(lease_seconds__gte=10), name="project_lease_at_least_10s"),
            models.CheckConstraint(condition=Q(gold_rate__gte=0) & Q(gold_rate__lte=1), name="project_gold_rate_0_1"),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user", "role"], name="membership_unique_role")]
        indexes = [models.Index(fields=["user", "project"])]


class ImportBatch(models.Model):
    """One import of generations: where it came from and what it added."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=1000)
    format = models.CharField(max_length=20)  # "jsonl" or "reference"
    counts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)


class ImportStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"  # written: `batch` holds what it added
    REFUSED = "refused"  # bad rows (in `problems`), nothing written
    FAILED = "failed"  # an error of the server (in `error`), nothing written


class ImportJob(models.Model):
    """An import run by a worker: what it was asked for, how far it got, and how it ended (its
    batch, or every bad row). Also the project's import history, refused imports included."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=1000)  # "upload:<name>" or the server folder asked for
    # The folder to import, or the uploaded zip kept for the worker (deleted once it ran).
    folder = models.CharField(max_length=1000, blank=True, default="")
    archive_path = models.CharField(max_length=1000, blank=True, default="")
    # format, manifest, rankings_as, gold
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    stage = models.CharField(max_length=20, blank=True, default="")  # unpacking, checking, storing, writing
    done = models.PositiveIntegerField(default=0)  # of `total` in this stage
    total = models.PositiveIntegerField(default=0)
    # [{"file", "line", "field", "rule", "message"}], one per bad row or field
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    batch = models.OneToOneField(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="job")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The job's last sign of life (queued, claimed, or progress written): the reaper sends a
    # queued job's message again, or runs a running one again whose worker is gone, when it is old.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)  # times a worker claimed it

    class Meta:
        indexes = [models.Index(fields=["project", "-created_at"])]


class Prompt(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prompts")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["project", "text"])]


class Image(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images")
    # Indexed: the media view finds the image (and so its project) from the requested file name.
    file = models.FileField(upload_to="images/%Y/%m/", max_length=500, db_index=True)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    generator = models.CharField(max_length=200, blank=True, default="")
    seed = models.BigIntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "sha256"], name="image_unique_hash_per_project")]


class PromptGroup(models.Model):
    """The unit of work: one prompt and the k images generated for it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="groups")
    images = models.ManyToManyField(Image, through="GroupImage", related_name="groups")
    external_id = models.CharField(max_length=200, blank=True, default="")
    annotations_needed = models.PositiveSmallIntegerField()
    # Submitted or accepted annotations (rejected ones give their place back for relabelling).
    annotation_count = models.PositiveSmallIntegerField(default=0)
    # Leases that still hold a place in this group. An expired lease keeps its place until the
    # assignment service returns it (annotation/services/assignment.py), so
    # `annotation_count + lease_count <= annotations_needed` is a bound the database can check.
    lease_count = models.PositiveSmallIntegerField(default=0)
    # Someone works or has worked on it: the queue finishes started groups first.
    is_started = models.GeneratedField(
        expression=Q(annotation_count__gt=0) | Q(lease_count__gt=0),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    priority = models.IntegerField(default=0)
    is_gold = models.BooleanField(default=False)
    # Slot per image, in GroupImage.position order (1 = best); set on gold groups.
    gold_ranking = models.JSONField(null=True, blank=True)
    # A gold group of the qualification set (services/qualification.py); every newcomer may answer it.
    is_qualification = models.BooleanField(default=False)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(annotations_needed__gte=1), name="group_needs_at_least_one"),
            models.CheckConstraint(
                condition=Q(annotation_count__lte=F("annotations_needed")), name="group_never_over_annotated"
            ),
            models.CheckConstraint(
                condition=Q(annotation_count__lte=F("annotations_needed") - F("lease_count")),
                name="group_never_over_assigned",
            ),
            models.CheckConstraint(
                condition=Q(is_gold=False) | Q(gold_ranking__isnull=False), name="gold_group_has_ranking"
            ),
            models.CheckConstraint(
                condition=Q(is_qualification=False) | Q(is_gold=True), name="qualification_group_is_gold"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "is_gold", "-priority", "created_at"], name="group_queue_idx"),
            models.Index(fields=["project", "external_id"]),
            # The assignment queue: groups with a free place, started ones first, in the order
            # next_task reads them (see lease_next_group in annotation/sql.py).
            models.Index(
                fields=["project", "is_gold", "-is_started", "-priority", "created_at", "id"],
                name="group_open_queue_idx",
                condition=Q(annotation_count__lt=F("annotations_needed") - F("lease_count")),
            ),
        ]


class GroupImage(models.Model):
    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="group_images")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="group_images")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="group_image_unique_position"),
            models.UniqueConstraint(fields=["group", "image"], name="group_image_unique_image"),
        ]


class Lease(models.Model):
    """An annotator holds a place in a group until `expires_at`. An expired lease is no longer the
    annotator's; its place goes back to the queue when the assignment service deletes it."""

    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="leases")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leases")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="leases")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "annotator"], name="lease_one_per_annotator_group")]
        indexes = [
            models.Index(fields=["group", "expires_at"]),
            models.Index(fields=["annotator", "project", "expires_at"]),
            models.Index(fields=["project", "expires_at"], name="lease_expiry_idx"),
        ]


class Skip(models.Model):
    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="skips")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skips")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "annotator"], name="skip_once_per_annotator_group")]


class AnnotationStatus(models.TextChoices):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Annotation(models.Model):
    """One annotator's judgment of one group: prompt category and flags, and per image its
    ratings, flags and ranking slot (ImageAnnotation rows)."""

    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="annotations")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="annotations")
    # Idempotency key chosen by the client: a retried submission returns the first result.
    client_key = models.UUIDField(default=uuid.uuid4)
    prompt_category = models.CharField(max_length=100, blank=True, default="")
    prompt_flags = models.JSONField(default=list, blank=True)
    time_spent_ms = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=AnnotationStatus.choices, default=AnnotationStatus.SUBMITTED)
    # Share of the gold ranking's non-tied pairs this annotation agrees with (gold groups only).
    gold_agreement = models.FloatField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, default="")
    review_reason = models.CharField(max_length=200, blank=True, default="")
    # Imported rankings (reference format) carry their source here.
    source = models.CharField(max_length=50, default="app")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "annotator"], name="annotation_once_per_annotator_group"),
            models.UniqueConstraint(fields=["annotator", "client_key"], name="annotation_unique_client_key"),
        ]
        indexes = [models.Index(fields=["project", "status", "created_at"])]


class ImageAnnotation(models.Model):
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="image_annotations")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="image_annotations")
    # {"overall": 5, "alignment": 4, "fidelity": 6}: keys are the project's dimension keys.
    ratings = models.JSONField(default=dict)
    flags = models.JSONField(default=list, blank=True)
    slot = models.PositiveSmallIntegerField()  # 1 = best

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["annotation", "image"], name="image_annotation_unique"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="image_annotation_slot_positive"),
        ]


class Comparison(models.Model):
    """A pair derived from one annotation's ranking: images in different slots give
    better/worse; images in one slot give a tie (then better/worse are in position order)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comparisons")
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="comparisons")
    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="comparisons")
    better = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="+")
    worse = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="+")
    is_tie = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["annotation", "better", "worse"], name="comparison_unique_pair"),
            models.CheckConstraint(condition=~Q(better=F("worse")), name="comparison_two_images"),
        ]
        indexes = [models.Index(fields=["project", "created_at"])]


class SnapshotStatus(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


class DatasetSnapshot(models.Model):
    """An immutable, versioned export: its filters and split are fixed at creation; exporting it
    again gives byte-identical files (the manifest holds their sha256)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # {"statuses": [...], "date_from", "date_to", "annotators": [ids], "include_gold": bool}
    filters = models.JSONField(default=dict)
    # {"method": "fractions", "seed": 0, "fractions": {"train": .8, "valid": .1, "test": .1}}
    # or {"method": "held_out", "test": [prompt ids or texts], ...}
    split = models.JSONField(default=dict)
    formats = models.JSONField(default=list)
    options = models.JSONField(default=dict, blank=True)
    # Annotation ids frozen at creation, so later submissions never change a snapshot.
    annotation_ids = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    manifest = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=SnapshotStatus.choices, default=SnapshotStatus.PENDING)
    progress = models.FloatField(default=0.0)
    error = models.TextField(blank=True, default="")
    archive_path = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The export's last sign of life (queued, or progress written): the reaper sends a pending
    # snapshot's message again, or fails a running one whose worker is gone, when it is old.
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="snapshot_unique_version")]


class ReviewDecision(models.Model):
    """Every review decision, in order (the annotation keeps only the latest): who, when, what, why."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_decisions")
    decision = models.CharField(max_length=20, choices=AnnotationStatus.choices)
    reason = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class QualityReport(models.Model):
    """A project's quality figures (annotation.quality.project_quality) as last computed by the
    stats task: the dashboard reads these instead of computing them per request."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="quality_report")
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0.0)
    figures = models.JSONField(default=dict)


class AnnotatorPause(models.Model):
    """An annotator paused in a project: by a rule of the stats task (`paused_by` empty) or by a
    manager, until a manager resumes them. The rows are the audit trail of pauses and resumes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pauses")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pauses")
    rule = models.CharField(max_length=50)  # "gold_accuracy", "agreement" or "manual"
    reason = models.TextField()
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paused_at = models.DateTimeField(default=timezone.now)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resumed_at = models.DateTimeField(null=True, blank=True)
    resume_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-paused_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "annotator"],
                condition=Q(resumed_at__isnull=True),
                name="pause_one_open_per_annotator",
            )
        ]


class ModelAgreement(models.Model):
    """The production reward model as a second reviewer of a project, as last measured by the
    reward-model side (rewardmodel/services/model_agreement.py), which writes it through
    annotation/services/model_agreement.py: per annotator, the share of their non-tied comparisons
    the model orders the same way. The groups where it disagrees most with the labelers are the
    project's ModelDisagreement rows, written with it. `annotation` never reads a model version:
    the version is recorded here by its number."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="model_agreement")
    version_number = models.PositiveIntegerField()
    # The data read is what existed at this moment: later annotations and reviews make it stale.
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0.0)
    # {"agreement", "agreed", "compared", "groups", "contradicted_groups",
    #  "annotators": [{"id", "agreement", "agreed", "compared"}]}
    figures = models.JSONField(default=dict)


class ModelDisagreement(models.Model):
    """One of the groups where the production model and the labelers disagree most (rank 1 the
    most), among those with work still to review: they enter the review queue with the reason
    `model`. `disagreement` is the confidence-weighted share of the labelers' non-tied comparisons
    of the group that the model orders the other way (rewardmodel/services/model_agreement.py)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="model_disagreements")
    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="model_disagreements")
    rank = models.PositiveIntegerField()
    disagreement = models.FloatField()
    contradicted = models.PositiveIntegerField()  # the labelers' comparisons the model orders the other way
    compared = models.PositiveIntegerField()  # the labelers' non-tied comparisons of the group

    class Meta:
        ordering = ["project", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["project", "group"], name="model_disagreement_unique_group"),
            models.UniqueConstraint(fields=["project", "rank"], name="model_disagreement_unique_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="model_disagreement_rank_positive"),
            models.CheckConstraint(
                condition=Q(contradicted__lte=F("compared")), name="model_disagreement_contradicted_le_compared"
            ),
        ]


class QualificationAttempt(models.Model):
    """One try at a project's qualification: the next `qualification_size` qualification groups
    the annotator answers after `started_at`. `passed` is None while it runs. A manager's reset
    (`reset_by`, `reset_at`) takes a failed attempt out of the two-failure count."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="qualification_attempts")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualification_attempts"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reset_at = models.DateTimeField(null=True, blank=True)
    reset_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "annotator", "number"], name="qualification_attempt_number"),
            models.UniqueConstraint(
                fields=["project", "annotator"], condition=Q(passed__isnull=True), name="qualification_one_open_attempt"
            ),
        ]


# The webhooks' tables live with their package (annotation/webhooks/models.py).
from .webhooks.models import Webhook, WebhookDelivery, WebhookEvent  # noqa: E402, F401
