"""The one parser of query and form parameters: ASCII digits within a database integer, known choices,
and never an exception, whatever is sent."""

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import example, given
from hypothesis import strategies as st

from indicators.years import year_param
from operations.params import (
    MAX_ID,
    ModelIdChoiceField,
    id_param,
    int_param,
    page_param,
    sort_param,
    whole_number,
)
from plans.models import Plan
from tests.factories import PlanFactory


def query(text):
    return QueryDict(text)


@pytest.mark.parametrize("raw", ["42", " 42 ", "0042"])
def test_ascii_digits_are_a_number(raw):
    assert whole_number(raw) == 42


@pytest.mark.parametrize(
    "raw",
    ["²⁰²⁴", "２０２４", "٤٢", "-1", "+1", "1.5", "1e3", "4 2", "", "   ", "x", "\x00", None, 42, ["42"]],
)
def test_anything_but_ascii_digits_is_no_number(raw):
    assert whole_number(raw) is None


def test_a_number_beyond_a_database_integer_is_no_number():
    assert whole_number("9" * 23) is None
    assert whole_number("9" * 18) == 10**18 - 1
    assert whole_number(str(MAX_ID)) is None  # 19 digits: refused before `int()` reads them


def test_bounds_are_kept():
    assert whole_number("0", minimum=1) is None
    assert whole_number("101", maximum=100) is None


def test_int_param_reads_the_last_of_repeated_values_and_falls_back_to_the_default():
    assert int_param(query("n=1&n=2"), "n") == 2
    assert int_param(query("n=²"), "n", default=7) == 7
    assert int_param(query(""), "n") is None


def test_id_param_is_a_positive_id():
    assert id_param(query("plan=12"), "plan") == 12
    assert id_param(query("plan=0"), "plan") is None
    assert id_param(query(f"plan={'9' * 23}"), "plan") is None


@pytest.mark.parametrize("raw", ["0", "-1", "２", "abc", "", "1.5"])
def test_a_page_that_is_no_page_number_is_the_first(raw):
    assert page_param(query(f"page={raw}")) == 1


def test_a_large_page_number_is_kept_for_the_paginator_to_clamp():
    assert page_param(query("wpage=3"), "wpage") == 3
    assert page_param(query(f"page={'9' * 18}")) == 10**18 - 1


@pytest.mark.parametrize(("raw", "expected"), [("name", "name"), ("-name", "-name")])
def test_sort_param_keeps_a_known_key_in_either_direction(raw, expected):
    assert sort_param(query(f"sort={raw}"), "sort", {"name": None}) == expected


@pytest.mark.parametrize("raw", ["__class__", "-__class__", "--name", "-", "", "name%00"])
def test_sort_param_drops_anything_else(raw):
    assert sort_param(query(f"sort={raw}"), "sort", {"name": None}) == ""


@pytest.mark.django_db
def test_year_param_reads_the_first_source_that_names_a_year(world):
    user = world.users["leader"]
    assert year_param(user, query(""), query("year=2023")) == 2023
    assert year_param(user, query("year=2022"), query("year=2023")) == 2022


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["²⁰²⁴", "２０２４", "9" * 23, "-1"])
def test_year_param_of_no_year_is_the_default_year(world, raw):
    user = world.users["leader"]
    assert year_param(user, query(f"year={raw}")) == year_param(user, query(""))


class PlanForm(forms.Form):
    plan = ModelIdChoiceField(queryset=Plan.objects.all())


@pytest.mark.django_db
def test_a_model_choice_is_read_from_ascii_digits_only():
    plan = PlanFactory()
    full_width = str(plan.pk).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert PlanForm({"plan": str(plan.pk)}).is_valid()
    for raw in (full_width, "9" * 23, "0", "-1", "x"):
        form = PlanForm({"plan": raw})
        assert not form.is_valid() and form.errors["plan"], raw


@given(st.one_of(st.text(), st.none(), st.integers(), st.lists(st.text(max_size=3), max_size=2)))
@example("²⁰²⁴")
@example("9" * 23)
def test_whole_number_never_raises_and_answers_a_bounded_int_or_none(raw):
    number = whole_number(raw)
    assert number is None or (isinstance(number, int) and 0 <= number <= MAX_ID)


@given(st.text())
def test_the_parameter_readers_never_raise(raw):
    params = QueryDict(mutable=True)
    for name in ("n", "page", "sort", "format"):
        params[name] = raw
    number, text = int_param(params, "n"), raw.strip()
    assert number is None or (text.isascii() and text.isdigit() and number == int(text))
    assert page_param(params) >= 1
    assert sort_param(params, "sort", {"name": None}) in ("", "name", "-name")
