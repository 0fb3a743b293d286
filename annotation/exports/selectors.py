"""Reads of dataset snapshots for the API: without loading the frozen annotation ids (a long JSON
array), but with their number, counted by the database."""

from django.db.models import Func, IntegerField, QuerySet

from ..models import DatasetSnapshot, Project


class JsonArrayLength(Func):
    output_field = IntegerField()
    function = "json_array_length"  # SQLite

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra)


def _snapshots() -> QuerySet[DatasetSnapshot]:
    return (
        DatasetSnapshot.objects.select_related("project", "created_by")
        .defer("annotation_ids")
        .annotate(annotation_count=JsonArrayLength("annotation_ids"))
    )


def snapshots_of(project: Project) -> QuerySet[DatasetSnapshot]:
    return _snapshots().filter(project=project).order_by("-version")


def snapshot_by_id(snapshot_id) -> DatasetSnapshot | None:
    return _snapshots().filter(pk=snapshot_id).first()
