from django.urls import path

from .import_views import ProjectImportJobsView, ProjectImportJobView, ProjectImportsView

urlpatterns = [
    path("projects/<int:project_id>/imports/", ProjectImportsView.as_view(), name="project-imports"),
    path("projects/<int:project_id>/import-jobs/", ProjectImportJobsView.as_view(), name="project-import-jobs"),
    path(
        "projects/<int:project_id>/import-jobs/<int:job_id>/",
        ProjectImportJobView.as_view(),
        name="project-import-job",
    ),
]
