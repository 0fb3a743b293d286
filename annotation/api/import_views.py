"""`projects/{id}/imports/`: a manager imports generations from a server folder (JSON body) or
an uploaded zip (multipart) within the request, and lists the project's import batches.
`projects/{id}/import-jobs/`: the same imports run by a worker, with progress to poll, and the
history of them, refused ones with their bad rows. Thin over `annotation.imports`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.imports import import_archive, import_server_folder
from annotation.imports.jobs import queue_import
from annotation.models import ImportBatch, ImportJob, Role
from annotation.permissions import project_for

from .import_serializers import (
    ImportBatchSerializer,
    ImportFromFolderSerializer,
    ImportJobDetailSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
)


class ProjectImportsView(generics.ListAPIView):
    serializer_class = ImportBatchSerializer

    @extend_schema(tags=["imports"], summary="The project's import batches, newest first (manager)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], Role.MANAGER)
        return ImportBatch.objects.filter(project=project).select_related("created_by").order_by("-created_at", "-id")

    @extend_schema(
        tags=["imports"],
        summary="Import generations (manager)",
        description=(
            "From a folder under the server's IMPORT_ROOTS (JSON body with `folder`), a bucket prefix under "
            "IMPORT_BUCKET_ROOTS (`folder`: s3://bucket/prefix) or an uploaded zip of the folder (multipart with "
            "`archive`). `format` is `jsonl` (one line per image: group, prompt, "
            "image, generator, seed, metadata, rank, category) or `reference` (ImageReward's train.json). "
            "A bad row refuses the whole import with one error per row (`manifest.jsonl:12.image`, "
            "`train.json[3].generations[1]`) and nothing is written."
        ),
        request={"application/json": ImportFromFolderSerializer, "multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer},
        examples=[
            OpenApiExample(
                "server folder",
                request_only=True,
                media_type="application/json",
                value={"folder": "sd-run-7", "format": "jsonl", "rankings_as": "expert1"},
            )
        ],
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        if "archive" in request.FILES:
            body = ImportUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            options = dict(body.validated_data)
            archive = options.pop("archive")
            batch = import_archive(
                project=project, archive=archive, name=archive.name, created_by=request.user, **options
            )
        else:
            body = ImportFromFolderSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            batch = import_server_folder(project=project, created_by=request.user, **body.validated_data)
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


HISTORY_LENGTH = 200


class ProjectImportJobsView(APIView):
    @extend_schema(
        tags=["imports"],
        summary="The project's import jobs, newest first: status, progress, counts, who (manager)",
        responses=ImportJobSerializer(many=True),
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        jobs = (
            ImportJob.objects.filter(project=project)
            .select_related("created_by", "batch")
            .defer("problems")
            .order_by("-created_at", "-id")[:HISTORY_LENGTH]
        )
        return Response(ImportJobSerializer(jobs, many=True).data)

    @extend_schema(
        tags=["imports"],
        summary="Queue an import for a worker (manager)",
        description=(
            "The body of `POST imports/`; answers 202 with the job at once. Poll `import-jobs/{id}/`: "
            "`status` goes queued, running (with `stage` unpacking, checking, storing, writing and "
            "`done` of `total`), then done (`batch`, `counts`), refused (`problems`: every bad row; "
            "nothing written) or failed (`error`). Bad options, a folder outside IMPORT_ROOTS, a bucket "
            "prefix outside IMPORT_BUCKET_ROOTS, empty or denied, or an upload that is no zip are refused at once "
            "(400); a bucket that cannot be reached is a 503 naming the setting."
        ),
        request={"application/json": ImportFromFolderSerializer, "multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        if "archive" in request.FILES:
            body = ImportUploadSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            options = dict(body.validated_data)
            archive = options.pop("archive")
            job = queue_import(project=project, created_by=request.user, archive=archive, name=archive.name, **options)
        else:
            body = ImportFromFolderSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            job = queue_import(project=project, created_by=request.user, **body.validated_data)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ProjectImportJobView(APIView):
    @extend_schema(
        tags=["imports"], summary="One import job with its bad rows (manager)", responses=ImportJobDetailSerializer
    )
    def get(self, request, project_id, job_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        job = get_object_or_404(ImportJob.objects.select_related("created_by", "batch"), project=project, pk=job_id)
        return Response(ImportJobDetailSerializer(job).data)
