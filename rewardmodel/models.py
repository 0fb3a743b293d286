"""The reward model in the loop: each project's loop settings, the training runs the workers
execute, the model versions they produce (with the exact data each saw and its held-out
metrics), which version is in production, and the history of promotions; ReFL bundles and the
ReFL runs that fine-tune a generator with them.

Every write goes through `rewardmodel/services/`; what the database can enforce is declared
here: one queued-or-running run per project, one production version per project, version
numbers unique per project."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from annotation.models import Project, PromptGroup

from .core.config import PRESETS


def _new_salt() -> str:
    return secrets.token_hex(8)


PRESET_NAMES = tuple(sorted(PRESETS))


def _default_preset() -> str:
    return settings.REWARD_MODEL_PRESET


class PromotionRule(models.TextChoices):
    # A ready version replaces production if its preference accuracy on the held-out set is at
    # least production's on the same set, minus the project's tolerance.
    NOT_BELOW_PRODUCTION = "not_below_production"
    ALWAYS = "always"
    # Versions stay candidates until a manager promotes one.
    MANUAL = "manual"


class ProjectModelSettings(models.Model):
    """How the loop behaves for one project (one row per project, made on first use)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="model_settings")
    auto_retrain = models.BooleanField(default=True)
    # New non-tied comparisons (of submitted or accepted annotations) since the last run.
    retrain_threshold = models.PositiveIntegerField(default=500)
    # Prompts whose salted hash falls below this fraction are held out from training and make
    # the evaluation set. Fixed once a version exists, so every version is measured alike.
    held_out_fraction = models.FloatField(default=0.1)
    held_out_salt = models.CharField(max_length=64, default=_new_salt)
    preset = models.CharField(max_length=50, default=_default_preset)
    # Overrides of the trainer's config (epochs, learning_rate, batch_size, ...).
    training_options = models.JSONField(default=dict, blank=True)
    # Start training from the production version's weights instead of the preset's.
    warm_start = models.BooleanField(default=False)
    promotion_rule = models.CharField(
        max_length=30, choices=PromotionRule.choices, default=PromotionRule.NOT_BELOW_PRODUCTION
    )
    promotion_tolerance = models.FloatField(default=0.0)
    # Pre-score open prompt groups with the production version and put those the model is
    # least sure about first in the annotation queue (PromptGroup.priority).
    order_queue_by_uncertainty = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(retrain_threshold__gte=1), name="model_settings_threshold_positive"),
            models.CheckConstraint(
                condition=Q(held_out_fraction__gt=0) & Q(held_out_fraction__lt=1),
                name="model_settings_held_out_fraction_0_1",
            ),
            models.CheckConstraint(
                condition=Q(promotion_tolerance__gte=0) & Q(promotion_tolerance__lte=1),
                name="model_settings_tolerance_0_1",
            ),
        ]


class RunState(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


ACTIVE_RUN_STATES = (RunState.QUEUED, RunState.RUNNING)


class RunTrigger(models.TextChoices):
    THRESHOLD = "threshold"
    MANUAL = "manual"
    PERIODIC = "periodic"


class TrainingRun(models.Model):
    """One retraining job: from the queue through training and evaluation to a model version.
    The database, not Celery's result backend, is the record of its state and progress."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="training_runs")
    trigger = models.CharField(max_length=20, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=20, choices=RunState.choices, default=RunState.QUEUED)
    preset = models.CharField(max_length=50)
    # The trainer's config as resolved when training started.
    config = models.JSONField(default=dict, blank=True)
    # New comparisons counted when the run was queued.
    new_comparisons = models.PositiveIntegerField(default=0)
    # Annotations created up to this moment are the run's data (set when it reads them).
    data_cutoff = models.DateTimeField(null=True, blank=True)
    celery_task_id = models.CharField(max_length=255, blank=True, default="")
    # 1 on the first execution; a redelivery after a lost worker increments it.
    attempt = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=20, blank=True, default="")  # data, training, evaluation
    progress = models.FloatField(default=0.0)
    epoch = models.PositiveIntegerField(default=0)
    step = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    loss = models.FloatField(null=True, blank=True)
    loss_history = models.JSONField(default=list, blank=True)  # [[step, loss], ...]
    log_lines = models.JSONField(default=list, blank=True)  # the most recent lines
    timings = models.JSONField(default=dict, blank=True)  # seconds: queue_wait, data, training, ...
    error = models.TextField(blank=True, default="")
    worker_host = models.CharField(max_length=255, blank=True, default="")
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    device = models.CharField(max_length=100, blank=True, default="")
    queued_at = models.DateTimeField(auto_now_add=True)
    # When the message was last sent to the broker (the reaper re-sends lost ones).
    dispatched_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Never two retraining runs at once for a project, whoever triggers them.
            models.UniqueConstraint(
                fields=["project"], condition=Q(state__in=ACTIVE_RUN_STATES), name="training_run_one_active_per_project"
            ),
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=1), name="training_run_progress_0_1"),
        ]
        indexes = [
            models.Index(fields=["project", "-queued_at"]),
            models.Index(fields=["state", "heartbeat_at"]),
        ]

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_RUN_STATES


class VersionStatus(models.TextChoices):
    TRAINING = "training"
    EVALUATING = "evaluating"
    READY = "ready"
    FAILED = "failed"


class ModelVersion(models.Model):
    """A trained reward model: its checkpoint, the exact data it saw and its held-out metrics."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="model_versions")
    number = models.PositiveIntegerField()
    run = models.OneToOneField(TrainingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="version")
    preset = models.CharField(max_length=50)
    # The production version when this one was trained (its baseline, and its initial weights
    # when the project warm-starts).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.TRAINING)
    # Relative to settings.CHECKPOINT_ROOT; empty until the checkpoint is in place.
    checkpoint_path = models.CharField(max_length=500, blank=True, default="")
    # The annotations whose rankings it was trained or evaluated on.
    annotation_ids = models.JSONField(default=list, blank=True)
    # annotations, groups, comparisons, train/valid/held-out prompts and pairs
    counts = models.JSONField(default=dict, blank=True)
    # {"method": "prompt_hash", "salt", "held_out_fraction", "valid_fraction",
    #  "held_out_prompts": [...], "valid_prompts": [...]} (prompt texts as normalised)
    split = models.JSONField(default=dict, blank=True)
    # rewardmodel.core.evaluate on the held-out set ({"preference_accuracy", "n_pairs", "loss", ...,
    # "definitions"}) and a summary of the training ("training")
    metrics = models.JSONField(default=dict, blank=True)
    # Production's metrics on the same held-out set at evaluation time, and the rule's verdict.
    comparison = models.JSONField(default=dict, blank=True)
    is_production = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="model_version_unique_number"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_production=True), name="model_version_one_production_per_project"
            ),
            models.CheckConstraint(
                condition=Q(is_production=False) | Q(status=VersionStatus.READY),
                name="model_version_production_is_ready",
            ),
        ]

    def __str__(self):
        return f"{self.project_id}/v{self.number}"


