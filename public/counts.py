"""What the public pages count in a published snapshot: its indicators by status, as their rows read
(a final year not reported apart from 暂无数据), for one year and year by year for the chart."""

from collections import Counter

from django.utils import translation

from indicators.attainment import STATUS_LABELS, Status

from .snapshot import LANGUAGE

# The order statuses are counted and charted in, best first.
STATUS_ORDER = [
    Status.MET,
    Status.ON_TRACK,
    Status.DONE,
    Status.IN_PROGRESS,
    Status.BEHIND,
    Status.REGRESSING,
    Status.NOT_MET,
    Status.NOT_DONE,
    Status.NO_DATA,
    Status.NOT_ASSESSABLE,
]


def outcome_of(row: dict) -> tuple[str, str]:
    """What a snapshot's indicator row is counted as: its status and the words it prints, so that a
    final year not reported (2025年数据未报, `indicators.verdicts.Outcome`) is counted as it reads, in the
    colour of 暂无数据 but apart from it."""
    return row["status"], row["label"]


def _outcome_order(outcome: tuple[str, str]):
    """By status; a status's own words (暂无数据) before other words of it (2025年数据未报)."""
    status, label = Status(outcome[0]), outcome[1]
    with translation.override(LANGUAGE):  # the snapshot's words
        return STATUS_ORDER.index(status), label != str(STATUS_LABELS[status]), label


def outcomes_of(snapshots) -> list[tuple[str, str]]:
    """The (status, label) the rows of `snapshots` are counted as, in the order of `STATUS_ORDER`."""
    return sorted(
        {outcome_of(row) for snapshot in snapshots for row in snapshot["indicators"]}, key=_outcome_order
    )


def status_counts(snapshot: dict) -> list[dict]:
    counts = Counter(outcome_of(row) for row in snapshot["indicators"])
    return [
        {"code": status, "label": label, "count": counts[status, label]}
        for status, label in outcomes_of([snapshot])
    ]


def by_year(years) -> tuple[list, dict]:
    """Each published year with its counts (in the order of the outcomes any year has), and the
    chart's data of them."""
    charted = outcomes_of(p.snapshot for p in years)
    history = [
        (p, [sum(outcome_of(row) == outcome for row in p.snapshot["indicators"]) for outcome in charted])
        for p in years
    ]
    chart = {
        "years": [p.year for p in years],
        "statuses": [
            {"code": status, "label": label, "counts": [c[i] for _p, c in history]}
            for i, (status, label) in enumerate(charted)
        ],
    }
    return history, chart
