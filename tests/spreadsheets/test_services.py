"""Importing yearly values: every row error at once, nothing written on any, drafts with history."""

import datetime
from decimal import Decimal

import pytest

from indicators import services
from indicators.models import Indicator, IndicatorValue, ReviewState
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.formats.template_xlsx import build_template, read_template
from spreadsheets.selectors import template_rows
from spreadsheets.services import ImportRefused, import_apply, import_check
from tests.factories import ContinuingIndicatorFactory, IndicatorFactory, IndicatorValueFactory
from tests.number_cases import ACCEPTED, DECIMAL_COMMA_MESSAGE, REFUSED

pytestmark = pytest.mark.django_db


CURRENT = object()  # the version a template downloaded now carries: the record's, 0 without one


def line(indicator, value, *, year=2022, row_number=4, version=CURRENT, note="", name=None):
    if version is CURRENT:
        record = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
        version = record.version if record else 0
    return TemplateRow(
        row_number,
        indicator.pk,
        version,
        year,
        indicator.name if name is None else name,
        indicator.unit,
        value=value,
        note=note,
    )


def reporter(world):
    return world.users["reporter_own"]


def percent_indicator(world, **kwargs):
    indicator = IndicatorFactory(
        plan=world.plan,
        box=world.indicator.box,
        name="空气质量优良天数比例",
        unit="%",
        baseline_text="88",
        baseline_value=88,
        target_text="90",
        target_value=90,
        direction="higher_is_better",
        key="good_air_days_ratio",
        **kwargs,
    )
    indicator.units.add(world.own_unit)
    return indicator


def codes(check):
    return [(error.row_number, error.code) for error in check.errors]


def test_new_value_is_saved_as_a_draft_by_the_importer(world):
    import_apply(user=reporter(world), rows=[line(world.indicator, 38.5)])
    value = IndicatorValue.objects.get()
    assert (float(value.value), value.state, value.reported_by, value.version) == (
        38.5,
        ReviewState.DRAFT,
        reporter(world),
        1,
    )


def test_import_is_in_the_history_as_imported_by_the_importer(world):
    import_apply(user=reporter(world), rows=[line(world.indicator, 38.5)])
    [history] = IndicatorValue.history.all()
    assert (history.history_change_reason, history.history_user) == ("表格导入", reporter(world))


def test_changed_draft_gets_a_new_version_and_a_history_row(world):
    value = services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="40")
    import_apply(user=reporter(world), rows=[line(world.indicator, 39, version=value.version)])
    value.refresh_from_db()
    assert (value.value, value.version) == (39, 2)
    assert (
        list(value.history.values_list("history_change_reason", flat=True).order_by("history_date"))[-1]
        == "表格导入"
    )


def test_check_reports_new_changed_and_unchanged_rows(world):
    other = percent_indicator(world)
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="40")
    services.value_save(user=reporter(world), indicator=world.indicator, year=2023, value="37")
    check = import_check(
        user=reporter(world),
        rows=[
            line(world.indicator, 40, row_number=4),
            line(world.indicator, 36, year=2023, row_number=5),
            line(other, 89, row_number=6),
        ],
    )
    assert [(c.row_number, c.outcome) for c in check.changes] == [
        (4, "unchanged"),
        (5, "changed"),
        (6, "new"),
    ]
    assert IndicatorValue.objects.count() == 2


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(world):
    percent = percent_indicator(world)
    foreign = IndicatorFactory(plan=world.plan, box=world.indicator.box)
    foreign.units.add(world.other_unit)
    rows = [
        line(world.indicator, 38, row_number=4),  # good
        TemplateRow(5, 999999, None, 2022, "不存在的指标", "", value=1),
        line(world.indicator, 38, year=2026, row_number=6),
        line(world.indicator, "三十八", year=2023, row_number=7),
        line(percent, 101, row_number=8),
        line(world.indicator, 37, row_number=9),  # same indicator and year as row 4
        line(foreign, 12, row_number=10),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=rows)
    assert codes(refused.value.check) == [
        (5, "unknown_indicator"),
        (6, "year"),
        (7, "not_a_number"),
        (8, "percentage"),
        (9, "duplicate"),
        (10, "not_yours"),
    ]
    assert not IndicatorValue.objects.exists()


