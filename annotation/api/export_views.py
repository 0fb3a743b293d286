"""Dataset snapshots over HTTP (researchers and managers of the project): list and create a
project's snapshots, read one (status, progress, counts, manifest), download its zip, export it
again. Thin over `annotation.services.exports`."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.exports.selectors import snapshot_by_id, snapshots_of
from annotation.models import DatasetSnapshot, Role
from annotation.permissions import project_for, require_role
from annotation.services.exports import create_snapshot, retry_snapshot, snapshot_download

from .downloads import download_response
from .export_serializers import SnapshotCreateSerializer, SnapshotSerializer

EXPORT_ROLES = (Role.RESEARCHER,)  # and managers, who may do everything in their project


def snapshot_for(user, snapshot_id) -> DatasetSnapshot:
    snapshot = snapshot_by_id(snapshot_id)
    if snapshot is None:
        raise Http404("No such snapshot.")
    require_role(user, snapshot.project, *EXPORT_ROLES)
    return snapshot


class ProjectSnapshotsView(generics.ListAPIView):
    serializer_class = SnapshotSerializer

    @extend_schema(tags=["exports"], summary="The project's dataset snapshots, newest first (researcher or manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], *EXPORT_ROLES)
        return snapshots_of(project)

    @extend_schema(
        tags=["exports"],
        summary="Create a dataset snapshot and queue its export (researcher or manager)",
        description=(
            "Freezes the annotations the filters select, numbers the snapshot (v1, v2, ...) and queues its export; "
            "poll the snapshot for `status` and `progress`, then download it. A filter that matches nothing, a split "
            "that does not add up or a held-out prompt the snapshot lacks is a 400 and creates nothing."
        ),
        request=SnapshotCreateSerializer,
        responses={202: SnapshotSerializer},
        examples=[
            OpenApiExample(
                "seeded split, all formats",
                request_only=True,
                value={
                    "filters": {"statuses": ["accepted"]},
                    "split": {
                        "method": "fractions",
                        "seed": 7,
                        "fractions": {"train": 0.9, "valid": 0.05, "test": 0.05},
                    },
                    "options": {"images": "copy"},
                },
            ),
            OpenApiExample(
                "fixed test set",
                request_only=True,
                value={
                    "split": {"method": "held_out", "test": [12, 57, "a red circle above a blue square"]},
                    "formats": ["reference", "pairwise_parquet"],
                },
            ),
        ],
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, *EXPORT_ROLES)
        body = SnapshotCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        snapshot = create_snapshot(project=project, created_by=request.user, **body.validated_data)
        return Response(SnapshotSerializer(snapshot_by_id(snapshot.pk)).data, status=status.HTTP_202_ACCEPTED)


class SnapshotDetailView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="A snapshot: status, progress, counts, manifest (researcher or manager)",
        responses={200: SnapshotSerializer},
    )
    def get(self, request, snapshot_id):
        return Response(SnapshotSerializer(snapshot_for(request.user, snapshot_id)).data)


class SnapshotDownloadView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="Download a ready snapshot as one zip (researcher or manager)",
        description="The same snapshot always gives the same bytes; the `ETag` is the archive's sha256 (also in the "
        "manifest). With object storage (STORAGE_URL) the answer is a 302 to a presigned URL of the zip in the "
        "bucket, valid STORAGE_URL_EXPIRY seconds. 409 while the snapshot is not ready; 503 when the bucket cannot "
        "be reached or refuses access.",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the snapshot's zip"),
            302: OpenApiResponse(description="with object storage: the zip's presigned URL in `Location`"),
            409: OpenApiResponse(description="not ready, or the archive is missing"),
            503: OpenApiResponse(description="the bucket cannot be reached or refuses access"),
        },
    )
    def get(self, request, snapshot_id):
        snapshot = snapshot_for(request.user, snapshot_id)
        return download_response(snapshot_download(snapshot), etag=snapshot.manifest["archive"]["sha256"])


class SnapshotReexportView(APIView):
    @extend_schema(
        tags=["exports"],
        summary="Export a snapshot again (researcher or manager)",
        description="Rewrites the snapshot's files from its frozen annotations: the bytes come out the same. "
        "Also retries a failed export, or one stuck pending (its message lost) or running (its worker lost) past "
        "EXPORT_RESEND_SECONDS or EXPORT_STALE_SECONDS. 409 while it is being exported.",
        request=None,
        responses={202: SnapshotSerializer},
    )
    def post(self, request, snapshot_id):
        snapshot = retry_snapshot(snapshot=snapshot_for(request.user, snapshot_id))
        return Response(SnapshotSerializer(snapshot_by_id(snapshot.pk)).data, status=status.HTTP_202_ACCEPTED)
