"""Resubmitting on the 填报 page: 重新提交 hands in the rows a reviewer returned and nothing else; the
other drafts are saved, not submitted, unless the user submits every row."""

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, ReviewState
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

URL = f"{reverse('entry:entry')}?year=2022"


@pytest.fixture
def page(client, world):
    """A returned PM2.5 value (corrected on the page) beside a draft of another indicator."""
    reporter = world.users["reporter_own"]
    world.returned = IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=40, state=ReviewState.RETURNED, reported_by=reporter
    )
    other = IndicatorFactory(plan=world.plan, box=world.indicator.box, share=True)
    other.units.add(world.own_unit)
    world.draft = IndicatorValueFactory(indicator=other, year=2022, value=88, reported_by=reporter)
    client.force_login(reporter)
    world.data = {"year": 2022}
    for record, value in ((world.returned, "38"), (world.draft, "88")):
        prefix = f"value{record.indicator_id}"
        world.data |= {f"{prefix}-value": value, f"{prefix}-note": "", f"{prefix}-version": record.version}
    return world


def states(world):
    return dict(IndicatorValue.objects.values_list("pk", "state")), world.returned.pk, world.draft.pk


def test_resubmitting_submits_only_the_returned_rows_and_says_so(client, page):
    response = client.post(URL, {**page.data, "submit": "returned"}, follow=True)
    found, returned, draft = states(page)
    assert (found[returned], found[draft]) == (ReviewState.SUBMITTED, ReviewState.DRAFT)
    assert IndicatorValue.objects.get(pk=returned).value == 38
    assert "已重新提交1条退回记录；其他条目已保存为草稿，未提交。" in response.content.decode()


def test_submitting_every_row_is_asked_for_with_the_other_button(client, page):
    client.post(URL, {**page.data, "submit": "1", "confirm_missing": "1"})
    found, returned, draft = states(page)
    assert (found[returned], found[draft]) == (ReviewState.SUBMITTED, ReviewState.SUBMITTED)


def test_the_page_offers_resubmitting_the_returned_rows_first(client, page):
    html = client.get(URL).content.decode()
    resubmit = html.index('name="submit" value="returned" class="primary"')
    assert resubmit < html.index('name="submit" value="1" class="secondary"')


def test_a_page_without_returned_rows_offers_only_submit(client, world):
    client.force_login(world.users["reporter_own"])
    html = client.get(URL).content.decode()
    assert 'value="returned"' not in html and 'name="submit" value="1" class="primary"' in html
