"""Django's error pages, in the API's JSON error shape for /api/ paths: a client of the API
never has to read HTML, even for an unknown URL or a server error. Other paths get Django's
pages. Django calls these only when DEBUG is off (with DEBUG it shows its debugging pages)."""

from django.views import defaults

from annotation.errors import error_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return error_response(400, "bad_request", "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return error_response(403, "permission_denied", "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return error_response(404, "not_found", f"No API endpoint at {request.path}.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return error_response(500, "server_error", "Server error: the request failed and was logged.")
    return defaults.server_error(request)
