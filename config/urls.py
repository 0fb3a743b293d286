from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# Each area owns its URL module; all of them live under /api/v1/.
api_v1 = [
    path("", include("annotation.api.urls")),
    path("", include("annotation.api.import_urls")),
    path("", include("annotation.api.quality_urls")),
    path("", include("annotation.api.export_urls")),
    path("", include("rewardmodel.api.urls")),
    path("", include("rewardmodel.api.refl_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # Image files, for members of their project only (annotation/api/views.py, MediaFileView).
    path(settings.MEDIA_URL.lstrip("/"), include("annotation.api.media_urls")),
]

# The browser app ("/" and "/app/..."): last, so it shadows nothing above.
urlpatterns += [path("", include("config.frontend"))]
