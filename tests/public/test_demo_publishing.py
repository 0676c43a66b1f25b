"""The issue's test: with the demo data, publishing 宽城区's 十四五 plan for 2022 puts its approved figures
on the public site with their CSV, while 朝阳区 (unpublished) and every unapproved figure stay invisible."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.models import IndicatorValue, ReviewState
from plans.models import Plan
from public.models import PublishedYear

pytestmark = pytest.mark.django_db

YEAR = 2022


@pytest.fixture
def demo(db):
    call_command("load_plans", stdout=io.StringIO())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Plan.objects.get(jurisdiction__name="宽城区", start_year=2021)


def test_publishing_kuancheng_2022_shows_its_approved_figures_only(client, demo):
    out = io.StringIO()
    call_command("publish_plan", demo.pk, year=YEAR, stdout=out)
    assert "已发布" in out.getvalue()
    published = PublishedYear.objects.get(plan=demo, year=YEAR)

    index = client.get("/public/").content.decode()
    assert demo.title in index
    assert "朝阳区" not in index
    chaoyang = Plan.objects.get(jurisdiction__name="朝阳区")
    assert client.get(f"/public/plans/{chaoyang.pk}/").status_code == 404

    html = client.get(f"/public/plans/{demo.pk}/").content.decode()
    download = client.get(f"/public/plans/{demo.pk}/{YEAR}.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(download)))[1:]  # in the snapshot's order
    snapshot = published.snapshot["indicators"]
    assert [row[1] for row in rows] == [row["name"] for row in snapshot]
    line = {row["id"]: line for row, line in zip(snapshot, rows, strict=True)}
    judged = {row["id"]: row for row in snapshot}
    values = IndicatorValue.objects.filter(indicator__plan=demo, year=YEAR, value__isnull=False)
    approved = [v for v in values if v.state == ReviewState.APPROVED]
    unapproved = [v for v in values if v.state != ReviewState.APPROVED]
    assert approved and unapproved  # the demo data holds both for 2022
    for value in approved:
        row = judged[value.indicator_id]
        assert (row["value_year"], Decimal(row["number"])) == (YEAR, value.value)
        assert f'{row["value"]}<span class="muted">（{YEAR}）</span>' in html
        assert line[value.indicator_id][6:8] == [row["value"], str(YEAR)]
    for value in unapproved:
        row = judged[value.indicator_id]
        assert row["value_year"] != YEAR  # judged on an older approved figure, or on none
        assert line[value.indicator_id][7] != str(YEAR)
