"""Spreadsheets from the admin: the plans' report action and the import of yearly values."""

import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import IndicatorValue
from spreadsheets.formats.template_xlsx import MAX_ROWS
from tests.factories import PlanFactory
from tests.spreadsheets.make_bad_corpus import blank_rows, good_template

pytestmark = pytest.mark.django_db


def export(client, plans):
    return client.post(
        reverse("admin:plans_plan_changelist"),
        {"action": "export_plans_report", "_selected_action": [plan.pk for plan in plans]},
    )


def test_export_action_on_one_plan_gives_its_workbook(client, world):
    client.force_login(world.users["admin"])
    response = export(client, [world.plan])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(response.content)).sheetnames == ["主要指标", "重点任务", "重点工程"]


def test_export_action_on_several_plans_adds_the_summary(client, world):
    other = PlanFactory(jurisdiction=world.sibling)
    client.force_login(world.users["admin"])
    names = load_workbook(BytesIO(export(client, [world.plan, other]).content)).sheetnames
    assert names[0] == "汇总" and len(names) == 7


def import_csv(client, text):
    page = client.get(reverse("admin:indicators_indicatorvalue_import"))
    csv_choice = next(
        value for value, label in page.context["form"].fields["format"].choices if label == "csv"
    )
    upload = SimpleUploadedFile("values.csv", text.encode("utf-8"), content_type="text/csv")
    confirm = client.post(
        reverse("admin:indicators_indicatorvalue_import"), {"import_file": upload, "format": csv_choice}
    )
    return confirm


def test_administrator_imports_values_through_the_admin_after_a_preview(client, world):
    client.force_login(world.users["admin"])
    confirm = import_csv(
        client,
        f"ID,版本,年份,指标,单位,本年数值,备注\n{world.indicator.pk},0,2022,"
        f"{world.indicator.name},µg/m3,37,快报\n",
    )
    assert not IndicatorValue.objects.exists()  # the preview writes nothing
    form = confirm.context["confirm_form"]
    client.post(
        reverse("admin:indicators_indicatorvalue_process_import"),
        {name: form.initial[name] for name in form.fields},
    )
    value = IndicatorValue.objects.get()
    assert (value.value, value.state, value.history.get().history_change_reason) == (37, "draft", "表格导入")


def test_admin_import_shows_the_row_errors_and_writes_nothing(client, world):
    client.force_login(world.users["admin"])
    response = import_csv(
        client,
        f"ID,版本,年份,指标,单位,本年数值,备注\n{world.indicator.pk},0,2031,"
        f"{world.indicator.name},µg/m3,37,\n",
    )
    assert response.context["result"].has_validation_errors()
    assert not IndicatorValue.objects.exists()


def test_import_in_the_admin_is_for_administrators_only(client, world):
    world.users["reviewer"].is_staff = True
    world.users["reviewer"].save()
    client.force_login(world.users["reviewer"])
    assert client.get(reverse("admin:indicators_indicatorvalue_import")).status_code == 403


def import_upload(client, name, content, label):
    page = client.get(reverse("admin:indicators_indicatorvalue_import"))
    choice = next(value for value, shown in page.context["form"].fields["format"].choices if shown == label)
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse("admin:indicators_indicatorvalue_import"), {"import_file": upload, "format": choice}
    )


def test_admin_xlsx_import_refuses_two_million_blank_rows_before_reading_them(client, world):
    """The library reads every row; the admin's format measures the sheet first (it stalled a worker)."""
    client.force_login(world.users["admin"])
    data = blank_rows(good_template(indicator_id=world.indicator.pk))
    started = time.monotonic()
    response = import_upload(client, "values.xlsx", data, "xlsx")
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "行" in str(response.context["form"].errors) and not IndicatorValue.objects.exists()


def test_admin_csv_import_refuses_more_rows_than_a_template_holds(client, world):
    client.force_login(world.users["admin"])
    text = "ID,版本,年份,指标,单位,本年数值,备注\n" + "\n" * (MAX_ROWS + 5)
    response = import_upload(client, "values.csv", text.encode(), "csv")
    assert response.status_code == 200
    assert "行" in str(response.context["form"].errors) and not IndicatorValue.objects.exists()
