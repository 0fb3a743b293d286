from django.urls import path

from .refl_run_views import ReflPipelinesView, ReflRunDetailView, ReflRunDownloadView, ReflRunListView
from .refl_views import ReflBundleDetailView, ReflBundleDownloadView, ReflBundlesView

urlpatterns = [
    path("projects/<int:project_id>/refl-bundles/", ReflBundlesView.as_view(), name="refl-bundles"),
    path("projects/<int:project_id>/refl-bundles/<int:bundle_id>/", ReflBundleDetailView.as_view(), name="refl-bundle"),
    path(
        "projects/<int:project_id>/refl-bundles/snapshot-v<int:snapshot_version>-model-v<int:model_number>/download/",
        ReflBundleDownloadView.as_view(),
        name="refl-bundle-download",
    ),
    path("projects/<int:project_id>/refl-runs/", ReflRunListView.as_view(), name="refl-runs"),
    path("projects/<int:project_id>/refl-pipelines/", ReflPipelinesView.as_view(), name="refl-pipelines"),
    path("refl-runs/<int:run_id>/", ReflRunDetailView.as_view(), name="refl-run"),
    path("refl-runs/<int:run_id>/download/", ReflRunDownloadView.as_view(), name="refl-run-download"),
]
