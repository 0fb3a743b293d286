"""How an import reports what is wrong: every problem at once, one per bad row or field
(`manifest.jsonl:12.image`, `train.json[3].generations[1]`), and nothing written."""

import re

from ..errors import Problem, Refused

# "manifest.jsonl:12.image", "train.json[3].generations[1]", "archive:images/a.png"
_ROW = re.compile(r"^(?P<file>[^:\[\]]+?)(?::(?P<line>\d+)|\[(?P<index>\d+)\])(?:\.(?P<field>.+))?$")


class Problems(list):
    def add(self, where: str, rule: str, message: str) -> None:
        self.append(Problem(where, rule, message))


def refuse(problems) -> None:
    n = len(problems)
    raise Refused(
        problems,
        detail=f"Import refused: {n} problem{'s' if n != 1 else ''}, nothing was imported. "
        + "; ".join(f"{p.field}: {p.message}" for p in problems[:20])
        + ("; ..." if n > 20 else ""),
    )


def as_row(problem: Problem) -> dict:
    """A problem as a row of the bad-rows table: the file and line (a JSONL line, or the index
    of a reference record) it is on, the field within the row, the rule and the message. A
    problem of the whole import (an option, the archive) has no file or line."""
    row = {"file": "", "line": None, "field": problem.field, "rule": problem.rule, "message": problem.message}
    if problem.field.startswith("archive:"):
        row.update(file=problem.field.removeprefix("archive:"), field="archive")
    elif match := _ROW.match(problem.field):
        line = match["line"] if match["line"] is not None else match["index"]
        row.update(file=match["file"], line=int(line), field=match["field"] or "")
    return row
