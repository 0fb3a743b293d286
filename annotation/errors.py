"""Domain errors and the API's error format.

Every refusal reaches the client as `{"detail": "...", "errors": [{"field", "rule", "message"}]}`
with a 4xx status, whether it came from a service (`Refused`), a serializer or DRF itself
(authentication, permission, throttling, an unreadable body: the field `body`). Django's own
errors on /api/ paths (an unknown URL, a server error) take the same shape (config/urls.py)."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.storage import StorageUnavailable
from config.storage import describe as describe_storage_error


@dataclass(frozen=True)
class Problem:
    field: str
    rule: str
    message: str


class Refused(Exception):
    """A service refused a request; nothing was written."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, problems: list[Problem] | Problem, *, detail: str | None = None, status_code: int | None = None):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        if status_code is not None:
            self.status_code = status_code
        self.detail = detail or "; ".join(f"{p.field}: {p.message}" for p in self.problems)
        super().__init__(self.detail)


class Conflict(Refused):
    status_code = status.HTTP_409_CONFLICT


def _flatten(data, prefix=""):
    """DRF's nested ValidationError detail as a flat list of problems with dotted fields."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, int):  # DRF reports a list serializer's errors as {index: errors}
                yield from _flatten(value, f"{prefix}[{key}]")
                continue
            name = key if key != "non_field_errors" else ""
            yield from _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(data, list):
        if data and all(isinstance(item, (str, exceptions.ErrorDetail)) for item in data):
            for item in data:
                yield Problem(prefix or "non_field", getattr(item, "code", "invalid") or "invalid", str(item))
        else:
            for index, item in enumerate(data):
                if item:
                    yield from _flatten(item, f"{prefix}[{index}]")
    else:
        yield Problem(prefix or "non_field", getattr(data, "code", "invalid") or "invalid", str(data))


def error_body(detail: str, problems: list[Problem]) -> dict:
    return {"detail": detail, "errors": [asdict(p) for p in problems]}


def error_response(status_code: int, rule: str, message: str) -> JsonResponse:
    """The error shape outside DRF (Django's 404 and 500 handlers for /api/ paths)."""
    return JsonResponse(error_body(message, [Problem("non_field", rule, message)]), status=status_code)


def api_exception_handler(exc, context):
    if isinstance(exc, Refused):
        return Response(error_body(exc.detail, exc.problems), status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        problems = list(_flatten(exc.detail))
        detail = "; ".join(f"{p.field}: {p.message}" if p.field != "non_field" else p.message for p in problems)
        return Response(error_body(detail or "Invalid input.", problems), status=status.HTTP_400_BAD_REQUEST)
    # Django's bounds on a body, checked as DRF reads it.
    if isinstance(exc, RequestDataTooBig):
        message = f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        return Response(error_body(message, [Problem("body", "too_large", message)]), status=413)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        message = f"The form has more fields or files than the server accepts: {exc}"
        return Response(error_body(message, [Problem("body", "too_many_fields", message)]), status=400)
    storage_problem = describe_storage_error(exc)
    if storage_problem is not None:  # the bucket is unreachable or refused: 503 naming the setting
        exc = StorageUnavailable(storage_problem)
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API exception: a server error, Django answers it
        return None
    # Authentication, permission, not found, method, throttling, an unreadable body: DRF's code is
    # the rule; the headers DRF set (Retry-After, WWW-Authenticate) stay.
    field = "body" if isinstance(exc, exceptions.ParseError | exceptions.UnsupportedMediaType) else "non_field"
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    if isinstance(detail, str):
        problems = [Problem(field, getattr(detail, "code", None) or "error", str(detail))]
    else:
        problems = list(_flatten(response.data, field))
        detail = "; ".join(p.message for p in problems)
    response.data = error_body(str(detail), problems)
    return response
