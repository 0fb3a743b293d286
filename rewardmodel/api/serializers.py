"""Serializers of the reward-model endpoints: inputs they parse, answers they give (and the
OpenAPI schema's description of both)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotation.redact import redact, redact_line, redact_value

from ..models import PRESET_NAMES, ModelVersion, ProjectModelSettings, Promotion, TrainingRun
from ..services.loop_settings import EDITABLE
from ..training_options import check_training_options


class ModelSettingsSerializer(serializers.ModelSerializer):
    preset = serializers.ChoiceField(choices=PRESET_NAMES)
    held_out_fraction = serializers.FloatField(min_value=0.001, max_value=0.999)
    # The column is a PositiveIntegerField: 32 bits on PostgreSQL.
    retrain_threshold = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    promotion_tolerance = serializers.FloatField(min_value=0.0, max_value=1.0)
    training_options = serializers.DictField(
        required=False,
        help_text="Overrides of the trainer's settings (rewardmodel.core's TrainConfig: epochs, lr, "
        "groups_per_batch, ...); the preset, starting weights and device are the loop's.",
    )

    class Meta:
        model = ProjectModelSettings
        fields = [*EDITABLE, "held_out_salt", "updated_at"]
        read_only_fields = ["held_out_salt", "updated_at"]

    def validate_training_options(self, value):
        problems = check_training_options(value)
        if problems:
            # One error per option, each with its rule; the messages name the option.
            raise serializers.ValidationError([serializers.ErrorDetail(p.message, code=p.rule) for p in problems])
        return value


class VersionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()


class VersionMetricsSerializer(serializers.Serializer):
    """rewardmodel.core.evaluate's report on the held-out set (see metric_definitions)."""

    preference_accuracy = serializers.FloatField(allow_null=True)
    preference_accuracy_per_prompt = serializers.FloatField(allow_null=True, required=False)
    loss = serializers.FloatField(allow_null=True, required=False)
    recall_at_k = serializers.DictField(child=serializers.FloatField(allow_null=True), required=False)
    filter_at_k = serializers.DictField(child=serializers.FloatField(allow_null=True), required=False)
    n_pairs = serializers.IntegerField(required=False)
    n_groups = serializers.IntegerField(required=False)
    training = serializers.DictField(
        required=False, help_text="origin, lr, total_steps, best_epoch, best_val_loss, seconds, history"
    )


class ModelVersionSerializer(serializers.ModelSerializer):
    parent = VersionRefSerializer(allow_null=True, read_only=True)
    run = serializers.IntegerField(source="run_id", allow_null=True, read_only=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="annotations, groups, prompts, comparisons, train_pairs, valid_pairs, held_out_pairs, ...",
    )
    metrics = serializers.SerializerMethodField()
    comparison = serializers.SerializerMethodField(
        help_text="{production: {id, number, preference_accuracy, ...} or null, promoted, verdict}"
    )

    class Meta:
        model = ModelVersion
        fields = [
            "id",
            "number",
            "status",
            "preset",
            "parent",
            "run",
            "counts",
            "metrics",
            "comparison",
            "is_production",
            "created_at",
            "ready_at",
            "promoted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VersionMetricsSerializer)
    def get_metrics(self, version) -> dict:
        # The definitions travel once, in the overview; a version carries its numbers.
        return redact_value({key: value for key, value in version.metrics.items() if key != "definitions"})

    @extend_schema_field(serializers.DictField())
    def get_comparison(self, version) -> dict:
        return redact_value(version.comparison)


class ModelVersionDetailSerializer(ModelVersionSerializer):
    split = serializers.DictField(read_only=True)
    annotation_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta(ModelVersionSerializer.Meta):
        fields = [*ModelVersionSerializer.Meta.fields, "split", "annotation_ids"]
        read_only_fields = fields

    @extend_schema_field(VersionMetricsSerializer)
    def get_metrics(self, version) -> dict:
        return redact_value(version.metrics)


class TrainingRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", allow_null=True, default=None, read_only=True)
    config = serializers.SerializerMethodField(help_text="the trainer's config as resolved at the start")
    loss_history = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        read_only=True,
        help_text="[[step, training loss], ...]",
    )
    log_lines = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(
        help_text="what failed, in one line; the traceback stays in the server's records"
    )
    timings = serializers.DictField(
        child=serializers.FloatField(),
        read_only=True,
        help_text="seconds: queue_wait, data, training, evaluation, total",
    )
    version = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRun
        fields = [
            "id",
            "trigger",
            "requested_by",
            "state",
            "preset",
            "config",
            "new_comparisons",
            "data_cutoff",
            "attempt",
            "phase",
            "progress",
            "epoch",
            "step",
            "total_steps",
            "loss",
            "loss_history",
            "log_lines",
            "timings",
            "error",
            "device",
            "queued_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "version",
        ]
        read_only_fields = fields

    # The worker's host and pid, file paths and tracebacks stay in the database and the logs.
    @extend_schema_field(serializers.DictField())
    def get_config(self, run) -> dict:
        return redact_value(run.config)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_log_lines(self, run) -> list[str]:
        return [redact_line(line) for line in run.log_lines]

    def get_error(self, run) -> str:
        return redact(run.error)

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_version(self, run):
        version = getattr(run, "version", None)
        return VersionRefSerializer(version).data if version is not None else None


