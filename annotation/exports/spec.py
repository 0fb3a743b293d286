"""What a snapshot request may ask for, checked and written down in one canonical form.

A snapshot stores exactly what these functions return, so two requests that mean the same thing
store the same thing, and an export never has to guess a default. Every problem found is
reported at once (`Refused` with one `Problem` per field), and nothing is written.

filters  {"statuses": [...], "date_from": iso|None, "date_to": iso|None, "annotators": [user ids],
          "include_gold": bool}
         statuses default to submitted + accepted (rejected annotations are relabelled by others,
         so they are not data unless asked for); dates are inclusive (a date means the whole
         day, UTC); annotators may be given as ids or usernames and are stored as ids.
split    {"method": "fractions", "seed": int, "fractions": {"train": f, "valid": f, "test": f}}
         the fractions are shares of the snapshot's distinct prompts and add up to 1; or
         {"method": "held_out", "test": [...], "valid": [...]}: prompts (ids or texts) held out,
         every other prompt is train.
formats  any of FORMATS (default: all; with images "embed", all of EMBEDDING_FORMATS).
options  {"images": "none"|"copy"|"link"|"embed", "aggregation": "mean_slot"|"per_annotation",
          "refl_categories": [...], "refl_exclude_prompt_flags": [...]}
         "embed" stores the images' bytes inside the Parquet files, so it is refused beside a
         format that can only name them (a JSON file would point at images the export lacks).
"""

import datetime as dt
import math
from numbers import Integral, Real

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..errors import Problem, Refused
from ..models import AnnotationStatus, Project

FORMATS = ("reference", "per_image_parquet", "pairwise_parquet", "pairwise_jsonl", "refl_data", "trl_preference")
EMBEDDING_FORMATS = ("per_image_parquet", "pairwise_parquet", "trl_preference")
SPLITS = ("train", "valid", "test")
DEFAULT_STATUSES = (AnnotationStatus.SUBMITTED.value, AnnotationStatus.ACCEPTED.value)
DEFAULT_SPLIT = {"method": "fractions", "seed": 0, "fractions": {"train": 0.8, "valid": 0.1, "test": 0.1}}
IMAGE_MODES = ("none", "copy", "link", "embed")
AGGREGATIONS = ("mean_slot", "per_annotation")
DEFAULT_OPTIONS = {
    "images": "none",
    "aggregation": "mean_slot",
    "refl_categories": [],
    "refl_exclude_prompt_flags": [],
}
FILTER_KEYS = {"statuses", "date_from", "date_to", "annotators", "include_gold"}
# Ids are 64-bit integers (BigAutoField) and seeds are stored as such: anything wider is refused
# here rather than overflowing in the database driver.
MAX_ID = 2**63 - 1
MIN_SEED = -(2**63)


def normalise_request(*, project: Project, filters, split, formats, options) -> dict:
    """{"filters", "split", "formats", "options"} in canonical form, or `Refused` naming every
    problem. Held-out prompts are checked against the data later (they need the annotations)."""
    problems: list[Problem] = []
    result = {
        "filters": _filters(filters, problems),
        "split": _split(split, problems),
        "formats": _formats(formats, problems),
        "options": _options(project, options, problems),
    }
    _check_embedding(result, given=formats is not None, problems=problems)
    if problems:
        raise Refused(
            problems, detail="Export refused: " + "; ".join(f"{p.field}: {p.message}" for p in problems) + "."
        )
    return result


# --- filters -------------------------------------------------------------------------------------


def _filters(raw, problems) -> dict:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        problems.append(Problem("filters", "type", "filters must be an object"))
        raw = {}
    for key in sorted(set(raw) - FILTER_KEYS - {"project"}):
        problems.append(Problem(f"filters.{key}", "unknown", f"unknown filter {key!r}"))

    statuses = raw.get("statuses")
    if statuses is None:
        statuses = sorted(DEFAULT_STATUSES)
    elif not isinstance(statuses, list) or not statuses:
        problems.append(Problem("filters.statuses", "choice", "statuses must be a non-empty list"))
        statuses = []
    elif not all(isinstance(s, str) for s in statuses):
        problems.append(Problem("filters.statuses", "type", "statuses must be a list of status names"))
        statuses = []
    else:
        allowed = {s.value for s in AnnotationStatus}
        unknown = [s for s in statuses if s not in allowed]
        if unknown:
            problems.append(
                Problem("filters.statuses", "choice", f"{_shown(unknown)} not among {', '.join(sorted(allowed))}")
            )
        statuses = sorted({s for s in statuses if s in allowed})

    date_from = _instant(raw.get("date_from"), "filters.date_from", end_of_day=False, problems=problems)
    date_to = _instant(raw.get("date_to"), "filters.date_to", end_of_day=True, problems=problems)
    if date_from and date_to and date_from > date_to:
        problems.append(Problem("filters.date_to", "order", "date_to is before date_from"))

    include_gold = raw.get("include_gold", False)
    if not isinstance(include_gold, bool):
        problems.append(Problem("filters.include_gold", "type", "include_gold must be true or false"))
        include_gold = False

    return {
        "statuses": statuses,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "annotators": _annotators(raw.get("annotators"), problems),
        "include_gold": include_gold,
    }


