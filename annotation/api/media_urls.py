"""Image files under MEDIA_URL, served to members of their project (mounted in config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<path:path>", views.MediaFileView.as_view(), name="media-file"),
]
