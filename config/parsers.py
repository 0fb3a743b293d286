"""The API's JSON parser: DRF's, refusing bodies nested deeper than API_MAX_JSON_DEPTH.

Python's json module recurses once per nesting level: a body of 100,000 nested brackets ends in
a RecursionError, a server error. The nesting is measured before parsing, in one pass over the
body (already bounded by DATA_UPLOAD_MAX_MEMORY_SIZE: DRF reads it through `request.body`), and
a deeper body is a ParseError, which the error handler (annotation/errors.py) reports against
the field `body` with the rule `max_depth`. Views that set their own `parser_classes` should
name this one instead of DRF's."""

import io
import re

from django.conf import settings
from rest_framework import exceptions, parsers

# JSON strings may hold brackets; an escaped quote does not end a string.
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit`. Malformed text may
    pass: the parser refuses it next, with its own message."""
    depth = 0
    for bracket in _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > limit:
            return True
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        limit = settings.API_MAX_JSON_DEPTH
        encoding = parsers.get_encoding(parser_context or {})
        # Brackets and quotes are single bytes in UTF-8 (and ASCII); other charsets are scanned
        # as UTF-8.
        scanned = body if encoding.lower().replace("-", "") in {"utf8", "ascii"} else _as_utf8(body, encoding)
        if nesting_exceeds(scanned, limit):
            raise exceptions.ParseError(
                f"JSON nested deeper than {limit} levels (API_MAX_JSON_DEPTH).", code="max_depth"
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)


def _as_utf8(body: bytes, encoding: str) -> bytes:
    try:
        return body.decode(encoding).encode("utf-8", "surrogatepass")
    except UnicodeError as exc:
        raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