def _instant(value, field, *, end_of_day, problems) -> dt.datetime | None:
    """A date (the whole day, UTC) or an ISO datetime (UTC when it names no zone)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        problems.append(Problem(field, "date", "give a date (YYYY-MM-DD) or an ISO datetime"))
        return None
    moment = day = None
    try:
        # A date first: parse_datetime also reads "2026-01-31" (as midnight).
        day = parse_date(value)
    except ValueError:
        pass
    if day is None:
        try:
            moment = parse_datetime(value)
        except ValueError:
            pass
    if moment is None and day is None:
        problems.append(Problem(field, "date", f"{value!r} is not a date (YYYY-MM-DD) or an ISO datetime"))
        return None
    if day is not None:
        moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00 is before year 1 in UTC
        problems.append(Problem(field, "date", f"{value!r} is outside the years 1 to 9999 in UTC"))
        return None


def _annotators(raw, problems) -> list[int]:
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        problems.append(Problem("filters.annotators", "type", "annotators must be a list of user ids or usernames"))
        return []
    if not _within_list_limit(raw, "filters.annotators", problems):
        return []
    ids = {v for v in raw if isinstance(v, Integral) and not isinstance(v, bool)}
    names = {v for v in raw if isinstance(v, str)}
    if any(not isinstance(v, (Integral, str)) or isinstance(v, bool) for v in raw):
        problems.append(Problem("filters.annotators", "type", "annotators must be user ids or usernames"))
    out_of_range = sorted(i for i in ids if not 1 <= i <= MAX_ID)
    if out_of_range:
        problems.append(
            Problem("filters.annotators", "range", f"user ids are integers from 1 to {MAX_ID}: {out_of_range[:10]}")
        )
        ids -= set(out_of_range)
    users = get_user_model().objects
    found = dict(users.filter(pk__in=ids).values_list("pk", "username"))
    by_name = dict(users.filter(username__in=names).values_list("username", "pk"))
    missing = sorted(str(i) for i in ids - set(found)) + sorted(names - set(by_name))
    if missing:
        problems.append(Problem("filters.annotators", "unknown_user", f"no such user: {', '.join(missing)}"))
    return sorted(set(found) | set(by_name.values()))


def _within_list_limit(values: list, field: str, problems) -> bool:
    limit = settings.EXPORT_MAX_LIST_ITEMS
    if len(values) > limit:
        problems.append(Problem(field, "max_items", f"at most {limit} entries, got {len(values)}"))
        return False
    return True


# --- split ---------------------------------------------------------------------------------------


def _split(raw, problems) -> dict:
    if raw is None:
        return {**DEFAULT_SPLIT, "fractions": dict(DEFAULT_SPLIT["fractions"])}
    if not isinstance(raw, dict):
        problems.append(Problem("split", "type", "split must be an object"))
        return {}
    method = raw.get("method", "fractions")
    if not isinstance(method, str):
        problems.append(Problem("split.method", "choice", "method is one of fractions, held_out"))
        return {}
    if method == "fractions":
        return _fraction_split(raw, problems)
    if method == "held_out":
        return _held_out_split(raw, problems)
    problems.append(Problem("split.method", "choice", f"{method!r} is not one of fractions, held_out"))
    return {}


def _fraction_split(raw, problems) -> dict:
    for key in sorted(set(raw) - {"method", "seed", "fractions"}):
        problems.append(Problem(f"split.{key}", "unknown", f"unknown split setting {key!r}"))
    seed = raw.get("seed", 0)
    if not isinstance(seed, Integral) or isinstance(seed, bool):
        problems.append(Problem("split.seed", "type", "seed must be an integer"))
        seed = 0
    elif not MIN_SEED <= seed <= MAX_ID:
        problems.append(Problem("split.seed", "range", f"seed is a 64-bit integer ({MIN_SEED} to {MAX_ID})"))
        seed = 0
    fractions = raw.get("fractions", DEFAULT_SPLIT["fractions"])
    if not isinstance(fractions, dict) or not fractions:
        problems.append(Problem("split.fractions", "type", 'fractions must be an object like {"train": 0.8, ...}'))
        return {}
    out = {}
    for name in sorted(fractions):
        value = fractions[name]
        if name not in SPLITS:
            problems.append(Problem(f"split.fractions.{name}", "unknown", f"splits are {', '.join(SPLITS)}"))
        elif not _is_fraction(value):
            problems.append(Problem(f"split.fractions.{name}", "range", "a fraction is a number from 0 to 1"))
        else:
            out[name] = float(value)
    if len(out) == len(fractions) and abs(sum(out.values()) - 1.0) > 1e-6:
        problems.append(Problem("split.fractions", "sum", f"the fractions add up to {sum(out.values()):.6g}, not 1"))
    return {"method": "fractions", "seed": int(seed), "fractions": {name: out.get(name, 0.0) for name in SPLITS}}


def _is_fraction(value) -> bool:
    if not isinstance(value, Real) or isinstance(value, bool):
        return False
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return False
    return math.isfinite(number) and 0 <= number <= 1


def _held_out_split(raw, problems) -> dict:
    for key in sorted(set(raw) - {"method", "test", "valid"}):
        problems.append(Problem(f"split.{key}", "unknown", f"unknown split setting {key!r} (held out: test, valid)"))
    out = {"method": "held_out"}
    seen: dict = {}
    for name in ("valid", "test"):
        entries = raw.get(name, [])
        if not isinstance(entries, list):
            problems.append(Problem(f"split.{name}", "type", "a list of prompt ids or prompt texts"))
            entries = []
        if not _within_list_limit(entries, f"split.{name}", problems):
            entries = []
        clean = []
        for entry in entries:
            if isinstance(entry, bool) or not isinstance(entry, (Integral, str)) or entry == "":
                problems.append(Problem(f"split.{name}", "type", f"{_shown(entry)} is not a prompt id or prompt text"))
                continue
            if isinstance(entry, Integral) and not 1 <= entry <= MAX_ID:
                problems.append(Problem(f"split.{name}", "range", f"prompt ids are integers from 1 to {MAX_ID}"))
                continue
            if entry in seen and seen[entry] != name:
                problems.append(Problem(f"split.{name}", "overlap", f"{entry!r} is held out for both valid and test"))
                continue
            seen[entry] = name
            clean.append(entry)
        # ids first, then texts: a canonical order that does not depend on how it was typed
        out[name] = sorted({e for e in clean if not isinstance(e, str)}) + sorted(
            {e for e in clean if isinstance(e, str)}
        )
    if not out["valid"] and not out["test"] and not any(p.field in ("split.valid", "split.test") for p in problems):
        problems.append(Problem("split.test", "empty", "a held-out split names at least one prompt"))
    return out


def _shown(value) -> str:
    """A value as a message quotes it: short, whatever was sent."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# --- formats and options -------------------------------------------------------------------------


