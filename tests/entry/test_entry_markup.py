"""The 填报 page's markup stays light: widgets written in Python give Django's own markup, a row weighs
under 650 bytes, the phone layout's column names are set once per table, every input is named."""

import re

import lxml.html
import pytest
from django import forms
from django.urls import reverse

from dashboard.templatetags.dashboard import css_string
from entry import widgets
from plans.models import TaskResponsibility
from tests.factories import SectionFactory, TaskFactory

pytestmark = pytest.mark.django_db

STOCK = {
    widgets.TextInput: forms.TextInput(
        attrs={"class": "num", "inputmode": "decimal", "aria-labelledby": "a b"}
    ),
    widgets.HiddenInput: forms.HiddenInput(),
    widgets.FileInput: forms.FileInput(attrs={"accept": ".pdf,.ofd"}),
    widgets.Textarea: forms.Textarea(attrs={"rows": 1, "maxlength": 2000}),
    widgets.Select: forms.Select(choices=[("", "—"), ("done", "已完成"), ("in_progress", "推进中<&>")]),
}
VALUES = [None, "", "38.5", '"<b>&', "\n第一行\n第二行", "done", 7]


def _as_parsed(html):
    """What a browser builds of `html` (end tags HTML implies filled in), without whitespace between tags."""
    element = lxml.html.fragment_fromstring(re.sub(r">\s+<", "><", str(html).strip()))
    return lxml.html.tostring(element, encoding=str)


@pytest.mark.parametrize("lean", list(STOCK))
@pytest.mark.parametrize("value", VALUES)
def test_lean_widgets_write_djangos_markup(lean, value):
    stock = STOCK[lean]
    mine = lean(attrs=stock.attrs)
    if isinstance(stock, forms.Select):
        mine.choices = stock.choices
    expected = stock.render("row1-value", value, attrs={"required": True, "disabled": False})
    written = mine.render("row1-value", value, attrs={"required": True, "disabled": False})
    assert _as_parsed(written) == _as_parsed(expected)


def test_a_textareas_own_first_line_break_survives():
    html = widgets.Textarea().render("note", "\n第二行")
    assert html.endswith(">\n\n第二行</textarea>")


def test_css_string_quotes_what_would_end_the_string():
    assert css_string("2025年数值") == '"2025年数值"'
    assert css_string("a\"b'c\\d\ne") == '"a\\22 b\\27 c\\5c d\\a e"'


def _tasks(world, count):
    section = SectionFactory(chapter__plan=world.plan)
    for order in range(count):
        task = TaskFactory(section=section, order=order + 1, title=f"加强建设用地准入管理{order}")
        TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)


def _page(client, world):
    client.force_login(world.users["reporter_own"])
    return client.get(reverse("entry:entry") + "?year=2022").content.decode()


def test_a_row_weighs_under_650_bytes(client, world):
    """An editable task row: its title, units, state, status, progress and file (it was 1.3 KB, then
    820 bytes with a hidden version, the file types and a paste marker of its own)."""
    _tasks(world, 10)
    ten = len(_page(client, world).encode())
    _tasks(world, 20)
    thirty = len(_page(client, world).encode())
    assert (thirty - ten) / 20 < 650


def test_column_names_for_the_phone_are_set_once_per_table(client, world):
    _tasks(world, 3)
    html = _page(client, world)
    assert "data-label" not in html
    tables = re.findall(r'<table class="entry-table" style="([^"]*)"', html)
    assert len(tables) == 2  # the indicators and the tasks
    assert "--c6:&quot;2022年数值&quot;" in tables[0] and "--c4:&quot;2022年状态&quot;" in tables[1]


def test_every_input_is_named_by_its_row_title_and_a_column_name_on_the_page(client, world):
    _tasks(world, 3)
    html = _page(client, world)
    ids = set(re.findall(r' id="([^"]+)"', html))
    controls = re.findall(
        r'<(?:input type="(?:text|file)"|select|textarea) name="(?:value|task)\d+-[^>]*>', html
    )
    assert len(controls) == 3 + 3 * 3  # the indicator's figure, note and file; each task's three
    for control in controls:
        prefix = re.search(r'name="(\w+)-', control).group(1)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', control).group(1).split()
        assert len(labelled_by) == 2 and labelled_by[0] == prefix and set(labelled_by) <= ids, control
        assert f'<td id="{prefix}" data-row=' in html  # the row's title cell
