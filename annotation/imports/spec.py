"""What an import may ask for: a format (each with its default manifest), how its rankings are
used (`rankings_as` a user, or `gold`, or `qualification`: gold groups that are also the
project's qualification set, or none of these), and the bounds it stays within."""

from django.conf import settings
from django.contrib.auth import get_user_model

from ..models import Membership, Role
from .problems import Problems

FORMATS = {"jsonl": "manifest.jsonl", "reference": "train.json"}
# Bounds, each overridable by the setting of the same name.
LIMITS = {
    "IMPORT_MAX_IMAGE_BYTES": 64 * 1024**2,  # one image file, checked before it is decoded
    "IMPORT_MAX_ARCHIVE_MEMBERS": 200_000,  # members of an uploaded zip
    "IMPORT_MAX_UNPACKED_BYTES": 4 * 1024**3,  # an uploaded zip once unpacked
}
MAX_EXTERNAL_ID = 200
CHUNK = 500  # rows per `IN (...)` query and per bulk insert


def limit(name: str) -> int:
    return getattr(settings, name, LIMITS[name])


def check_options(problems: Problems, *, project, format, rankings_as, gold, qualification=False):
    """The user whose annotations the rankings become (None: they do not become annotations).
    Only an annotator of the project may be named: an import writes in that person's name.
    `qualification` implies `gold`: a qualification group's ranking is its gold answer."""
    if format not in FORMATS:
        problems.add("format", "unknown_format", f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if gold and rankings_as:
        problems.add("gold", "gold_with_rankings_as", "a ranking is either a gold answer or an annotation, not both")
    if qualification and rankings_as:
        problems.add(
            "qualification",
            "qualification_with_rankings_as",
            "a qualification group's ranking is its gold answer, not an annotation: leave rankings_as out",
        )
    if not rankings_as:
        return None
    try:
        user = get_user_model().objects.get(username=rankings_as)
    except get_user_model().DoesNotExist:
        problems.add("rankings_as", "unknown_user", f"no user {rankings_as!r}")
        return None
    if not Membership.objects.filter(project=project, user=user, role=Role.ANNOTATOR).exists():
        problems.add(
            "rankings_as", "not_an_annotator", f"{rankings_as!r} is not an annotator of project {project.slug!r}"
        )
        return None
    return user
