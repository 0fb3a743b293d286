from django.urls import path

from .quality_views import (
    AnnotationReviewView,
    AnnotatorPageView,
    MyQualificationView,
    PauseAnnotatorView,
    ProjectAnnotationsView,
    ProjectQualityView,
    QualificationGroupsView,
    QualificationGroupView,
    QualificationResetView,
    QualityReportView,
    ResumeAnnotatorView,
    ReviewQueueView,
)

urlpatterns = [
    path("projects/<int:project_id>/annotations/", ProjectAnnotationsView.as_view(), name="project-annotations"),
    path("annotations/<int:annotation_id>/review/", AnnotationReviewView.as_view(), name="annotation-review"),
    path("projects/<int:project_id>/quality/", ProjectQualityView.as_view(), name="project-quality"),
    path("projects/<int:project_id>/quality/report/", QualityReportView.as_view(), name="quality-report"),
    path("projects/<int:project_id>/review-queue/", ReviewQueueView.as_view(), name="review-queue"),
    path(
        "projects/<int:project_id>/annotators/<int:annotator_id>/", AnnotatorPageView.as_view(), name="annotator-page"
    ),
    path(
        "projects/<int:project_id>/annotators/<int:annotator_id>/pause/",
        PauseAnnotatorView.as_view(),
        name="annotator-pause",
    ),
    path(
        "projects/<int:project_id>/qualification-groups/",
        QualificationGroupsView.as_view(),
        name="qualification-groups",
    ),
    path(
        "projects/<int:project_id>/qualification-groups/<int:group_id>/",
        QualificationGroupView.as_view(),
        name="qualification-group",
    ),
    path("projects/<int:project_id>/qualification/", MyQualificationView.as_view(), name="my-qualification"),
    path(
        "projects/<int:project_id>/annotators/<int:annotator_id>/qualification/reset/",
        QualificationResetView.as_view(),
        name="qualification-reset",
    ),
    path(
        "projects/<int:project_id>/annotators/<int:annotator_id>/resume/",
        ResumeAnnotatorView.as_view(),
        name="annotator-resume",
    ),
]
