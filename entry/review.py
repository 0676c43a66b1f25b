"""The review queue: records of every kind that a reviewer may see, filtered, as one sequence."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.kinds import KINDS
from indicators.models import ReviewState
from operations.params import id_param, parse_year

# The states the review page lists; submitted records are what waits.
REVIEW_STATES = (ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.APPROVED)


@dataclass(frozen=True)
class ReviewFilters:
    """What the review page is asked to show (`?year=&plan=&unit=&state=&warning=1`); anything that
    does not read is ignored."""

    year: int | None = None
    plan: int | None = None
    unit: int | None = None
    state: str = ReviewState.SUBMITTED
    warning: bool = False

    @classmethod
    def from_query(cls, query, *, default_year=None) -> ReviewFilters:
        """`default_year`: the year shown when the query names none (the open reporting round's);
        an empty `?year=` asks for every year."""
        state = query.get("state") or ReviewState.SUBMITTED
        return cls(
            year=parse_year(query.get("year")) if "year" in query else default_year,
            plan=id_param(query, "plan"),
            unit=id_param(query, "unit"),
            state=state if state in REVIEW_STATES else ReviewState.SUBMITTED,
            warning=query.get("warning") == "1",
        )

    def apply(self, records):
        model = records.model
        records = records.filter(state=self.state)
        if self.year is not None:
            records = records.filter(year=self.year)
        if self.plan is not None:
            records = records.filter(**{model.plan_path(): self.plan})
        if self.unit is not None:
            subjects = model.subject_model().objects.filter(units=self.unit).values("pk")
            records = records.filter(**{f"{model.SUBJECT_FIELD}__in": subjects})
        if self.warning:
            # Only figures earn warnings (`plausibility`): progress records have none.
            records = records.exclude(warning="") if "warning" in model.DERIVED_FIELDS else records.none()
        return records


def _queue(user, model, filters):
    records = filters.apply(model.objects.visible_to(user))
    return records.with_subject().prefetch_related("reported_by__units").order_by("year", "pk")


class ReviewQueue:
    """What waits for this reviewer (or what `filters` asks for): records of every kind in their
    jurisdiction and below, values first, then task and project progress, as one sequence a
    `Paginator` can slice: a page costs one COUNT per kind and the queries of each kind it reaches,
    whatever the size of the queue."""

    def __init__(self, user, filters: ReviewFilters | None = None):
        self.user = user
        self.filters = filters or ReviewFilters()
        self._counts = None

    def counts(self) -> dict[type, int]:
        if self._counts is None:
            self._counts = {kind.model: _queue(self.user, kind.model, self.filters).count() for kind in KINDS}
        return self._counts

    def __len__(self):
        return sum(self.counts().values())

    def __getitem__(self, items: slice) -> list:
        start, stop, _step = items.indices(len(self))
        found, offset = [], 0
        for model, count in self.counts().items():
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                found += list(_queue(self.user, model, self.filters)[low:high])
            offset += count
        return found


def previous_records(records) -> dict[tuple[str, int], object]:
    """{(kind, record pk): the record of the same subject a year earlier} for `records`, one query
    per kind among them."""
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    found = {}
    for model, of_kind in by_model.items():
        subject_id = f"{model.SUBJECT_FIELD}_id"
        earlier = model.objects.filter(
            **{f"{subject_id}__in": {getattr(r, subject_id) for r in of_kind}},
            year__in={r.year - 1 for r in of_kind},
        ).order_by()
        by_key = {(getattr(e, subject_id), e.year): e for e in earlier}
        for record in of_kind:
            previous = by_key.get((getattr(record, subject_id), record.year - 1))
            if previous is not None:
                found[(record.kind.key, record.pk)] = previous
    return found