def test_error_messages_name_the_row(world):
    check = import_check(user=reporter(world), rows=[line(world.indicator, "abc", row_number=12)])
    assert "12" in check.errors[0].message


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_a_changed_locked_value_is_refused(world, state):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state=state)
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=[line(world.indicator, 39)])
    assert codes(refused.value.check) == [(4, "locked")]
    assert IndicatorValue.objects.get().value == 40


def test_an_unchanged_locked_value_is_not_an_error(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state=ReviewState.APPROVED)
    check = import_check(user=reporter(world), rows=[line(world.indicator, 40)])
    assert check.ok and check.changes[0].outcome == "unchanged"


def test_a_value_changed_since_the_template_was_downloaded_is_a_conflict(world):
    value = services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="40")
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="41", version=1)
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=[line(world.indicator, 39, version=value.version)])
    assert codes(refused.value.check) == [(4, "conflict")]


def test_an_empty_value_cell_changes_nothing(world):
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="40")
    check = import_apply(user=reporter(world), rows=[line(world.indicator, None)])
    assert check.writes == []
    assert IndicatorValue.objects.get().value == 40


def test_an_edited_indicator_name_is_refused_as_unknown(world):
    check = import_check(user=reporter(world), rows=[line(world.indicator, 38, name="别的指标")])
    assert codes(check) == [(4, "unknown_indicator")]


def test_a_qualitative_indicator_takes_a_status_word(world):
    goal = IndicatorFactory(
        plan=world.plan,
        box=world.indicator.box,
        direction="qualitative",
        unit="",
        baseline_text="--",
        baseline_value=None,
        target_text="完成市级下达任务",
        target_value=None,
    )
    goal.units.add(world.own_unit)
    import_apply(user=reporter(world), rows=[line(goal, "推进中")])
    assert IndicatorValue.objects.get().status == "in_progress"


def test_a_qualitative_indicator_refuses_a_number(world):
    goal = IndicatorFactory(plan=world.plan, box=world.indicator.box, qualitative=True)
    goal.units.add(world.own_unit)
    assert codes(import_check(user=reporter(world), rows=[line(goal, 5)])) == [(4, "status")]


def test_a_reviewer_may_not_import(world):
    check = import_check(user=world.users["reviewer"], rows=[line(world.indicator, 38)])
    assert codes(check) == [(4, "not_yours")]


def test_an_administrator_may_import_any_indicator(world):
    import_apply(user=world.users["admin"], rows=[line(world.indicator, 38)])
    assert IndicatorValue.objects.get().reported_by == world.users["admin"]


def test_read_errors_block_the_import(world):
    from spreadsheets.formats.rows import RowError

    with pytest.raises(ImportRefused):
        import_apply(
            user=reporter(world),
            rows=[line(world.indicator, 38, row_number=4)],
            read_errors=[RowError(5, "formula", "公式")],
        )
    assert not IndicatorValue.objects.exists()


def test_round_trip_of_a_plans_values_reports_no_change(world):
    percent = percent_indicator(world)
    services.value_save(user=reporter(world), indicator=world.indicator, year=2021, value="41.3", note="年报")
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38")
    approved = services.value_save(user=reporter(world), indicator=percent, year=2022, value="89.25")
    approved = services.record_submit(user=reporter(world), record=approved)
    services.record_approve(user=world.users["reviewer"], record=approved)
    indicators = world.plan.indicators.select_related("plan")
    content = build_template(template_rows(indicators=indicators, years=world.plan.years), title="往返")
    read = read_template(content)
    check = import_apply(user=reporter(world), rows=read.rows, read_errors=read.errors)
    assert check.ok
    assert (check.count("new"), check.count("changed"), check.count("unchanged")) == (0, 0, 3)
    assert IndicatorValue.history.count() == 5  # three saves, a submission and an approval; no import


def test_template_rows_carry_last_years_value_and_the_version(world):
    value = services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38")
    services.value_save(user=reporter(world), indicator=world.indicator, year=2023, value="36")
    [row] = template_rows(indicators=world.plan.indicators.select_related("plan"), years=[2023])
    assert (row.previous, row.value, row.version) == (value.value, 36, 1)