def _formats(raw, problems) -> list[str]:
    if raw is None:
        return list(FORMATS)
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("formats", "type", f"formats is a non-empty list of: {', '.join(FORMATS)}"))
        return []
    unknown = [f for f in raw if f not in FORMATS]
    if unknown:
        problems.append(Problem("formats", "choice", f"{unknown} not among {', '.join(FORMATS)}"))
    return [f for f in FORMATS if f in raw]


def _options(project: Project, raw, problems) -> dict:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        problems.append(Problem("options", "type", "options must be an object"))
        raw = {}
    for key in sorted(set(raw) - set(DEFAULT_OPTIONS)):
        problems.append(Problem(f"options.{key}", "unknown", f"unknown option {key!r}"))
    out = dict(DEFAULT_OPTIONS)
    for key, allowed in (("images", IMAGE_MODES), ("aggregation", AGGREGATIONS)):
        if key in raw:
            if not isinstance(raw[key], str) or raw[key] not in allowed:
                problems.append(
                    Problem(f"options.{key}", "choice", f"{_shown(raw[key])} is not one of {', '.join(allowed)}")
                )
            else:
                out[key] = raw[key]
    for key, allowed, what in (
        ("refl_categories", project.prompt_categories, "prompt categories"),
        ("refl_exclude_prompt_flags", project.prompt_flags, "prompt flags"),
    ):
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(Problem(f"options.{key}", "type", f"a list of the project's {what}"))
            continue
        unknown = [v for v in values if v not in allowed]
        if unknown:
            problems.append(
                Problem(f"options.{key}", "choice", f"{_shown(unknown)} are not among the project's {what}")
            )
        out[key] = sorted(set(values) - set(unknown))
    return out


def _check_embedding(result: dict, *, given: bool, problems) -> None:
    """images "embed" goes with the formats that can hold images: by default all of them, and
    a request naming another one is refused."""
    if result["options"]["images"] != "embed":
        return
    if not given:
        result["formats"] = list(EMBEDDING_FORMATS)
        return
    others = [f for f in result["formats"] if f not in EMBEDDING_FORMATS]
    if others:
        problems.append(
            Problem(
                "options.images",
                "embed_format",
                f"embed stores the images inside Parquet files ({', '.join(EMBEDDING_FORMATS)}); "
                f"{', '.join(others)} can only name them: leave them out, or copy the images",
            )
        )
