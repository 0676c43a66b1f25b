"""Targets change only through a 目标调整 with its reason; every model's history shows old → new for each
field changed; the admin reads figures with the one number parser and prints them as the plan does."""

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, IndicatorValue, TargetRevision
from tests.factories import IndicatorFactory, JurisdictionFactory, PlanFactory

pytestmark = pytest.mark.django_db

INLINE = {"evidence-TOTAL_FORMS": 0, "evidence-INITIAL_FORMS": 0}
INDICATOR_INLINES = {
    "values-TOTAL_FORMS": 0,
    "values-INITIAL_FORMS": 0,
    "revisions-TOTAL_FORMS": 0,
    "revisions-INITIAL_FORMS": 0,
    "assigned_targets-TOTAL_FORMS": 0,
    "assigned_targets-INITIAL_FORMS": 0,
}


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["admin"])
    return client


def indicator_form(indicator, **changes):
    fields = {
        "plan": indicator.plan_id,
        "box": indicator.box_id or "",
        "source": indicator.source,
        "seq": indicator.seq,
        "category": indicator.category,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_text": indicator.baseline_text,
        "target_text": indicator.target_text,
        "attribute": indicator.attribute,
        "direction": indicator.direction,
        "units": [unit.pk for unit in indicator.units.all()],
        "key": indicator.key,
        "change_threshold": "",
        **INDICATOR_INLINES,
    }
    return {**fields, **changes}


def test_target_fields_are_read_only_on_an_indicator(admin, world):
    url = reverse("admin:indicators_indicator_change", args=[world.indicator.pk])
    form = admin.get(url).context["adminform"].form
    assert {"target_text", "target_value", "baseline_text", "baseline_value"}.isdisjoint(form.fields)
    response = admin.post(url, indicator_form(world.indicator, target_text="20", change_threshold="30"))
    assert response.status_code == 302
    world.indicator.refresh_from_db()
    assert (world.indicator.target_text, world.indicator.change_threshold) == ("30", 30)


def test_a_target_revision_is_how_a_target_changes(admin, world):
    url = reverse("admin:indicators_targetrevision_add")
    response = admin.post(
        url,
        {
            "indicator": world.indicator.pk,
            "effective_year": 2023,
            "target_text": "28",
            "target_value": "28",
            "reason": "中期调整",
            "decided_on": "2023-06-30",
        },
    )
    assert response.status_code == 302
    revision = TargetRevision.objects.get()
    assert (revision.reason, revision.created_by.username) == ("中期调整", "admin")


def test_value_history_shows_old_and_new_figures_as_the_plan_prints_them(admin, world):
    user = world.users["reporter_own"]
    value = services.value_save(user=user, indicator=world.indicator, year=2022, value="38")
    services.value_save(user=user, indicator=world.indicator, year=2022, value="36", version=value.version)
    html = admin.get(reverse("admin:indicators_indicatorvalue_history", args=[value.pk])).content.decode()
    assert "38&nbsp;&rarr;&nbsp;36" in html and "38.0000" not in html
    assert "变更内容" in html


def test_indicator_history_shows_each_field_changed(admin, world):
    url = reverse("admin:indicators_indicator_change", args=[world.indicator.pk])
    admin.post(url, indicator_form(world.indicator, name="PM2.5年均浓度", change_threshold="30"))
    html = admin.get(
        reverse("admin:indicators_indicator_history", args=[world.indicator.pk])
    ).content.decode()
    assert world.indicator.name in html and "PM2.5年均浓度" in html
    assert "合理变化幅度（%）：</strong>—&nbsp;&rarr;&nbsp;30" in html


def test_history_of_another_jurisdictions_indicator_is_refused(client, world):
    elsewhere = IndicatorFactory(
        plan=PlanFactory(jurisdiction=JurisdictionFactory(name="吉林市", level="city"))
    )
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("admin:indicators_indicator_history", args=[elsewhere.pk]))
    assert response.status_code in (403, 404)


def test_admin_reads_figures_with_the_one_number_parser(client, world):
    client.force_login(world.users["reporter_own"])
    url = reverse("admin:indicators_indicatorvalue_add")
    data = {"indicator": world.indicator.pk, "year": 2023, "status": "", "note": "", **INLINE}
    refused = client.post(url, {**data, "value": "12,0"})
    assert refused.status_code == 200 and "逗号不能作小数点，请写成12.0" in refused.content.decode()
    assert client.post(url, {**data, "value": "３８．５"}).status_code == 302
    assert IndicatorValue.objects.get().value == 38.5


def test_indicator_changes_are_kept_in_its_history(world):
    world.indicator.name = "PM2.5"
    world.indicator.save()
    assert Indicator.history.filter(id=world.indicator.pk).count() >= 1
