"""ReFL runs over HTTP (researchers and managers of the project): start one from a built ReFL
bundle and a pipeline folder of the server, follow its progress and curves, download its result.
Thin over `rewardmodel.services.refl_runs`."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.api.downloads import download_response
from annotation.models import Role
from annotation.permissions import project_for, require_role
from annotation.redact import redact, redact_line, redact_value

from ..models import ReflRun, RunState
from ..refl_options import available_pipelines
from ..services import refl_runs

ROLES = (Role.RESEARCHER,)  # and managers


class ReflRunInputSerializer(serializers.Serializer):
    bundle = serializers.IntegerField(help_text="id of a ready ReFL bundle of the project")
    pipeline = serializers.CharField(
        max_length=500, help_text="a diffusers pipeline folder, relative to the server's REFL_PIPELINE_ROOT"
    )
    options = serializers.JSONField(
        required=False,
        default=dict,
        help_text="overrides of the trainer's ReflConfig (steps, t_min, t_max, lora_rank, pretrain_weight, ...), "
        "each within the bounds of docs/API.md",
    )


class ReflResultArchiveSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ReflRunResultSerializer(serializers.Serializer):
    mode = serializers.CharField(help_text="lora (pytorch_lora_weights.safetensors) or full (a pipeline folder)")
    files = serializers.ListField(child=serializers.CharField(), help_text="the result's files, relative paths")
    archive = ReflResultArchiveSerializer()
    initial_mean_reward = serializers.FloatField(allow_null=True)
    final_mean_reward = serializers.FloatField(allow_null=True)


class ReflRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", allow_null=True, default=None, read_only=True)
    bundle_name = serializers.SerializerMethodField()
    config = serializers.SerializerMethodField(help_text="the trainer's config as resolved at the start")
    reward_loss_history = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()), read_only=True, help_text="[[step, reward loss]]"
    )
    train_reward_history = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        read_only=True,
        help_text="[[step, mean reward of the training batch]]",
    )
    pretrain_loss_history = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        read_only=True,
        help_text="[[step, pre-training (denoising) loss, unweighted]]",
    )
    eval_reward_history = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        read_only=True,
        help_text="[[step, held-out mean reward]], step 0 before training",
    )
    log_lines = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(
        help_text="what failed, in one line; the traceback stays in the server's records"
    )
    timings = serializers.DictField(child=serializers.FloatField(), read_only=True, help_text="seconds")
    result = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReflRun
        fields = [
            "id",
            "bundle",
            "bundle_name",
            "pipeline",
            "options",
            "requested_by",
            "state",
            "config",
            "attempt",
            "phase",
            "progress",
            "step",
            "total_steps",
            "reward_loss_history",
            "train_reward_history",
            "pretrain_loss_history",
            "eval_reward_history",
            "log_lines",
            "timings",
            "error",
            "device",
            "result",
            "queued_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "url",
            "download_url",
        ]
        read_only_fields = fields

    def get_bundle_name(self, run) -> str:
        return run.bundle.result.get("name") or f"bundle {run.bundle_id}"

    # The worker's host and pid, file paths and tracebacks stay in the database and the logs.
    @extend_schema_field(serializers.DictField())
    def get_config(self, run) -> dict:
        return redact_value(run.config)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_log_lines(self, run) -> list[str]:
        return [redact_line(line) for line in run.log_lines]

    def get_error(self, run) -> str:
        return redact(run.error)

    @extend_schema_field(ReflRunResultSerializer(allow_null=True))
    def get_result(self, run):
        if run.state != RunState.SUCCEEDED or not run.result:
            return None
        archive = run.result["archive"]
        return ReflRunResultSerializer(
            {**run.result, "archive": {key: archive[key] for key in ("name", "sha256", "bytes")}}
        ).data

    def get_url(self, run) -> str:
        return f"/api/v1/refl-runs/{run.pk}/"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, run):
        return f"/api/v1/refl-runs/{run.pk}/download/" if run.state == RunState.SUCCEEDED and run.result else None


class ReflRunListSerializer(ReflRunSerializer):
    class Meta(ReflRunSerializer.Meta):
        fields = [
            f
            for f in ReflRunSerializer.Meta.fields
            if f not in ("reward_loss_history", "train_reward_history", "pretrain_loss_history", "log_lines", "config")
        ]


class ReflPipelinesSerializer(serializers.Serializer):
    pipelines = serializers.ListField(
        child=serializers.CharField(), help_text="pipeline folders under the server's REFL_PIPELINE_ROOT"
    )


def _run(user, run_id) -> ReflRun:
    run = ReflRun.objects.select_related("project", "bundle", "requested_by").filter(pk=run_id).first()
    if run is None:
        raise Http404("No such ReFL run.")
    require_role(user, run.project, *ROLES)
    return run


class ReflRunListView(generics.ListAPIView):
    serializer_class = ReflRunListSerializer

    @extend_schema(tags=["refl"], summary="The project's ReFL runs, newest first (researcher or manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], *ROLES)
        return (
            ReflRun.objects.filter(project=project)
            .select_related("bundle", "requested_by")
            .order_by("-queued_at", "-id")
        )

    @extend_schema(
        tags=["refl"],
        summary="Start a ReFL run (researcher or manager)",
        description="Fine-tunes the pipeline folder with the bundle's prompts and reward model on the `gpu` queue "
        "(rewardmodel.refl). Checked whole before anything is queued: 400 naming each field and rule (a bundle not "
        "ready or of another project, a pipeline folder outside REFL_PIPELINE_ROOT or without model_index.json, an "
        "option unknown or out of bounds, t_min above t_max, no pre-training data while pretrain_weight is above 0). "
        "Poll `url` for the progress and the curves.",
        request=ReflRunInputSerializer,
        responses={202: ReflRunSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, *ROLES)
        body = ReflRunInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = refl_runs.start_refl_run(
            project=project,
            bundle_id=body.validated_data["bundle"],
            pipeline=body.validated_data["pipeline"],
            options=body.validated_data["options"],
            requested_by=request.user,
        )
        return Response(ReflRunSerializer(_run(request.user, run.pk)).data, status=status.HTTP_202_ACCEPTED)


class ReflPipelinesView(APIView):
    @extend_schema(
        tags=["refl"],
        summary="The pipeline folders a ReFL run may fine-tune (researcher or manager)",
        responses={200: ReflPipelinesSerializer},
    )
    def get(self, request, project_id):
        project_for(request.user, project_id, *ROLES)
        return Response(ReflPipelinesSerializer({"pipelines": available_pipelines()}).data)


class ReflRunDetailView(APIView):
    @extend_schema(
        tags=["refl"],
        summary="One ReFL run with its live progress, curves and log (researcher or manager)",
        responses={200: ReflRunSerializer},
    )
    def get(self, request, run_id):
        return Response(ReflRunSerializer(_run(request.user, run_id)).data)


class ReflRunDownloadView(APIView):
    @extend_schema(
        tags=["refl"],
        summary="Download a succeeded ReFL run's result as one zip (researcher or manager)",
        description="The LoRA weights (or the whole pipeline folder), metrics.json, refl_config.json and the "
        "sample grids of every evaluation.",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the result's zip"),
            302: OpenApiResponse(description="with object storage: the zip's presigned URL in `Location`"),
            409: OpenApiResponse(description="the run has not succeeded"),
            503: OpenApiResponse(description="the bucket cannot be reached or refuses access"),
        },
    )
    def get(self, request, run_id):
        return download_response(refl_runs.result_archive(_run(request.user, run_id)))
