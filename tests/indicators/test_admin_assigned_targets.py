"""Administrators record the figures assigned from above (年度下达目标) and an indicator's data source
and definition in the indicator's admin page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.attainment import Status
from indicators.models import AssignedTarget
from indicators.selectors import indicator_attainment
from tests.factories import IndicatorFactory, add_values

pytestmark = pytest.mark.django_db


def change_form(indicator, **extra):
    data = {
        "plan": indicator.plan_id,
        "box": indicator.box_id or "",
        "source": indicator.source,
        "seq": indicator.seq,
        "category": indicator.category,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_text": indicator.baseline_text,
        "target_text": indicator.target_text,
        "target_2020_text": "",
        "attribute": indicator.attribute,
        "direction": indicator.direction,
        "footnote": "",
        "key": indicator.key,
        "data_source": "",
        "definition": "",
        "values-TOTAL_FORMS": 0,
        "values-INITIAL_FORMS": 0,
        "revisions-TOTAL_FORMS": 0,
        "revisions-INITIAL_FORMS": 0,
        "assigned_targets-TOTAL_FORMS": 0,
        "assigned_targets-INITIAL_FORMS": 0,
    }
    data.update(extra)
    return data


def test_an_administrator_records_an_assigned_figure_and_the_year_is_judged_by_it(client, world):
    indicator = IndicatorFactory(
        plan=world.plan, qualitative=True, target_text="完成市级下达任务", unit="万吨"
    )
    add_values(indicator, {2023: Decimal("0.31")})
    admin = world.users["admin"]
    client.force_login(admin)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client.post(
        url,
        change_form(
            indicator,
            data_source="长春市生态环境局减排核算",
            definition="重点工程削减的氮氧化物排放量",
            **{
                "assigned_targets-TOTAL_FORMS": 1,
                "assigned_targets-0-year": 2023,
                "assigned_targets-0-value": "0.30",
                "assigned_targets-0-unit": "万吨",
                "assigned_targets-0-assigned_by": "长春市生态环境局",
                "assigned_targets-0-decided_on": "2023-03-01",
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    figure = AssignedTarget.objects.get(indicator=indicator)
    assert (figure.year, figure.value, figure.recorded_by) == (2023, Decimal("0.3"), admin)
    indicator.refresh_from_db()
    assert indicator.data_source == "长春市生态环境局减排核算"
    assert indicator.definition == "重点工程削减的氮氧化物排放量"
    assert indicator_attainment(indicators=[indicator], year=2023)[indicator.pk].status == Status.MET


def test_the_plan_page_shows_the_printed_text_and_the_assigned_figure(client, world):
    indicator = IndicatorFactory(
        plan=world.plan,
        box=world.indicator.box,
        qualitative=True,
        target_text="完成市级下达任务",
        unit="万吨",
    )
    add_values(indicator, {2023: Decimal("0.25")})
    AssignedTarget.objects.create(
        indicator=indicator,
        year=2023,
        value=Decimal("0.3"),
        unit="万吨",
        decided_on=datetime.date(2023, 3, 1),
    )
    client.force_login(world.users["leader"])
    html = client.get(f"/plans/{world.plan.pk}/?year=2023").content.decode()
    assert "完成市级下达任务" in html
    assert "本年下达：0.3万吨" in html
    assert "未完成" in html


def test_an_assigned_figure_must_be_unique_per_year(world):
    indicator = IndicatorFactory(plan=world.plan, qualitative=True)
    AssignedTarget.objects.create(indicator=indicator, year=2023, value=1)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the database's unique constraint
        AssignedTarget.objects.create(indicator=indicator, year=2023, value=2)
