"""Where a model version's checkpoint lives, how a training worker puts it there, and how a process
that scores, evaluates, warm-starts or bundles gets a local folder of it. No torch here: the web
processes use it.

Embedded default: the folder CHECKPOINT_ROOT/<checkpoint_path>, moved into place with one rename
(it appears whole or not at all) and loaded from there, no copy.

With a bucket (STORAGE_URL), the `checkpoints` storage holds each file of the folder under
`<checkpoint_path>/` and, written last, `<checkpoint_path>/checkpoint-manifest.json`:

    {"format": "imagepref-checkpoint-manifest", "files": {"config.json": {"sha256": ..., "bytes": ...}, ...}}

The manifest is the commit. Every file is uploaded and read back against its sha256 before it is
written, so a checkpoint without one is no checkpoint (its worker died while uploading): nothing
loads it, and the next attempt of the run removes it. The folder name holds the run and attempt,
so an attempt never writes over another's files.

A process that loads one copies it into CHECKPOINT_CACHE_DIR/<sha256 of the manifest>/, each file
hashed on the way, in a folder of its own renamed into place at the end: two processes never see a
half copy, and the key changes whenever a byte of the checkpoint does. A cached copy is checked
against the manifest each time a process loads it (once per process and version: the scoring API
keeps the model); a file changed since is fetched again. The cache keeps the
CHECKPOINT_CACHE_KEEP checkpoints used last."""

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import storages

from annotation.exports.files import hash_file, relative_files
from config import transfers
from config.storage import in_bucket, storage_errors

from .core.checkpoint_format import CheckpointError

log = logging.getLogger(__name__)

MANIFEST_NAME = "checkpoint-manifest.json"
MANIFEST_FORMAT = "imagepref-checkpoint-manifest"
# A cached checkpoint used this recently is never evicted (a process may be loading it), nor a
# download folder this young removed.
CACHE_GRACE_SECONDS = 600
STALE_DOWNLOAD_SECONDS = 6 * 3600


def checkpoints_storage():
    return storages["checkpoints"]


def in_bucket_mode() -> bool:
    return in_bucket(checkpoints_storage())


def checkpoint_files(folder: Path) -> dict[str, dict]:
    """path -> {"sha256", "bytes"} of a checkpoint folder's files (a `.tmp` file is a save in
    progress, not part of it)."""
    return {
        path: dict(zip(("sha256", "bytes"), hash_file(folder / path)))
        for path in relative_files(folder)
        if not path.endswith(".tmp")
    }


def manifest_bytes(files: dict[str, dict]) -> bytes:
    return json.dumps({"format": MANIFEST_FORMAT, "files": files}, indent=2, sort_keys=True).encode() + b"\n"


# --- writing -------------------------------------------------------------------------------------


def commit_checkpoint(*, folder: Path, name: str) -> Path:
    """Put the finished checkpoint `folder` (on this machine) in place as `name` (a version's
    checkpoint_path): one rename under CHECKPOINT_ROOT, or every file uploaded and checked, then
    the manifest. Returns the local folder that holds it now (with a bucket, `folder` itself,
    which its caller removes when done with it)."""
    if not in_bucket_mode():
        final = Path(settings.CHECKPOINT_ROOT) / name
        final.parent.mkdir(parents=True, exist_ok=True)
        folder.replace(final)  # one rename: the checkpoint appears whole or not at all
        return final
    storage = checkpoints_storage()
    files = checkpoint_files(folder)
    with storage_errors():
        try:
            transfers.upload(storage, {f"{name}/{path}": folder / path for path in files})
            problems = transfers.mismatches(
                storage, {f"{name}/{path}": (entry["sha256"], entry["bytes"]) for path, entry in files.items()}
            )
            if problems:
                raise transfers.TransferMismatch(
                    f"checkpoint {name}: {len(problems)} file(s) differ after the upload: " + "; ".join(problems[:5])
                )
        except BaseException:
            _forget(storage, name)
            raise
        transfers.put_bytes(storage, f"{name}/{MANIFEST_NAME}", manifest_bytes(files))  # the commit
    return folder


def _forget(storage, name: str) -> None:
    # Best effort: a bucket that failed the upload may fail this too. What stays behind has no
    # manifest, so nothing loads it, and the run's next attempt removes it.
    try:
        transfers.remove_under(storage, name)
    except Exception:
        log.warning("could not remove the uncommitted checkpoint %s", name, exc_info=True)


def remove_attempts(*, parent: str, stem: str, keep: str | None = None) -> None:
    """Remove the checkpoints under `parent` whose folder name starts with `stem` (the earlier
    attempts of a run, committed or not), but `keep`."""
    if not in_bucket_mode():
        for folder in (Path(settings.CHECKPOINT_ROOT) / parent).glob(f"{stem}*"):
            if f"{parent}/{folder.name}" != keep:
                shutil.rmtree(folder, ignore_errors=True)
        return
    storage = checkpoints_storage()
    depth = len(PurePosixPath(parent).parts)
    with storage_errors():
        transfers.remove(
            storage,
            [
                name
                for name in transfers.names_under(storage, parent)
                if PurePosixPath(name).parts[depth].startswith(stem) and not (keep and name.startswith(f"{keep}/"))
            ],
        )


