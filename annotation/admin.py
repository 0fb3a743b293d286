"""The Django admin: a window onto the data for staff. Work goes through the services and the
API; the counters the assignment relies on are read-only here."""

from django.contrib import admin

from .models import Annotation, ImportBatch, Lease, Membership, Project, PromptGroup, Skip


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "annotations_per_group", "gold_rate", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(PromptGroup)
class PromptGroupAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "project",
        "external_id",
        "priority",
        "is_gold",
        "annotation_count",
        "lease_count",
        "annotations_needed",
        "completed_at",
    ]
    list_filter = ["project", "is_gold"]
    search_fields = ["external_id", "prompt__text"]
    list_select_related = ["project"]
    readonly_fields = [
        "project",
        "prompt",
        "annotation_count",
        "lease_count",
        "is_started",
        "import_batch",
        "completed_at",
        "created_at",
    ]


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "group", "annotator", "created_at", "expires_at"]
    list_filter = ["project"]
    list_select_related = ["project", "annotator"]
    readonly_fields = ["project", "group", "annotator", "created_at", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a lease here would leave its place counted in the group.
        return False


@admin.register(Skip)
class SkipAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "annotator", "reason", "created_at"]
    list_select_related = ["annotator"]
    readonly_fields = ["group", "annotator", "created_at"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "group", "annotator", "status", "gold_agreement", "source", "created_at"]
    list_filter = ["project", "status", "source"]
    list_select_related = ["project", "annotator"]
    readonly_fields = ["project", "group", "annotator", "client_key", "gold_agreement", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "format", "source", "created_at"]
    readonly_fields = ["project", "created_by", "source", "format", "counts", "created_at"]
