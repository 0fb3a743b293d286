"""The Django admin: a read-only window onto the loop for staff. Runs, versions and production
change through the services (the API and the workers), which keep the invariants."""

from django.contrib import admin

from .models import ModelVersion, ProjectModelSettings, Promotion, TrainingRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainingRun)
class TrainingRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "project",
        "trigger",
        "state",
        "attempt",
        "phase",
        "progress",
        "worker_host",
        "queued_at",
        "finished_at",
    ]
    list_filter = ["state", "trigger"]


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyAdmin):
    list_display = ["id", "project", "number", "status", "preset", "is_production", "created_at", "ready_at"]
    list_filter = ["status", "is_production"]
    exclude = ["annotation_ids"]


@admin.register(Promotion)
class PromotionAdmin(ReadOnlyAdmin):
    list_display = ["id", "project", "version", "previous", "action", "by", "created_at"]


@admin.register(ProjectModelSettings)
class ProjectModelSettingsAdmin(ReadOnlyAdmin):
    list_display = ["project", "auto_retrain", "retrain_threshold", "held_out_fraction", "preset", "promotion_rule"]
