"""Serializers of the import endpoint: what it parses (a server folder or an uploaded zip) and
the import batches it answers with."""

from pathlib import PurePosixPath

from django.conf import settings
from rest_framework import serializers

from annotation.imports import FORMATS
from annotation.models import ImportBatch
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


class ImportFromFolderSerializer(_ImportOptionsSerializer):
    folder = serializers.CharField(
        max_length=1000, help_text="a folder on the server: absolute, or relative to the first IMPORT_ROOTS entry"
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
        help_text="groups, images, images_reused, prompts, gold_groups, annotations, comparisons",
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
