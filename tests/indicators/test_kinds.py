"""The record-kind registry (`indicators.kinds`): every kind is found by its key, model and subject, every
consumer of the registry covers every kind, and a new kind needs nothing but its descriptor over its
model (and its link on Evidence)."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.roles import RECORD_MODEL_LABELS, ROLE_PERMISSIONS, Role
from entry.forms import ProgressRowForm, RowForm, ValueRowForm, row_form
from indicators import services
from indicators.admin import RecordAdmin
from indicators.evidence import evidence_for_records
from indicators.evidence_model import Evidence
from indicators.kinds import (
    KINDS,
    Input,
    RecordKind,
    kind_by_key,
    kind_of,
    kind_of_subject,
    one_record_linked,
)
from indicators.models import ReviewedRecord, TaskProgress
from tests.factories import (
    IndicatorValueFactory,
    KeyProjectFactory,
    ProjectProgressFactory,
    TaskFactory,
    TaskProgressFactory,
    UserFactory,
)

EVERY_KIND = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)


def test_the_kinds_share_one_vocabulary_of_keys():
    assert [kind.key for kind in KINDS] == ["value", "task", "project"]


@EVERY_KIND
def test_a_kind_is_found_by_its_key_its_model_its_records_and_its_subjects(kind):
    assert kind_by_key(kind.key) is kind
    assert kind_of(kind.model) is kind
    assert kind_of(kind.model()).key == kind.key
    assert kind_of_subject(kind.subject_model()) is kind
    assert issubclass(kind.model, ReviewedRecord)


def test_an_unknown_key_names_no_kind():
    assert kind_by_key("indicators") is None and kind_by_key("") is None


@EVERY_KIND
def test_each_kind_has_its_own_row_type_for_the_services(kind):
    row = kind.row_type(kind.subject_model(), 2024)
    assert row.kind is kind and row.model is kind.model
    assert len({kind.row_type for kind in KINDS}) == len(KINDS)


@EVERY_KIND
def test_every_consumer_covers_every_kind(kind):
    link = Evidence._meta.get_field(kind.evidence_field)
    assert link.related_model is kind.model  # evidence
    assert isinstance(admin.site._registry[kind.model], RecordAdmin)  # the admin
    assert issubclass(row_form(kind), RowForm)  # the 填报 page
    assert kind.model._meta.label_lower in RECORD_MODEL_LABELS  # the roles' model permissions
    meta = kind.model._meta
    assert f"{meta.app_label}.add_{meta.model_name}" in ROLE_PERMISSIONS[Role.REPORTER]
    for label in (kind.records_label, kind.subjects_label):  # the pages' headings, in Chinese
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            assert str(label) != english


def test_the_form_is_chosen_by_what_the_kind_takes():
    assert [row_form(kind) for kind in KINDS] == [ValueRowForm, ProgressRowForm, ProgressRowForm]


def test_evidence_must_belong_to_exactly_one_record_of_the_kinds_links():
    [check] = [c for c in Evidence._meta.constraints if c.name == "evidence_belongs_to_one_record"]
    assert check.condition == one_record_linked([kind.evidence_field for kind in KINDS])


@pytest.mark.django_db
def test_the_database_refuses_evidence_linked_to_two_records(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    progress = TaskProgressFactory(task=TaskFactory(section__chapter__plan=world.plan), year=2022)
    user = UserFactory()
    fields = {"year": 2022, "size": 1, "sha256": "0" * 64, "uploaded_by": user, "file": "evidence/x.pdf"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(value=value, task_progress=progress, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(**fields)


@pytest.mark.django_db
def test_evidence_of_records_of_every_kind_is_found_by_kind_and_id(world):
    records = [
        IndicatorValueFactory(indicator=world.indicator, year=2022, value=38),
        TaskProgressFactory(task=TaskFactory(section__chapter__plan=world.plan), year=2022),
        ProjectProgressFactory(project=KeyProjectFactory(box__plan=world.plan), year=2022),
    ]
    user = UserFactory()
    for record in records:
        Evidence.objects.create(
            **{record.kind.evidence_field: record},
            year=2022,
            size=1,
            sha256="0" * 64,
            uploaded_by=user,
            file=f"evidence/{record.kind.key}.pdf",
        )
    found = evidence_for_records(records)
    assert {key: [e.record for e in files] for key, files in found.items()} == {
        (record.kind.key, record.pk): [record] for record in records
    }


# --- a fourth kind: its descriptor over its model is all the generic code needs ---------------------


THROWAWAY = RecordKind(
    "trial", "indicators.TaskProgress", Input.PROGRESS, "Trials", "Trial subjects", "trial_progress"
)


def test_a_new_kind_gets_its_row_type_form_and_evidence_check_from_its_descriptor():
    assert THROWAWAY.row_type.__name__ == "TrialRow" and THROWAWAY.row_type.kind is THROWAWAY
    assert row_form(THROWAWAY) is ProgressRowForm
    fields = [*(kind.evidence_field for kind in KINDS), THROWAWAY.evidence_field]
    # One alternative per link: that link set, every other one empty.
    assert [dict(q.children) for q in one_record_linked(fields).children][-1] == {
        "value__isnull": True,
        "task_progress__isnull": True,
        "project_progress__isnull": True,
        "trial_progress__isnull": False,
    }


@pytest.mark.django_db
def test_the_services_write_a_new_kinds_rows_through_its_descriptor(world):
    """The write path reads the model from the row's kind: a throwaway kind over the task progress
    model is checked and written like any other, with no code of its own."""
    task = TaskFactory(section__chapter__plan=world.plan)
    task.responsibilities.create(unit=world.own_unit, role="lead", order=1)
    row = THROWAWAY.row_type(task, 2022, status="in_progress", narrative="推进中")
    [change] = services.records_save_many(user=world.users["reporter_own"], rows=[row])
    assert change.outcome == services.NEW
    record = TaskProgress.objects.get(task=task, year=2022)
    assert (record.status, record.narrative, record.state) == ("in_progress", "推进中", "draft")
