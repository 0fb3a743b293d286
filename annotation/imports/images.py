"""The images of an import: each file decoded in full before it is accepted, named by its
content (sha256) and stored once per project.

A file is accepted if it is a PNG, JPEG or WebP image that Pillow decodes and that has at most
`settings.MAX_IMAGE_PIXELS` pixels. Files are stored through Django's default storage under a
content-addressed name, `images/<project id>/<sha[:2]>/<sha>.<ext>`, so an image listed twice
(in two groups, or in two imports) is one file and one row."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..errors import Problem, Refused
from ..models import Project
from .manifests import ImageRow
from .spec import limit

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class BadImage(Exception):
    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


def inspect_image(path: Path) -> tuple[str, int, int, str]:
    """(sha256, width, height, extension) of a real, fully decodable image within the pixel
    bound; BadImage otherwise."""
    size, most = path.stat().st_size, limit("IMPORT_MAX_IMAGE_BYTES")
    if size > most:
        raise BadImage("file_too_large", f"{size} bytes is over the limit of {most}")
    data = path.read_bytes()
    width, height, fmt = verify_image_bytes(data)
    return hashlib.sha256(data).hexdigest(), width, height, IMAGE_FORMATS[fmt]


def verify_image_bytes(data: bytes) -> tuple[int, int, str]:
    most_pixels = settings.MAX_IMAGE_PIXELS
    # Pillow refuses images over twice its bound and warns above it; the bound is ours, and the
    # warning is turned into a refusal too.
    PILImage.MAX_IMAGE_PIXELS = most_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(io.BytesIO(data)) as image:
                width, height, fmt = image.width, image.height, image.format
                if fmt not in IMAGE_FORMATS:
                    raise BadImage("unsupported_format", f"{fmt} images are not accepted (PNG, JPEG or WebP)")
                if width * height > most_pixels:
                    raise BadImage("too_many_pixels", f"{width}x{height} is over the limit of {most_pixels} pixels")
                image.verify()
            with PILImage.open(io.BytesIO(data)) as image:
                image.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
            raise BadImage("too_many_pixels", f"decompression bomb: {exc}") from None
        except UnidentifiedImageError:
            raise BadImage("not_an_image", "not an image Pillow can read") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise BadImage("broken_image", f"broken image: {exc}") from None
    return width, height, fmt


def storage_name(project: Project, sha256: str, extension: str) -> str:
    return f"images/{project.pk}/{sha256[:2]}/{sha256}.{extension}"


def store_image(project: Project, row: ImageRow) -> str:
    data = row.file.read_bytes()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise Refused(Problem(row.where, "file_changed", f"{row.path} changed during the import"))
    name = storage_name(project, row.sha256, row.extension)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another import stored it at the same moment
            default_storage.delete(saved)
    return name
