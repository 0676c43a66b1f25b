"""The admin's change form of a yearly record carries the version it was rendered with, so a save made
from a stale form is refused instead of overwriting an edit made meanwhile (by the API, the 填报 page)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import services
from indicators.kinds import kind_of
from tests.factories import (
    BoxFactory,
    ChapterFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    ProjectProgressFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db

INLINE = {"evidence-TOTAL_FORMS": 0, "evidence-INITIAL_FORMS": 0}
REFUSED = "他人已修改了这条记录"  # services.ConflictError's message, as the admin shows it


def own_records(world):
    task = TaskFactory(section=SectionFactory(chapter=ChapterFactory(plan=world.plan)))
    task.responsibilities.create(unit=world.own_unit, role="lead", order=1)
    project = KeyProjectFactory(box=BoxFactory(plan=world.plan))
    project.units.add(world.own_unit)
    return {
        "indicatorvalue": IndicatorValueFactory(indicator=world.indicator, year=2022, value=38),
        "taskprogress": TaskProgressFactory(task=task, year=2022, note="初稿"),
        "projectprogress": ProjectProgressFactory(project=project, year=2022, note="初稿"),
    }


def rendered_form(response):
    """The posted data of the change form as the browser would send it unchanged: its inputs and the
    selected option of each select, hidden ones included."""
    html = response.content.decode()
    form = html[html.index('id="' + response.context["opts"].model_name + '_form"') :]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag and 'type="checkbox"' not in tag:
            data[name[1]] = value[1] if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = chosen[1] if chosen else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = text.strip()
    return data


def edited_meanwhile(world, record):
    """Another writer (the API's PATCH, the 填报 page) saves the record through the service."""
    row = kind_of(record).row_type(
        record.subject,
        record.year,
        value="77.7" if hasattr(record, "value") else None,
        status="" if hasattr(record, "value") else "done",
        note="接口修改",
        version=record.version,
    )
    services.record_save(user=world.users["reporter_own"], row=row)


@pytest.mark.parametrize("model", ["indicatorvalue", "taskprogress", "projectprogress"])
def test_the_change_form_carries_the_records_version(client, staffed, model):
    record = own_records(staffed)[model]
    client.force_login(staffed.users["reporter_own"])
    response = client.get(reverse(f"admin:indicators_{model}_change", args=[record.pk]))
    assert rendered_form(response)["expected_version"] == str(record.version)


@pytest.mark.parametrize("model", ["indicatorvalue", "taskprogress", "projectprogress"])
def test_a_stale_admin_form_does_not_overwrite_an_edit_made_meanwhile(client, staffed, model):
    record = own_records(staffed)[model]
    url = reverse(f"admin:indicators_{model}_change", args=[record.pk])
    client.force_login(staffed.users["reporter_own"])
    data = rendered_form(client.get(url))
    edited_meanwhile(staffed, record)
    data.update(note="管理后台修改", **INLINE)
    if "value" in data:
        data["value"] = "11.1"
    response = client.post(url, data)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    record.refresh_from_db()
    assert record.note == "接口修改"
    assert getattr(record, "value", Decimal("77.7")) == Decimal("77.7")


@pytest.mark.parametrize("model", ["indicatorvalue", "taskprogress", "projectprogress"])
def test_an_admin_save_without_a_version_is_refused(client, staffed, model):
    record = own_records(staffed)[model]
    url = reverse(f"admin:indicators_{model}_change", args=[record.pk])
    client.force_login(staffed.users["reporter_own"])
    data = rendered_form(client.get(url))
    del data["expected_version"]
    response = client.post(url, {**data, "note": "无版本", **INLINE})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    record.refresh_from_db()
    assert record.note != "无版本"


def test_the_form_as_rendered_saves_when_nobody_else_wrote(client, staffed):
    record = own_records(staffed)["indicatorvalue"]
    url = reverse("admin:indicators_indicatorvalue_change", args=[record.pk])
    client.force_login(staffed.users["reporter_own"])
    data = rendered_form(client.get(url))
    assert client.post(url, {**data, "value": "36.5", **INLINE}).status_code == 302
    record.refresh_from_db()
    assert record.value == Decimal("36.5") and record.version == 2
