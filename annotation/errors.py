"""Domain errors and the API's error format.

Every refusal reaches the client as `{"detail": "...", "errors": [{"field", "rule", "message"}]}`
with a 4xx status, whether it came from a service (`Refused`) or from a serializer."""

from dataclasses import asdict, dataclass

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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


def api_exception_handler(exc, context):
    if isinstance(exc, Refused):
        return Response({"detail": exc.detail, "errors": [asdict(p) for p in exc.problems]}, status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        problems = list(_flatten(exc.detail))
        detail = "; ".join(f"{p.field}: {p.message}" if p.field != "non_field" else p.message for p in problems)
        return Response(
            {"detail": detail or "Invalid input.", "errors": [asdict(p) for p in problems]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
