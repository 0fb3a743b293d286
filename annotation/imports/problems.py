"""How an import reports what is wrong: every problem at once, one per bad row or field
(`manifest.jsonl:12.image`, `train.json[3].generations[1]`), and nothing written."""

from ..errors import Problem, Refused


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
