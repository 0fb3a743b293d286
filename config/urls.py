from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

# Each area owns its URL module; all of them live under /api/v1/.
api_v1 = [
    path("", include("annotation.api.urls")),
    path("", include("annotation.api.import_urls")),
    path("", include("annotation.api.quality_urls")),
    path("", include("annotation.api.export_urls")),
    path("", include("annotation.api.webhook_urls")),
    path("", include("rewardmodel.api.urls")),
    path("", include("rewardmodel.api.refl_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
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

# On /api/ paths, errors in the API's JSON shape (config/error_pages.py).
handler400 = "config.error_pages.bad_request"
handler403 = "config.error_pages.permission_denied"
handler404 = "config.error_pages.page_not_found"
handler500 = "config.error_pages.server_error"
