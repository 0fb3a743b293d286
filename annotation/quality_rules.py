"""Outlier rules: which annotators a quality inspector should look at, and why. Each rule
compares one figure of an annotator with the project's (or with a bar the project sets) and,
when it fires, adds a flag that names it:

- `median_time`: their median time per group is under MEDIAN_TIME_SHARE of the project's
  (clicking through);
- `tie_rate`: they tie more than TIE_RATE_MARGIN above the project's tie rate, and at least
  twice as often;
- `flag_rate`: they flag images more than FLAG_RATE_MARGIN above the project's rate, and at
  least twice as often;
- `straight_lining`: at least STRAIGHT_LINING_SHARE of their annotations give every image the
  same rating in every dimension;
- `agreement`: their agreement with the majority of the other annotators is under the
  project's `agreement_bar`, or, without a bar, AGREEMENT_MARGIN under the project's own;
- `gold_accuracy`: their rolling gold accuracy (last `gold_window` gold groups) is under the
  project's `gold_accuracy_bar`, or, without a bar, GOLD_MARGIN under the project's.

Rules need evidence first (MIN_ANNOTATIONS annotations, MIN_VOTES majority votes, MIN_GOLD gold
annotations), so a newcomer's first groups raise nothing. Only the two bars pause annotators
(services/quality.py); the other flags send their work to the review queue."""

MIN_ANNOTATIONS = 5
MIN_VOTES = 20
MIN_GOLD = 3
MEDIAN_TIME_SHARE = 0.5
TIE_RATE_MARGIN = 0.2
FLAG_RATE_MARGIN = 0.1
STRAIGHT_LINING_SHARE = 0.5
AGREEMENT_MARGIN = 0.15
GOLD_MARGIN = 0.2

# The rules whose project bar pauses an annotator (and the bar's setting).
PAUSING_RULES = {"agreement": "agreement_bar", "gold_accuracy": "gold_accuracy_bar"}


def flag_outliers(figures: dict, *, project) -> None:
    """Add `flags` (a list of {rule, value, reference, message, pauses}) to every annotator row."""
    reference = figures["project_habits"]
    reference_gold = figures["gold"]["accuracy"]
    for row in figures["annotators"]:
        row["flags"] = [flag for flag in _flags(row, reference, reference_gold, project) if flag]


def _flags(row, reference, reference_gold, project):
    enough = row["annotations"] >= MIN_ANNOTATIONS
    time, project_time = row["median_time_spent_ms"], reference["median_time_spent_ms"]
    if enough and time is not None and project_time and time < MEDIAN_TIME_SHARE * project_time:
        yield _flag(
            "median_time",
            time,
            project_time,
            f"median time per group {time / 1000:.1f} s, project {project_time / 1000:.1f} s",
        )
    for rule, margin in (("tie_rate", TIE_RATE_MARGIN), ("flag_rate", FLAG_RATE_MARGIN)):
        value, ref = row[rule], reference[rule] or 0.0
        if enough and value is not None and value > ref + margin and value >= 2 * ref:
            yield _flag(rule, value, ref, f"{rule.replace('_', ' ')} {value:.0%}, project {ref:.0%}")
    if enough and row["straight_lining"] is not None and row["straight_lining"] >= STRAIGHT_LINING_SHARE:
        yield _flag(
            "straight_lining",
            row["straight_lining"],
            STRAIGHT_LINING_SHARE,
            f"{row['straight_lining']:.0%} of annotations give every image the same ratings",
        )
    agreement = row["majority_agreement"]
    if row["majority_votes"] >= MIN_VOTES and agreement is not None:
        bar = project.agreement_bar
        ref = bar if bar is not None else _minus(reference["majority_agreement"], AGREEMENT_MARGIN)
        if ref is not None and agreement < ref:
            yield _flag(
                "agreement",
                agreement,
                ref,
                f"agreement with the majority {agreement:.0%}, "
                + (f"project bar {bar:.0%}" if bar is not None else f"project {reference['majority_agreement']:.0%}"),
                pauses=bar is not None,
            )
    gold = row["rolling_gold_accuracy"]
    if row["rolling_gold_annotations"] >= MIN_GOLD and gold is not None:
        bar = project.gold_accuracy_bar
        ref = bar if bar is not None else _minus(reference_gold, GOLD_MARGIN)
        if ref is not None and gold < ref:
            yield _flag(
                "gold_accuracy",
                gold,
                ref,
                f"gold accuracy {gold:.0%} over the last {row['rolling_gold_annotations']} gold groups, "
                + (f"project bar {bar:.0%}" if bar is not None else f"project {reference_gold:.0%}"),
                pauses=bar is not None,
            )


def _minus(value, margin):
    return None if value is None else value - margin


def _flag(rule, value, reference, message, *, pauses=False):
    return {"rule": rule, "value": float(value), "reference": float(reference), "message": message, "pauses": pauses}
