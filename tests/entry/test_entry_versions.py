"""The 填报 page sends the versions of its rows in one field (`versions`), not one hidden input a row:
a page posted as the browser shows it still refuses what somebody else changed meanwhile."""

import lxml.html
import pytest
from django.http import QueryDict
from django.urls import reverse

from entry.rows import with_row_versions
from indicators import services
from indicators.models import IndicatorValue
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db

URL = reverse("entry:entry")


def page(client):
    return client.get(URL, {"year": 2022}).content.decode()


def post_as_shown(client, html, button="save", **typed):
    """Post the page's form with what a browser sends of it (every field as shown, `typed` changed)."""
    form = lxml.html.fromstring(html).get_element_by_id("entry-form")
    data = QueryDict(mutable=True)
    for name, value in form.form_values():
        if name not in typed:
            data.appendlist(name, value)
    for name, value in typed.items():
        data[name] = value
    data[button] = "1"
    return client.post(f"{URL}?year=2022", data.urlencode(), content_type="application/x-www-form-urlencoded")


def test_the_page_sends_every_rows_version_in_one_field(staff, world, second):
    draft = IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    html = page(staff)
    form = lxml.html.fromstring(html).get_element_by_id("entry-form")
    assert "-version" not in html
    assert form.fields["versions"] == f"value{world.indicator.pk}:{draft.version}"  # an empty row is 0


def test_a_page_posted_as_shown_saves(staff, world, second):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    response = post_as_shown(staff, page(staff), **{f"value{world.indicator.pk}-value": "36"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=world.indicator).value == 36


def test_a_value_changed_meanwhile_is_refused_then_replaced_by_a_second_save(staff, world, second):
    mine = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39"
    )
    html = page(staff)
    services.value_save(  # a colleague's save meanwhile
        user=world.users["reporter_own"],
        indicator=world.indicator,
        year=2022,
        value="37",
        version=mine.version,
    )
    typed = {f"value{world.indicator.pk}-value": "35.5"}
    refused = post_as_shown(staff, html, **typed)
    shown = refused.content.decode()
    assert refused.status_code == 200 and "conflict" in shown and 'value="35.5"' in shown
    assert IndicatorValue.objects.get().value == 37
    # The refusal's page carries the version now saved: saving it again replaces the colleague's figure.
    assert post_as_shown(staff, shown, **typed).status_code == 302
    assert IndicatorValue.objects.get().value == 35.5


def test_a_value_created_meanwhile_on_an_empty_row_is_a_conflict(staff, world, second):
    html = page(staff)
    services.value_save(user=world.users["reporter_own"], indicator=second, year=2022, value="39")
    response = post_as_shown(staff, html, **{f"value{second.pk}-value": "35"})
    assert "conflict" in response.content.decode()
    assert IndicatorValue.objects.get().value == 39


@pytest.mark.parametrize("listed", ["value1:abc", "value1:", "value1:²", "value1:-3", ":::", "value1"])
def test_an_unreadable_version_is_a_conflict_not_a_crash(staff, world, listed):
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39")
    prefix = f"value{world.indicator.pk}"
    data = {"year": 2022, "save": "1", "versions": listed.replace("value1", prefix), f"{prefix}-value": "35"}
    response = staff.post(f"{URL}?year=2022", data)
    assert response.status_code == 200 and "conflict" in response.content.decode()
    assert IndicatorValue.objects.get().value == 39


def test_only_posted_rows_get_a_version_and_one_named_by_its_row_wins():
    data = QueryDict("versions=value1:4 task2:7 value9:1&value1-value=3&task2-status=done&task2-version=8")
    read = with_row_versions(data)
    assert read["value1-version"] == "4" and read["task2-version"] == "8"
    assert "value9-version" not in read  # listed, but not on the page posted
    assert with_row_versions(QueryDict("value1-value=3")) == QueryDict("value1-value=3")  # no field: as sent


def test_a_row_posted_without_a_listed_version_is_sent_as_new():
    read = with_row_versions(QueryDict("versions=&project3-status=done&project3-narrative="))
    assert read["project3-version"] == "0"
