"""Task and key-project progress over a plan's period: completion is cumulative.

A task or key project approved as 已完成 in some year counts as completed from that year on, whatever
is (or is not) reported for later years; before that, its status for a year is the one approved for
that year. The dashboard's plan page, the spreadsheets and the evaluation report read progress here
and nowhere else, so they count the same tasks as completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ProgressStatus


@dataclass
class Completion:
    """One task's or key project's progress up to a year (approved records only)."""

    statuses: dict[int, str] = field(default_factory=dict)  # year → status in force, 已完成 carried on
    done_year: int | None = None  # the first year approved as 已完成
    narrative: str = ""  # of the year asked for, else the latest reported before it
    narrative_year: int | None = None  # the year of `narrative`
    narrative_demo: bool = False  # `narrative` is a demo record's
    demo: bool = False  # an approved record it reads is demo data

    def status(self, year: int) -> str:
        """The status in force for `year` ("" when none is approved)."""
        return self.statuses.get(year, "")

    def label(self, year: int) -> str:
        """The status in force for `year` as printed: 已完成 says since when ("2022年已完成")."""
        status = self.status(year)
        if status == ProgressStatus.DONE:
            return _("completed in %(year)s") % {"year": self.done_year}
        return str(ProgressStatus(status).label) if status else ""


NOTHING = Completion()


def progress_completion(model, *, plan_ids, year: int) -> dict[int, Completion]:
    """{subject id: Completion} of the tasks (`TaskProgress`) or key projects (`ProjectProgress`) of the
    plans, over their years up to `year`; subjects without an approved record are left out (`NOTHING`).
    One query."""
    subject_id = f"{model.SUBJECT_FIELD}_id"
    records = (
        model.objects.approved()
        .filter(**{f"{model.plan_path()}__in": plan_ids, "year__lte": year})
        .order_by(subject_id, "year")
        .values_list(subject_id, "year", "status", "narrative", "is_demo")
    )
    found: dict[int, Completion] = {}
    narratives: dict[int, dict[int, tuple[str, bool]]] = {}
    for pk, record_year, status, narrative, is_demo in records:
        completion = found.setdefault(pk, Completion())
        if narrative:
            narratives.setdefault(pk, {})[record_year] = (narrative, is_demo)
        completion.demo = completion.demo or is_demo
        if completion.done_year is not None:
            continue  # completed earlier: later reports do not undo it
        completion.statuses[record_year] = status
        if status == ProgressStatus.DONE:
            completion.done_year = record_year
    for pk, completion in found.items():
        if completion.done_year is not None:
            for done in range(completion.done_year, year + 1):
                completion.statuses[done] = ProgressStatus.DONE
        if written := narratives.get(pk):
            completion.narrative_year = year if year in written else max(written)
            completion.narrative, completion.narrative_demo = written[completion.narrative_year]
    return found
