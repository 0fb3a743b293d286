"""Auth, projects and annotating under /api/v1/ (docs/API.md)."""

from django.urls import path

from . import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/token/rotate/", views.TokenRotateView.as_view(), name="auth-token-rotate"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<int:project_id>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:project_id>/members/", views.ProjectMembersView.as_view(), name="project-members"),
    path("projects/<int:project_id>/progress/", views.ProjectProgressView.as_view(), name="project-progress"),
    path("projects/<int:project_id>/people/", views.ProjectPeopleView.as_view(), name="project-people"),
    path("projects/<int:project_id>/people/<str:username>/", views.ProjectPersonView.as_view(), name="project-person"),
    path("projects/<int:project_id>/next-task/", views.NextTaskView.as_view(), name="next-task"),
    path("groups/<int:group_id>/submit/", views.SubmitView.as_view(), name="group-submit"),
    path("groups/<int:group_id>/skip/", views.SkipView.as_view(), name="group-skip"),
    path("groups/<int:group_id>/release/", views.ReleaseView.as_view(), name="group-release"),
    path("groups/<int:group_id>/image-urls/", views.ImageUrlsView.as_view(), name="group-image-urls"),
]
