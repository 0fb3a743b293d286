from django.urls import path

from .quality_views import AnnotationReviewView, ProjectAnnotationsView, ProjectQualityView

urlpatterns = [
    path("projects/<int:project_id>/annotations/", ProjectAnnotationsView.as_view(), name="project-annotations"),
    path("annotations/<int:annotation_id>/review/", AnnotationReviewView.as_view(), name="annotation-review"),
    path("projects/<int:project_id>/quality/", ProjectQualityView.as_view(), name="project-quality"),
]
