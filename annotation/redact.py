"""What the API may say of an internal error: the database and the logs keep the full text (the
traceback, the worker's host and pid, file paths) for administrators; researchers and managers
read its first line with the server's paths and workers taken out."""

import re

# An absolute path starting a token: "/data/exports/x.zip", "'/srv/ckpt/v3'". The last component
# stays, so the message still says which file.
_PATH = re.compile(r"(?<![\w.~/:])/(?:[^\s'\"()\[\]{},:;]+/)*([^\s'\"()\[\]{},:;/]*)")
# "(host pid 123)", "worker host pid 123", "on host pid 123".
_WORKER_IN_PARENS = re.compile(r"\s*\((?:worker )?[\w.\-]+ pid \d+\)")
_WORKER = re.compile(r"(?:worker )?[\w.\-]+ pid \d+")

GENERIC = "an internal error; an administrator can read the details in the server's records"


def redact(text: str) -> str:
    """One line that says what went wrong without naming the server's paths or workers."""
    if not text:
        return ""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if line.startswith("Traceback"):
        return GENERIC
    return redact_line(line)


def redact_line(line: str) -> str:
    line = _PATH.sub(lambda m: f"…/{m.group(1)}" if m.group(1) else "…", line)
    line = _WORKER_IN_PARENS.sub("", line)
    return _WORKER.sub("its worker", line)


def redact_value(value):
    """`redact_line` applied to every string inside a JSON value (a run's config, a version's
    metrics)."""
    if isinstance(value, str):
        return redact_line(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return value
