from django.urls import path

from .import_views import ProjectImportsView

urlpatterns = [
    path("projects/<int:project_id>/imports/", ProjectImportsView.as_view(), name="project-imports"),
]
