"""The 填报 page's counts, filters and confirmations: what is still missing, what was returned, and
figures that look unusual."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from indicators.models import IndicatorValue, ReviewState
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db

URL = reverse("entry:entry")


def row(indicator, value="", version=0, note=""):
    return {
        f"value{indicator.pk}-value": value,
        f"value{indicator.pk}-note": note,
        f"value{indicator.pk}-version": version,
    }


def post(client, data, submit=False, **extra):
    payload = {"year": 2022, **data, **extra}
    payload["submit" if submit else "save"] = "1"
    return client.post(f"{URL}?year=2022", payload)


def test_page_counts_filled_rows_overall_and_per_section(staff, world, second):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    html = staff.get(URL, {"year": 2022}).content.decode()
    assert html.count("已填 1 / 共 2") == 3  # overall, the plan, its indicators


def test_page_links_to_the_first_missing_row(staff, world, second):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    assert f'href="#value{second.pk}" class="jump-missing"' in staff.get(URL, {"year": 2022}).content.decode()


def test_returned_records_are_listed_first_with_their_reason(staff, world, second):
    IndicatorValueFactory(
        indicator=second, year=2022, value=80, state=ReviewState.RETURNED, review_comment="请附监测报告"
    )
    html = staff.get(URL, {"year": 2022}).content.decode()
    listed = html.index('class="card returned-list"')
    assert listed < html.index('id="entry-form"') and "请附监测报告" in html[listed:]


@pytest.mark.parametrize(("show", "visible"), [("missing", "second"), ("draft", "first"), ("", "both")])
def test_server_side_filter_hides_the_other_rows(staff, world, second, show, visible):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    html = staff.get(URL, {"year": 2022, "show": show}).content.decode()
    first_hidden = f'id="value{world.indicator.pk}"' in html and _hidden(html, world.indicator)
    second_hidden = _hidden(html, second)
    assert (first_hidden, second_hidden) == {
        "second": (True, False),
        "first": (False, True),
        "both": (False, False),
    }[visible]


def _hidden(html, indicator):
    """The indicator's row (the <tr> around its title cell) is hidden."""
    start = html.rindex("<tr ", 0, html.index(f'<td id="value{indicator.pk}"'))
    return " hidden>" in html[start : html.index(">", start) + 1]


def test_submit_with_missing_rows_asks_for_confirmation_and_saves_nothing(staff, world, second):
    response = post(staff, {**row(world.indicator, "38"), **row(second, "")}, submit=True)
    html = response.content.decode()
    assert response.status_code == 200 and "还有1项未填报" in html and second.name in html
    assert 'value="confirm_missing"' in html and 'value="38"' in html
    assert not IndicatorValue.objects.exists()


def test_confirmed_submit_sends_the_filled_rows(staff, world, second):
    response = post(
        staff, {**row(world.indicator, "38"), **row(second, "")}, submit=True, confirm_missing="1"
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_the_page_confirm_button_confirms_too(staff, world, second):
    payload = {"year": 2022, **row(world.indicator, "38"), **row(second, ""), "submit": "confirm_missing"}
    assert staff.post(f"{URL}?year=2022", payload).status_code == 302
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_saving_a_draft_needs_no_confirmation(staff, world, second):
    assert post(staff, {**row(world.indicator, "38"), **row(second, "")}).status_code == 302


def test_an_unusual_change_is_saved_as_a_draft_with_its_warning(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    assert post(staff, row(world.indicator, "90")).status_code == 302
    value = IndicatorValue.objects.get(year=2022)
    assert value.state == ReviewState.DRAFT and "40" in value.warning
    assert escape(value.warning) in staff.get(URL, {"year": 2022}).content.decode()


def test_submitting_a_warned_figure_without_a_note_is_refused_on_its_row(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    response = post(staff, row(world.indicator, "90"), submit=True)
    html = response.content.decode()
    assert response.status_code == 200 and "提交前请在备注中说明" in html and 'value="90"' in html
    assert not IndicatorValue.objects.filter(year=2022).exists()


def test_a_warned_figure_with_a_note_is_submitted(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    response = post(staff, row(world.indicator, "90", note="新增监测站点"), submit=True)
    assert response.status_code == 302
    value = IndicatorValue.objects.get(year=2022)
    assert value.state == ReviewState.SUBMITTED and value.warning and value.note == "新增监测站点"


def test_a_saved_warned_draft_left_untouched_still_needs_its_note(staff, world, second):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    post(staff, row(world.indicator, "90"))
    draft = IndicatorValue.objects.get(year=2022)
    response = post(staff, row(second, "88"), submit=True)
    assert response.status_code == 200 and "提交前请在备注中说明" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ReviewState.DRAFT


def test_rows_are_numbered_in_page_order_for_pasting(staff, world, second):
    html = staff.get(URL, {"year": 2022}).content.decode()
    assert f'id="value{world.indicator.pk}" data-row="1"' in html
    assert f'id="value{second.pk}" data-row="2"' in html