def test_template_for_the_first_year_shows_the_baseline_as_last_year(world):
    [row] = template_rows(indicators=world.plan.indicators.select_related("plan"), years=[2021])
    assert (row.previous, row.value, row.version) == (42, None, 0)


def test_check_does_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    rows = []
    for n in range(30):
        indicator = percent_indicator(world, seq=world.indicator.seq + 1 + n)
        rows.append(line(indicator, 80 + n / 10, row_number=4 + n))
    with django_assert_max_num_queries(5):
        check = import_check(user=reporter(world), rows=rows)
    assert check.count("new") == 30


def test_a_value_created_between_check_and_write_refuses_the_whole_import(world, monkeypatch):
    percent = percent_indicator(world)
    real_write = services._records_write

    def racing_write(changes, *, user, reason):
        IndicatorValueFactory(indicator=world.indicator, year=2022, value=50)  # somebody else, meanwhile
        real_write(changes, user=user, reason=reason)

    monkeypatch.setattr(services, "_records_write", racing_write)
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=[line(percent, 89, row_number=4), line(world.indicator, 38)])
    assert [e.code for e in refused.value.check.errors] == ["conflict"]
    assert not IndicatorValue.objects.filter(indicator=percent).exists()


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_import_reads_figures_like_the_page_and_the_api(world, raw, expected):
    import_apply(user=reporter(world), rows=[line(world.indicator, raw)])
    assert IndicatorValue.objects.get().value == expected


@pytest.mark.parametrize(("raw", "code"), REFUSED)
def test_import_refuses_figures_like_the_page_and_the_api(world, raw, code):
    assert codes(import_check(user=reporter(world), rows=[line(world.indicator, raw)])) == [(4, code)]


def test_import_says_a_comma_is_no_decimal_point(world):
    [error] = import_check(user=reporter(world), rows=[line(world.indicator, "12,0")]).errors
    assert DECIMAL_COMMA_MESSAGE in error.message


def test_import_records_a_plausibility_warning_on_the_value(world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state="approved")
    import_apply(user=reporter(world), rows=[line(world.indicator, 90)])
    assert "40" in IndicatorValue.objects.get(year=2022).warning


# --- two plans of different periods --------------------------------------------------------------


@pytest.fixture
def next_period(world):
    """宽城区's 十五五 plan (2026–2030, baseline 2025: 38) with the same unit's PM2.5."""
    return ContinuingIndicatorFactory(continues=world.indicator, baseline="38", target="28")


@pytest.mark.parametrize(("year", "plan"), [(2025, "current"), (2026, "next")])
def test_the_template_of_a_year_holds_the_rows_of_the_plan_covering_it(world, next_period, year, plan):
    indicators = Indicator.objects.filter(plan__jurisdiction=world.district).select_related("plan")
    [row] = template_rows(indicators=indicators, years=[year])
    assert row.indicator_id == {"current": world.indicator, "next": next_period}[plan].pk


def test_the_first_year_of_the_next_period_shows_its_own_baseline_as_last_year(world, next_period):
    [row] = template_rows(
        indicators=Indicator.objects.filter(pk=next_period.pk).select_related("plan"), years=[2026]
    )
    assert (row.previous, row.baseline) == (38, 38)


def test_a_next_period_row_for_a_year_of_the_previous_period_is_refused(world, next_period, today):
    today(datetime.date(2027, 3, 1))  # 2026 has ended
    check = import_check(user=reporter(world), rows=[line(next_period, 37, year=2025)])
    assert codes(check) == [(4, "year")]
    assert "2026—2030" in check.errors[0].message
    assert not import_check(user=reporter(world), rows=[line(next_period, 37, year=2026)]).errors


@pytest.mark.parametrize("emptied", [None, "", "x"])
def test_a_template_with_its_version_cell_emptied_does_not_overwrite_a_value_saved_since(world, emptied):
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="77.7")
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=[line(world.indicator, "11.1", version=emptied)])
    assert codes(refused.value.check) == [(4, "conflict")]
    assert IndicatorValue.objects.get().value == Decimal("77.7")


def test_a_template_with_its_version_cell_emptied_still_adds_a_new_value(world):
    import_apply(user=reporter(world), rows=[line(world.indicator, "36.5", version=None)])
    assert IndicatorValue.objects.get().value == Decimal("36.5")
