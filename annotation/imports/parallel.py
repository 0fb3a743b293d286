"""Work on every image of an import in a few threads, in slices, reporting progress.

Reading, hashing and decoding an image and creating its file are mostly done outside Python's
lock (file I/O, zlib, libpng/libjpeg in Pillow, sha256), so threads overlap them, and they do
so in a Celery worker's pool process, which may not start processes of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

SLICE = 1000  # items between two progress reports
DEFAULT_WORKERS = 4

Progress = Callable[[str, int, int], None]


def workers() -> int:
    return max(1, int(getattr(settings, "IMPORT_WORKERS", DEFAULT_WORKERS)))


def map_in_threads(fn, items: Sequence, *, stage: str, progress: Progress | None = None) -> list:
    """[fn(item) for item in items], computed in threads, in order; `progress(stage, done, total)`
    after every slice."""
    total = len(items)
    report = progress or (lambda *_: None)
    report(stage, 0, total)
    results: list = []
    if workers() == 1:
        for start in range(0, total, SLICE):
            results.extend(fn(item) for item in items[start : start + SLICE])
            report(stage, len(results), total)
        return results
    with ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="import") as pool:
        for start in range(0, total, SLICE):
            results.extend(pool.map(fn, _slice(items, start)))
            report(stage, len(results), total)
    return results


def _slice(items: Sequence, start: int) -> Iterable:
    return items[start : start + SLICE]
