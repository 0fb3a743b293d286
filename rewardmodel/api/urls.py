from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/model/", views.ModelOverviewView.as_view(), name="model-overview"),
    path("projects/<int:project_id>/model/settings/", views.ModelSettingsView.as_view(), name="model-settings"),
    path("projects/<int:project_id>/model/versions/", views.ModelVersionListView.as_view(), name="model-versions"),
    path("projects/<int:project_id>/model/learning-curve/", views.LearningCurveView.as_view(), name="learning-curve"),
    path("projects/<int:project_id>/model/runs/", views.TrainingRunListView.as_view(), name="training-runs"),
    path("projects/<int:project_id>/model/rollback/", views.RollbackView.as_view(), name="model-rollback"),
    path("projects/<int:project_id>/model/promotions/", views.PromotionListView.as_view(), name="model-promotions"),
    path("projects/<int:project_id>/model/score/", views.ScoreView.as_view(), name="model-score"),
    path("projects/<int:project_id>/model/prescore/", views.PrescoreView.as_view(), name="model-prescore"),
    path(
        "projects/<int:project_id>/groups/<int:group_id>/model-scores/",
        views.GroupModelScoresView.as_view(),
        name="group-model-scores",
    ),
    path("model-versions/<int:version_id>/", views.ModelVersionDetailView.as_view(), name="model-version"),
    path("model-versions/<int:version_id>/promote/", views.PromoteVersionView.as_view(), name="model-version-promote"),
    path("training-runs/<int:run_id>/", views.TrainingRunDetailView.as_view(), name="training-run"),
]