class TrainingRunListSerializer(TrainingRunSerializer):
    class Meta(TrainingRunSerializer.Meta):
        fields = [f for f in TrainingRunSerializer.Meta.fields if f not in ("loss_history", "log_lines", "config")]


class PromotionSerializer(serializers.ModelSerializer):
    version = VersionRefSerializer(read_only=True)
    previous = VersionRefSerializer(allow_null=True, read_only=True)
    by = serializers.CharField(source="by.username", allow_null=True, default=None, read_only=True)

    class Meta:
        model = Promotion
        fields = ["id", "version", "previous", "action", "by", "note", "created_at"]
        read_only_fields = fields


class ModelOverviewSerializer(serializers.Serializer):
    settings = ModelSettingsSerializer()
    production = ModelVersionSerializer(allow_null=True)
    active_run = TrainingRunSerializer(allow_null=True)
    last_run = TrainingRunListSerializer(allow_null=True)
    new_comparisons = serializers.IntegerField(help_text="non-tied comparisons since the last run read its data")
    versions = serializers.IntegerField(help_text="number of model versions")
    can_manage = serializers.BooleanField(help_text="whether the caller may retrain, promote and roll back")
    metric_definitions = serializers.DictField(child=serializers.CharField())


class LearningCurvePointSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    number = serializers.IntegerField()
    train_pairs = serializers.IntegerField()
    comparisons = serializers.IntegerField()
    preference_accuracy = serializers.FloatField(allow_null=True)
    held_out_pairs = serializers.IntegerField()
    is_production = serializers.BooleanField()
    ready_at = serializers.DateTimeField(allow_null=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ScoreInputSerializer(serializers.Serializer):
    prompt = serializers.CharField(max_length=2000)
    image_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        help_text="images already in the project (JSON or form)",
    )
    images = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="uploaded image files (multipart)"
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="a ready version's id; production when left out"
    )

    def validate(self, data):
        given = [key for key in ("image_ids", "images") if data.get(key)]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"images": ["give either image_ids or uploaded images (one of them, not empty)"]}, code="one_source"
            )
        count = len(data[given[0]])
        if count > settings.SCORING_MAX_IMAGES:
            raise serializers.ValidationError(
                {given[0]: [f"at most {settings.SCORING_MAX_IMAGES} images per request, got {count}"]},
                code="max_images",
            )
        return data


class ScoreSerializer(serializers.Serializer):
    image_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    score = serializers.FloatField()


class ScoreResultSerializer(serializers.Serializer):
    version = VersionRefSerializer()
    prompt = serializers.CharField()
    scores = ScoreSerializer(many=True)


class GroupImageScoreSerializer(serializers.Serializer):
    image_id = serializers.IntegerField()
    position = serializers.IntegerField(help_text="the image's position in its group")
    score = serializers.FloatField(help_text="normalised score, higher is better")


class GroupDisagreementSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1: the group where the model disagrees most")
    disagreement = serializers.FloatField(
        help_text="confidence-weighted share of the labelers' comparisons the model orders the other way"
    )
    contradicted = serializers.IntegerField()
    compared = serializers.IntegerField()


class GroupModelScoresSerializer(serializers.Serializer):
    version = VersionRefSerializer(allow_null=True, help_text="the production version; null without one")
    scored_at = serializers.DateTimeField(allow_null=True)
    uncertainty = serializers.FloatField(allow_null=True)
    scores = GroupImageScoreSerializer(many=True, help_text="group order; empty when production has not scored it")
    disagreement = GroupDisagreementSerializer(
        allow_null=True, help_text="the group's place among those where the model disagrees most; null if not"
    )


class PrescoreResultSerializer(serializers.Serializer):
    queued = serializers.BooleanField()
    version = VersionRefSerializer()
