"""The kinds of yearly record, one descriptor each: what services, pages, templates, the admin, reports and
evidence read instead of naming IndicatorValue, TaskProgress and ProjectProgress.

One vocabulary: a kind is named by its `key` — "value" (an indicator's yearly value), "task" (a task's
progress), "project" (a key project's progress) — in URLs, form prefixes, review items and the pages'
element ids. The record model says what it reports on (`SUBJECT_FIELD`, `INPUT_FIELDS`); the
descriptor says how the rest of the site treats it. A new kind is a model (`ReviewedRecord`), its
foreign key on `Evidence`, and its descriptor in `KINDS`.

The descriptor names its model by label, as a ForeignKey does, so that the models themselves (and
Evidence's CHECK, built from the kinds' evidence fields) can read this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from django.apps import apps
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Input(StrEnum):
    """What a reporter writes for a record of the kind."""

    FIGURE = "figure"  # a figure (a status where the indicator is qualitative) and a note
    PROGRESS = "progress"  # a progress status and what was done


@dataclass(frozen=True, eq=False)
class RecordKind:
    """One kind of yearly record: how the services, pages, admin and evidence treat its records."""

    key: str  # "value", "task", "project"
    model_label: str  # "app_label.ModelName" of its records
    input: Input
    records_label: Promise  # the heading of its records (审核: 指标数值)
    subjects_label: Promise  # what its records are of, as the 填报 page's part heading (指标)
    evidence_field: str  # the foreign key of `Evidence` to its records

    def __str__(self):
        return self.key

    @cached_property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def subject_model(self):
        return self.model.subject_model()

    @property
    def figures(self) -> bool:
        return self.input == Input.FIGURE

    @cached_property
    def row_type(self) -> type[RecordRow]:
        """The services' row of this kind: `ValueRow(indicator, 2024, value="38")`."""
        return type(f"{self.key.title()}Row", (RecordRow,), {"__slots__": (), "kind": self})

    @property
    def evidence_path(self) -> str:
        """From an evidence file through its record to the record's plan (what permission checks read)."""
        return f"{self.evidence_field}__{self.model.plan_path()}"


@dataclass(slots=True)
class RecordRow:
    """A record to write: its subject and year, the input as typed, and the version of the record the
    writer saw (None: not checked; 0: there was none). Each kind has its own row type
    (`RecordKind.row_type`), which says which kind of record."""

    kind: ClassVar[RecordKind]

    subject: object
    year: int
    value: object = None  # the figure as typed (indicator values of numeric indicators)
    status: str | None = ""
    note: str = ""
    version: int | None = None
    narrative: str = ""

    @property
    def model(self):
        return self.kind.model

    @property
    def wants_number(self) -> bool:
        """A figure kind takes a number unless its subject (an indicator) is entered as a status."""
        return self.kind.figures and self.subject.entered_as_figure

    def key(self) -> tuple[int, int]:
        return (self.subject.pk, self.year)


VALUE = RecordKind(
    "value",
    "indicators.IndicatorValue",
    Input.FIGURE,
    _("Indicator values"),
    _("Indicators"),
    "value",
)
TASK = RecordKind(
    "task", "indicators.TaskProgress", Input.PROGRESS, _("Task progress"), _("Tasks"), "task_progress"
)
PROJECT = RecordKind(
    "project",
    "indicators.ProjectProgress",
    Input.PROGRESS,
    _("Key project progress"),
    _("Key projects"),
    "project_progress",
)
# In the pages' order: values first, then task and project progress.
KINDS: tuple[RecordKind, ...] = (VALUE, TASK, PROJECT)
_BY_KEY = {kind.key: kind for kind in KINDS}


def kind_by_key(key) -> RecordKind | None:
    """The kind a URL, a form prefix or a review item names, or None."""
    return _BY_KEY.get(key)


def kind_of(model_or_record) -> RecordKind:
    """The kind of a record model, or of a record."""
    model = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    return next(kind for kind in KINDS if kind.model is model)


def kind_of_subject(subject) -> RecordKind:
    """The kind of record reported on `subject` (an indicator, a task, a key project)."""
    return next(kind for kind in KINDS if isinstance(subject, kind.subject_model))


def one_record_linked(fields) -> Q:
    """Exactly one of the foreign keys `fields` is set (Evidence's CHECK over the kinds' links)."""
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition
