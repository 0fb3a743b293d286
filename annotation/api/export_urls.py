from django.urls import path

from .export_views import ProjectSnapshotsView, SnapshotDetailView, SnapshotDownloadView, SnapshotReexportView

urlpatterns = [
    path("projects/<int:project_id>/snapshots/", ProjectSnapshotsView.as_view(), name="project-snapshots"),
    path("snapshots/<int:snapshot_id>/", SnapshotDetailView.as_view(), name="snapshot-detail"),
    path("snapshots/<int:snapshot_id>/download/", SnapshotDownloadView.as_view(), name="snapshot-download"),
    path("snapshots/<int:snapshot_id>/reexport/", SnapshotReexportView.as_view(), name="snapshot-reexport"),
]