def remove_uncommitted(*, parent: str, stem: str) -> None:
    """With a bucket, remove the checkpoints under `parent` whose folder name starts with `stem`
    and that have no manifest: what a worker lost while uploading left, once no attempt of its
    run will come to remove it (the run failed)."""
    if not in_bucket_mode():
        return
    storage = checkpoints_storage()
    depth = len(PurePosixPath(parent).parts)
    folders: dict[str, list[str]] = {}
    with storage_errors():
        for name in transfers.names_under(storage, parent):
            folder = PurePosixPath(name).parts[depth]
            if folder.startswith(stem):
                folders.setdefault(folder, []).append(name)
        transfers.remove(
            storage,
            [
                name
                for folder, names in folders.items()
                if f"{parent}/{folder}/{MANIFEST_NAME}" not in names
                for name in names
            ],
        )


# --- reading -------------------------------------------------------------------------------------


def local_checkpoint(name: str) -> Path:
    """A local folder holding the checkpoint `name`: the folder itself under CHECKPOINT_ROOT, or
    its verified copy in CHECKPOINT_CACHE_DIR. CheckpointError when the bucket has no committed
    checkpoint of that name; StorageUnavailable when the bucket cannot be asked."""
    if not in_bucket_mode():
        return Path(settings.CHECKPOINT_ROOT) / name
    storage = checkpoints_storage()
    with storage_errors():
        manifest = transfers.read_bytes(storage, f"{name}/{MANIFEST_NAME}")
        if manifest is None:
            raise CheckpointError(f"checkpoint {name} is not in the bucket (no {MANIFEST_NAME}: never committed)")
        files = _manifest_files(name, manifest)
        cached = Path(settings.CHECKPOINT_CACHE_DIR) / hash_bytes(manifest)
        if cached.is_dir():
            if _matches(cached, files):
                os.utime(cached)  # used now: the last to be evicted
                return cached
            log.warning("cached checkpoint %s differs from its manifest; fetching it again", cached)
        return _fetch(storage, name, files, cached)


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest_files(name: str, manifest: bytes) -> dict[str, dict]:
    try:
        parsed = json.loads(manifest)
    except ValueError as exc:
        raise CheckpointError(f"checkpoint {name}: {MANIFEST_NAME} is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict) or parsed.get("format") != MANIFEST_FORMAT or not parsed.get("files"):
        raise CheckpointError(f"checkpoint {name}: {MANIFEST_NAME} is not a checkpoint manifest")
    return parsed["files"]


def _matches(folder: Path, files: dict[str, dict]) -> bool:
    if set(relative_files(folder)) != set(files):
        return False
    return all(hash_file(folder / path) == (entry["sha256"], entry["bytes"]) for path, entry in files.items())


def _fetch(storage, name: str, files: dict[str, dict], cached: Path) -> Path:
    """Download the checkpoint into a folder of its own, each file checked against the manifest,
    and rename it to `cached` (replacing a copy that no longer matches)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    incoming = cached.with_name(f".{cached.name}.{uuid.uuid4().hex}")
    try:
        transfers.download_many(
            storage,
            {f"{name}/{path}": (incoming / path, entry["sha256"], entry["bytes"]) for path, entry in files.items()},
        )
        if cached.is_dir():
            if _matches(cached, files):  # another process put its verified copy there meanwhile
                return cached
            _discard(cached)  # a copy that no longer matches
        try:
            incoming.rename(cached)
        except OSError:  # another process put its verified copy there first: use that one
            if not cached.is_dir():
                raise
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    os.utime(cached)
    _evict(cached.parent, keep=settings.CHECKPOINT_CACHE_KEEP)
    return cached


def _discard(folder: Path) -> None:
    """Remove a cached folder: renamed away first, so no reader ever finds half of it."""
    doomed = folder.with_name(f".{folder.name}.stale.{uuid.uuid4().hex}")
    try:
        folder.rename(doomed)
    except FileNotFoundError:  # another process moved it already
        return
    shutil.rmtree(doomed, ignore_errors=True)


def _evict(cache: Path, *, keep: int) -> None:
    """Keep the `keep` checkpoints used last (a load touches its folder) and any used within
    CACHE_GRACE_SECONDS (another process may be reading it); remove the others, and the
    temporary folders of downloads that died long ago."""
    now = time.time()
    used = []
    for entry in cache.iterdir():
        age = now - entry.stat().st_mtime
        if entry.name.startswith("."):
            if age > STALE_DOWNLOAD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            used.append((age, entry))
    for age, entry in sorted(used)[max(1, keep) :]:
        if age > CACHE_GRACE_SECONDS:
            _discard(entry)
