"""Serializers of the export endpoints. They parse shapes only; what a filter, split or option
may say is checked by `annotation.exports.spec` (the same rules for the API and the CLI)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotation.exports.spec import FORMATS
from annotation.models import DatasetSnapshot
from annotation.redact import redact


class SnapshotCreateSerializer(serializers.Serializer):
    filters = serializers.JSONField(
        required=False,
        help_text='{"statuses": ["submitted", "accepted"], "date_from": "2026-01-01", "date_to": "2026-02-01", '
        '"annotators": [ids or usernames], "include_gold": false}; all optional.',
    )
    split = serializers.JSONField(
        required=False,
        help_text='{"method": "fractions", "seed": 0, "fractions": {"train": 0.8, "valid": 0.1, "test": 0.1}} '
        '(the default) or {"method": "held_out", "test": [prompt ids or texts], "valid": [...]}. By prompt.',
    )
    formats = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=f"Any of {', '.join(FORMATS)} (default: all)."
    )
    options = serializers.JSONField(
        required=False,
        help_text='{"images": "none"|"copy"|"link"|"embed", "aggregation": "mean_slot"|"per_annotation", '
        '"refl_categories": [...], "refl_exclude_prompt_flags": [...]}',
    )


class FileEntrySerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ArchiveSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class ManifestSerializer(serializers.Serializer):
    files = serializers.DictField(
        child=FileEntrySerializer(), help_text="path -> sha256 and size, every file but the images"
    )
    images = serializers.DictField(child=serializers.IntegerField(), help_text="count and bytes of the copied images")
    archive = ArchiveSerializer()


class SplitCountsSerializer(serializers.Serializer):
    groups = serializers.IntegerField()
    images = serializers.IntegerField()
    annotations = serializers.IntegerField()
    comparisons = serializers.IntegerField(help_text="pairs of images judged not tied, per annotation")
    ties = serializers.IntegerField()


class CountsSerializer(SplitCountsSerializer):
    annotators = serializers.IntegerField()
    splits = serializers.DictField(child=SplitCountsSerializer(), help_text="train, valid, test")


class SnapshotSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    formats = serializers.ListField(child=serializers.CharField(), read_only=True)
    annotation_count = serializers.IntegerField(read_only=True, help_text="annotations frozen in the snapshot")
    counts = serializers.SerializerMethodField()
    manifest = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(
        help_text="why the export failed, in one line; the full text stays in the server's records"
    )

    class Meta:
        model = DatasetSnapshot
        fields = [
            "id",
            "project",
            "version",
            "status",
            "progress",
            "error",
            "created_by",
            "created_at",
            "finished_at",
            "filters",
            "split",
            "formats",
            "options",
            "annotation_count",
            "counts",
            "manifest",
            "download_url",
        ]
        read_only_fields = fields

    def get_error(self, snapshot) -> str:
        return redact(snapshot.error)

    @extend_schema_field(CountsSerializer(allow_null=True))
    def get_counts(self, snapshot):
        return snapshot.counts or None

    @extend_schema_field(ManifestSerializer(allow_null=True))
    def get_manifest(self, snapshot):
        return snapshot.manifest or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, snapshot):
        if snapshot.status != "ready":
            return None
        return reverse("snapshot-download", kwargs={"snapshot_id": snapshot.pk})
