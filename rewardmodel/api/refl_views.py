"""ReFL bundles over HTTP (researchers and managers of the project): build the bundle of a
dataset snapshot and a model version (queued: a worker builds it), follow the build, download it.
Thin over `rewardmodel.services.refl_bundle`."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.api.downloads import download_response
from annotation.models import DatasetSnapshot, Role
from annotation.permissions import project_for
from annotation.redact import redact

from ..models import BundleStatus, ModelVersion, ReflBundleBuild
from ..services import refl_bundle

ROLES = (Role.RESEARCHER,)  # and managers
MAX_LISTED = 200


class ReflBundleInputSerializer(serializers.Serializer):
    snapshot = serializers.IntegerField(help_text="id of a ready dataset snapshot exported with the refl_data format")
    model_version = serializers.IntegerField(help_text="id of a ready model version of the same project")


class ReflBundleFileSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ReflBundleArchiveSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ReflBundleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BundleStatus.choices, help_text="pending, building, ready or failed")
    error = serializers.CharField(help_text="why the build failed, in one line")
    name = serializers.CharField(allow_null=True)
    snapshot = serializers.IntegerField()
    model_version = serializers.IntegerField()
    prompts = serializers.IntegerField(allow_null=True)
    files = serializers.DictField(child=ReflBundleFileSerializer(), allow_null=True)
    archive = ReflBundleArchiveSerializer(allow_null=True)
    url = serializers.CharField(help_text="poll it until the status is ready or failed")
    download_url = serializers.CharField(allow_null=True)


def _answer(build: ReflBundleBuild) -> dict:
    result = build.result if build.status == BundleStatus.READY else {}
    archive = result.get("archive")
    return ReflBundleSerializer(
        {
            "id": build.pk,
            "status": build.status,
            "error": redact(build.error),
            "name": result.get("name"),
            "snapshot": build.snapshot_id,
            "model_version": build.version_id,
            "prompts": result.get("prompts"),
            "files": result.get("files"),
            # the archive's place on the server stays there
            "archive": {key: archive[key] for key in ("name", "sha256", "bytes")} if archive else None,
            "url": f"/api/v1/projects/{build.project_id}/refl-bundles/{build.pk}/",
            "download_url": f"/api/v1/projects/{build.project_id}/refl-bundles/{result['name']}/download/"
            if result
            else None,
        }
    ).data


class ReflBundlesView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="The project's ReFL bundles, newest first, with their build status (researcher or manager)",
        responses={200: ReflBundleSerializer(many=True)},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, *ROLES)
        builds = ReflBundleBuild.objects.filter(project=project).order_by("-requested_at", "-id")[:MAX_LISTED]
        return Response([_answer(build) for build in builds])

    @extend_schema(
        tags=["exports"],
        summary="Queue the build of the ReFL bundle of a snapshot and a model version (researcher or manager)",
        description="The snapshot's refl_data.json, the model version's checkpoint and a README in one folder and "
        "zip (hard links where possible, so a large checkpoint is not copied), built by a worker: poll `url` until "
        "`status` is ready (or failed, with `error`), then download. The same snapshot and version give the same "
        "bytes; asking again while a build of the pair is queued or running answers that build. 400 when the "
        "snapshot has no refl_data or the version is not ready; 409 while the snapshot is not ready.",
        request=ReflBundleInputSerializer,
        responses={202: ReflBundleSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, *ROLES)
        body = ReflBundleInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        snapshot = (
            DatasetSnapshot.objects.select_related("project")
            .filter(pk=body.validated_data["snapshot"], project=project)
            .first()
        )
        version = ModelVersion.objects.filter(pk=body.validated_data["model_version"], project=project).first()
        if snapshot is None or version is None:
            raise Http404("No such snapshot or model version in this project.")
        build = refl_bundle.request_refl_bundle(snapshot=snapshot, version=version)
        return Response(_answer(build), status=status.HTTP_202_ACCEPTED)


class ReflBundleDetailView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="A ReFL bundle's build: status, and its files once ready (researcher or manager)",
        responses={200: ReflBundleSerializer},
    )
    def get(self, request, project_id, bundle_id):
        project = project_for(request.user, project_id, *ROLES)
        build = ReflBundleBuild.objects.filter(pk=bundle_id, project=project).first()
        if build is None:
            raise Http404("No such ReFL bundle.")
        return Response(_answer(build))


class ReflBundleDownloadView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="Download a built ReFL bundle as one zip (researcher or manager)",
        description="With object storage (STORAGE_URL) the answer is a 302 to a presigned URL of the zip in the "
        "bucket.",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the bundle's zip"),
            302: OpenApiResponse(description="with object storage: the zip's presigned URL in `Location`"),
            409: OpenApiResponse(description="not built yet"),
            503: OpenApiResponse(description="the bucket cannot be reached or refuses access"),
        },
    )
    def get(self, request, project_id, snapshot_version, model_number):
        project = project_for(request.user, project_id, *ROLES)
        if not DatasetSnapshot.objects.filter(project=project, version=snapshot_version).exists():
            raise Http404("No such snapshot.")
        download = refl_bundle.ready_bundle_archive(
            project_id=project.pk, snapshot_version=snapshot_version, model_number=model_number
        )
        return download_response(download)
