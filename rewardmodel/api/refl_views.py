"""ReFL bundles over HTTP (researchers and managers of the project): build the bundle of a
dataset snapshot and a model version, download it. Thin over `rewardmodel.services.refl_bundle`."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.models import DatasetSnapshot, Role
from annotation.permissions import project_for

from .. import selectors
from ..models import ModelVersion
from ..services import refl_bundle

ROLES = (Role.RESEARCHER,)  # and managers


class ReflBundleInputSerializer(serializers.Serializer):
    snapshot = serializers.IntegerField(help_text="id of a ready dataset snapshot exported with the refl_data format")
    model_version = serializers.IntegerField(help_text="id of a ready model version of the same project")


class ReflBundleFileSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ReflBundleSerializer(serializers.Serializer):
    name = serializers.CharField()
    snapshot = serializers.IntegerField()
    model_version = serializers.IntegerField()
    prompts = serializers.IntegerField()
    files = serializers.DictField(child=ReflBundleFileSerializer())
    archive = serializers.DictField(help_text="name, sha256, bytes")
    download_url = serializers.CharField()


class ReflBundlesView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="Build the ReFL bundle of a snapshot and a model version (researcher or manager)",
        description="The snapshot's refl_data.json, the model version's checkpoint and a README in one folder and "
        "zip (hard links where possible, so a large checkpoint is not copied). The same snapshot and version give "
        "the same bytes. 400 when the snapshot has no refl_data or the version is not ready; 409 while the snapshot "
        "is not ready.",
        request=ReflBundleInputSerializer,
        responses={201: ReflBundleSerializer},
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
        bundle = refl_bundle.build_refl_bundle_for_version(snapshot=snapshot, version=version)
        answer = {
            "name": bundle.name,
            "snapshot": snapshot.pk,
            "model_version": version.pk,
            "prompts": bundle.prompts,
            "files": bundle.files,
            "archive": {"name": bundle.archive.name, "sha256": bundle.archive_sha256, "bytes": bundle.archive_bytes},
            "download_url": f"/api/v1/projects/{project.pk}/refl-bundles/{bundle.name}/download/",
        }
        return Response(ReflBundleSerializer(answer).data, status=status.HTTP_201_CREATED)


class ReflBundleDownloadView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="Download a built ReFL bundle as one zip (researcher or manager)",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the bundle's zip"),
            409: OpenApiResponse(description="not built yet"),
        },
    )
    def get(self, request, project_id, snapshot_version, model_number):
        project = project_for(request.user, project_id, *ROLES)
        snapshot = (
            DatasetSnapshot.objects.select_related("project").filter(project=project, version=snapshot_version).first()
        )
        if snapshot is None:
            raise Http404("No such snapshot.")
        archive = selectors.refl_bundle_archive(snapshot, f"v{model_number}")
        return FileResponse(
            open(archive, "rb"), as_attachment=True, filename=archive.name, content_type="application/zip"
        )
