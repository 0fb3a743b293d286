"""Serializers of the import endpoint: what it parses (a server folder or an uploaded zip) and
the import batches it answers with."""

from pathlib import PurePosixPath

from django.conf import settings
from rest_framework import serializers

from annotation.imports import FORMATS
from annotation.models import ImportBatch, ImportJob, ImportStatus
from annotation.redact import redact_line


class _ImportOptionsSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(FORMATS), default="jsonl")
    manifest = serializers.CharField(
        required=False,
        allow_blank=False,
        max_length=500,
        help_text="manifest file inside the folder (default manifest.jsonl for jsonl, train.json for reference)",
    )
    rankings_as = serializers.CharField(
        required=False,
        allow_blank=False,
        max_length=150,
        help_text="record each ranking as an annotation of this user (username)",
    )
    gold = serializers.BooleanField(default=False, help_text="make every group a gold group, its ranking the answer")
    qualification = serializers.BooleanField(
        default=False,
        help_text="make every group a gold group and put it in the project's qualification set (implies gold)",
    )


class ImportFromFolderSerializer(_ImportOptionsSerializer):
    folder = serializers.CharField(
        max_length=1000,
        help_text="a folder on the server: absolute, or relative to the first IMPORT_ROOTS entry; or a bucket "
        "prefix, s3://bucket/prefix, under IMPORT_BUCKET_ROOTS (default: the imports/ prefix of the storage bucket)",
    )


class ImportUploadSerializer(_ImportOptionsSerializer):
    archive = serializers.FileField(help_text="a .zip of the folder: the manifest at its top or in its one top folder")


class ImportBatchSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    source = serializers.SerializerMethodField(
        help_text="where the batch came from: upload:<name>, or the manifest's path inside its import root"
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="groups, images, images_reused, prompts, gold_groups, qualification_groups, annotations, comparisons",
    )

    class Meta:
        model = ImportBatch
        fields = ["id", "project", "source", "format", "counts", "created_by", "created_at"]
        read_only_fields = fields

    def get_source(self, batch) -> str:
        # The server's folders stay on the server: a manifest under an import root is shown
        # relative to it; any other absolute path (a CLI import) by its last component.
        path = PurePosixPath(batch.source)
        if not path.is_absolute():
            return batch.source
        for root in settings.IMPORT_ROOTS:
            if path.is_relative_to(PurePosixPath(root)):
                return path.relative_to(PurePosixPath(root)).as_posix()
        return redact_line(batch.source)


class BadRowSerializer(serializers.Serializer):
    file = serializers.CharField(help_text="the manifest (or archive member) the problem is in; empty for an option")
    line = serializers.IntegerField(allow_null=True, help_text="its line (jsonl) or record index (reference)")
    field = serializers.CharField(help_text="the field of the row, or the option")
    rule = serializers.CharField()
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    """An import run by a worker, as the history shows it (its bad rows: the job's own URL)."""

    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ImportStatus.choices, read_only=True)
    format = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField(help_text="the batch's counts once done (see ImportBatch)")

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "project",
            "source",
            "format",
            "status",
            "stage",
            "done",
            "total",
            "batch",
            "counts",
            "problem_count",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_format(self, job) -> str:
        return job.options.get("format", "jsonl")

    def get_counts(self, job) -> dict[str, int] | None:
        return job.batch.counts if job.batch_id else None


class ImportJobDetailSerializer(ImportJobSerializer):
    problems = BadRowSerializer(many=True, read_only=True, help_text="every bad row (the first 10,000)")

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "problems"]
        read_only_fields = fields
