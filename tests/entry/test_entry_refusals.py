"""A refusal of the 填报 page lands on the row it is about, although an indicator, a task and a project
may share an id (the rows were keyed by id alone, so a task's refusal showed on the indicator row)."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError

from entry.rows import _show_refusal
from indicators import services
from indicators.kinds import TASK, VALUE


class Form:
    def __init__(self):
        self.errors = []

    def add_error(self, field, error):
        self.errors.append(error)


def page_row(kind, pk):
    return SimpleNamespace(kind=kind, subject=SimpleNamespace(pk=pk), form=Form(), record=None)


def test_a_refusal_shows_on_the_row_of_its_kind_when_ids_are_shared():
    indicator_row, task_row = page_row(VALUE, 7), page_row(TASK, 7)
    refused_task = TASK.row_type(SimpleNamespace(pk=7), 2025)
    change = services.RecordChange(refused_task, None, error="too_precise")
    change.detail = ValidationError("最多保留3位小数", code="too_precise")
    _show_refusal([task_row, indicator_row], SimpleNamespace(changes=[change]), data={})
    assert indicator_row.form.errors == []
    assert [error.messages for error in task_row.form.errors] == [["最多保留3位小数"]]
