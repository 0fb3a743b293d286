"""Reward-model endpoints (docs/API.md, "Reward model"): thin views over the services and
selectors of `rewardmodel`. Who may do what: researchers, reviewers and managers see versions,
runs and metrics; researchers and managers score; managers change settings, retrain, promote
and roll back."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.errors import Conflict, Problem, Refused
from annotation.models import PromptGroup, Role
from annotation.permissions import has_role, project_for, require_role

from .. import dispatch, scoring, selectors
from ..core.metrics import DEFINITIONS
from ..models import ModelVersion, RunTrigger, TrainingRun
from ..services import promotion, runs
from ..services.loop_settings import model_settings_for, update_model_settings
from .serializers import (
    GroupModelScoresSerializer,
    LearningCurvePointSerializer,
    ModelOverviewSerializer,
    ModelSettingsSerializer,
    ModelVersionDetailSerializer,
    ModelVersionSerializer,
    NoteSerializer,
    PrescoreResultSerializer,
    PromotionSerializer,
    ScoreInputSerializer,
    ScoreResultSerializer,
    TrainingRunListSerializer,
    TrainingRunSerializer,
    VersionRefSerializer,
)

VIEWERS = (Role.RESEARCHER, Role.REVIEWER)


class ModelOverviewView(APIView):
    @extend_schema(
        tags=["models"],
        summary="The project's model loop at a glance (researcher, reviewer, manager)",
        responses={200: ModelOverviewSerializer},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, *VIEWERS)
        overview = {
            "settings": model_settings_for(project),
            "production": selectors.production_version(project),
            "active_run": selectors.active_run(project),
            "last_run": selectors.last_run(project),
            "new_comparisons": selectors.new_comparisons(project),
            "versions": ModelVersion.objects.filter(project=project).count(),
            "can_manage": has_role(request.user, project, Role.MANAGER),
            "metric_definitions": DEFINITIONS,
        }
        return Response(ModelOverviewSerializer(overview).data)


class ModelSettingsView(APIView):
    @extend_schema(
        tags=["models"],
        summary="The project's loop settings (researcher, reviewer, manager)",
        responses={200: ModelSettingsSerializer},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, *VIEWERS)
        return Response(ModelSettingsSerializer(model_settings_for(project)).data)

    @extend_schema(
        tags=["models"],
        summary="Change the loop settings (manager)",
        description="The held-out fraction is fixed once the project has a model version (400 "
        "`fixed_once_trained`), so every version is evaluated on the same rule.",
        request=ModelSettingsSerializer,
        responses={200: ModelSettingsSerializer},
    )
    def patch(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        body = ModelSettingsSerializer(model_settings_for(project), data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        return Response(
            ModelSettingsSerializer(update_model_settings(project=project, changes=body.validated_data)).data
        )


class ModelVersionListView(generics.ListAPIView):
    serializer_class = ModelVersionSerializer

    @extend_schema(tags=["models"], summary="Model versions, newest first (researcher, reviewer, manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], *VIEWERS)
        return selectors.versions_of(project).select_related("parent")


def _version(user, version_id, *roles) -> ModelVersion:
    version = ModelVersion.objects.select_related("project", "parent").filter(pk=version_id).first()
    if version is None:
        raise Http404("No such model version.")
    require_role(user, version.project, *roles)
    return version


class ModelVersionDetailView(APIView):
    @extend_schema(
        tags=["models"],
        summary="One version with its split and the annotations it saw",
        responses={200: ModelVersionDetailSerializer},
    )
    def get(self, request, version_id):
        return Response(ModelVersionDetailSerializer(_version(request.user, version_id, *VIEWERS)).data)


class PromoteVersionView(APIView):
    @extend_schema(
        tags=["models"],
        summary="Put a ready version in production (manager)",
        request=NoteSerializer,
        responses={200: PromotionSerializer},
    )
    def post(self, request, version_id):
        version = _version(request.user, version_id, Role.MANAGER)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = promotion.promote_version(version=version, by=request.user, note=body.validated_data["note"])
        return Response(PromotionSerializer(done).data)


class RollbackView(APIView):
    @extend_schema(
        tags=["models"],
        summary="Give production back to the version it replaced (manager)",
        request=NoteSerializer,
        responses={200: PromotionSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = promotion.rollback(project=project, by=request.user, note=body.validated_data["note"])
        return Response(PromotionSerializer(done).data)


class PromotionListView(generics.ListAPIView):
    serializer_class = PromotionSerializer

    @extend_schema(tags=["models"], summary="History of production changes, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.promotions_of(project_for(self.request.user, self.kwargs["project_id"], *VIEWERS))


class LearningCurveView(APIView):
    @extend_schema(
        tags=["models"],
        summary="Held-out accuracy against training comparisons, one point per version",
        responses={200: LearningCurvePointSerializer(many=True)},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, *VIEWERS)
        return Response(LearningCurvePointSerializer(selectors.learning_curve(project), many=True).data)


class TrainingRunListView(generics.ListAPIView):
    serializer_class = TrainingRunListSerializer

    @extend_schema(tags=["models"], summary="Training runs, newest first (researcher, reviewer, manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], *VIEWERS)
        return selectors.runs_of(project).select_related("requested_by", "version")

    @extend_schema(
        tags=["models"],
        summary="Retrain now (manager)",
        description="Queues a run on the `gpu` queue. 409 while the project has a queued or running run.",
        request=None,
        responses={202: TrainingRunSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        run = runs.queue_training_run(
            project=project,
            trigger=RunTrigger.MANUAL,
            requested_by=request.user,
            new_comparisons=selectors.new_comparisons(project),
        )
        return Response(TrainingRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class TrainingRunDetailView(APIView):
    @extend_schema(
        tags=["models"],
        summary="One run with its live progress, loss curve and log",
        responses={200: TrainingRunSerializer},
    )
    def get(self, request, run_id):
        run = TrainingRun.objects.select_related("project", "requested_by").filter(pk=run_id).first()
        if run is None:
            raise Http404("No such training run.")
        require_role(request.user, run.project, *VIEWERS)
        return Response(TrainingRunSerializer(run).data)


class ScoreView(APIView):
    @extend_schema(
        tags=["models"],
        summary="Score images for a prompt (researcher, manager)",
        description="Images of the project (`image_ids`, JSON) or uploaded files (`images`, multipart), "
        "scored with the production version (or `version`), batched; normalised ImageReward scores.",
        request={"application/json": ScoreInputSerializer, "multipart/form-data": ScoreInputSerializer},
        responses={200: ScoreResultSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.RESEARCHER)
        body = ScoreInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version = scoring.version_to_score_with(project, data.get("version"))
        if data.get("image_ids"):
            scores = scoring.score_project_images(
                project=project, version=version, prompt=data["prompt"], image_ids=data["image_ids"]
            )
        else:
            scores = scoring.score_uploads(version=version, prompt=data["prompt"], files=data["images"])
        return Response(ScoreResultSerializer({"version": version, "prompt": data["prompt"], "scores": scores}).data)


class PrescoreView(APIView):
    @extend_schema(
        tags=["models"],
        summary="Pre-score the open prompt groups with production (manager)",
        description="Queues the scoring of every open group the production version has not scored; "
        "when the project orders its queue by uncertainty, their priorities follow.",
        request=None,
        responses={202: PrescoreResultSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        version = selectors.production_version(project)
        if version is None:
            raise Conflict(
                Problem("project", "no_production", "the project has no production model version yet"),
                detail="Pre-scoring refused: the project has no production model version yet.",
            )
        dispatch.enqueue_prescoring(project.pk)
        return Response(
            {"queued": True, "version": VersionRefSerializer(version).data}, status=status.HTTP_202_ACCEPTED
        )


class GroupModelScoresView(APIView):
    @extend_schema(
        tags=["models"],
        summary="The production model's scores of a group's images, for the review screen (reviewer, manager)",
        description="Stored scores (the worker scores every annotated non-gold group when a version becomes "
        "production and as work comes in), never computed per request; `version` null without a production "
        "version. 404 `group`/`not_in_project` for a group of another project.",
        responses={200: GroupModelScoresSerializer},
    )
    def get(self, request, project_id, group_id):
        project = project_for(request.user, project_id, Role.REVIEWER)
        group = PromptGroup.objects.filter(project=project, pk=group_id).first() if 0 < group_id < 2**63 else None
        if group is None:
            raise Refused(
                Problem("group", "not_in_project", f"group {group_id} is not in this project"), status_code=404
            )
        return Response(GroupModelScoresSerializer(selectors.group_model_scores(project, group)).data)