class PromotionAction(models.TextChoices):
    AUTO = "auto"  # by the project's rule after evaluation
    PROMOTE = "promote"  # a manager's choice
    ROLLBACK = "rollback"


class Promotion(models.Model):
    """The history of production: each change, who made it and why. Rollback reads it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="model_promotions")
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="promotions")
    previous = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=PromotionAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["project", "-created_at"])]


class GroupPrediction(models.Model):
    """A version's scores for a prompt group, and how unsure it is of their order: open groups
    are scored to order the queue (services/prescoring.py), annotated ones to measure the model
    against the labelers (services/model_agreement.py)."""

    group = models.ForeignKey(PromptGroup, on_delete=models.CASCADE, related_name="predictions")
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="predictions")
    # {image id: score}
    scores = models.JSONField(default=dict)
    # Mean over image pairs of p(1-p), p = sigmoid(score difference), scaled to 0..1.
    uncertainty = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="group_prediction_unique")]


class BundleStatus(models.TextChoices):
    PENDING = "pending"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class ReflBundleBuild(models.Model):
    """A ReFL bundle (a snapshot's prompts and a model version's checkpoint) and its build, which
    a Celery task runs. The row serialises builds of one bundle: a build starts by moving it from
    pending to building in one UPDATE, so a second message for it finds nothing to do."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="refl_bundles")
    snapshot = models.ForeignKey("annotation.DatasetSnapshot", on_delete=models.CASCADE, related_name="refl_bundles")
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="refl_bundles")
    status = models.CharField(max_length=20, choices=BundleStatus.choices, default=BundleStatus.PENDING)
    error = models.TextField(blank=True, default="")
    # {"name", "prompts", "files": {path: {sha256, bytes}}, "archive": {"name", "sha256", "bytes", "path"}}
    # (path relative to EXPORT_ROOT)
    result = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "version"], name="refl_bundle_unique_pair")]


class ReflRun(models.Model):
    """One ReFL fine-tuning of a diffusers pipeline with a ReFL bundle (`rewardmodel.refl`), run
    by a `gpu` worker. Queued, claimed, beating and reaped like a training run
    (services/executors.py); the database records its progress and curves."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="refl_runs")
    bundle = models.ForeignKey(ReflBundleBuild, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=20, choices=RunState.choices, default=RunState.QUEUED)
    # A folder relative to settings.REFL_PIPELINE_ROOT (checked to lie inside it).
    pipeline = models.CharField(max_length=500)
    # ReflConfig overrides as requested (checked against rewardmodel/refl_options.py), and the
    # whole config as the worker resolved it.
    options = models.JSONField(default=dict, blank=True)
    config = models.JSONField(default=dict, blank=True)
    celery_task_id = models.CharField(max_length=255, blank=True, default="")
    attempt = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=20, blank=True, default="")  # setup, training, saving, done
    progress = models.FloatField(default=0.0)
    step = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    # The curves, [[step, value], ...]: reward loss and mean training reward per logged step, the
    # (unweighted) pre-training loss, and the held-out mean reward of each evaluation.
    reward_loss_history = models.JSONField(default=list, blank=True)
    train_reward_history = models.JSONField(default=list, blank=True)
    pretrain_loss_history = models.JSONField(default=list, blank=True)
    eval_reward_history = models.JSONField(default=list, blank=True)
    log_lines = models.JSONField(default=list, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    # Once succeeded: {"folder", "mode", "files": [...], "archive": {"path", "name", "sha256", "bytes"},
    # "initial_mean_reward", "final_mean_reward"} (paths relative to CHECKPOINT_ROOT)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    worker_host = models.CharField(max_length=255, blank=True, default="")
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    device = models.CharField(max_length=100, blank=True, default="")
    queued_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=1), name="refl_run_progress_0_1"),
        ]
        indexes = [
            models.Index(fields=["project", "-queued_at"]),
            models.Index(fields=["state", "heartbeat_at"]),
        ]

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_RUN_STATES
