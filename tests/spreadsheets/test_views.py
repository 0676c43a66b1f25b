"""Downloads and the upload → preview → confirm import, through the web pages."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from spreadsheets.formats.template_xlsx import SHEET, build_template, read_template
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory

from .make_bad_corpus import CORPUS, good_template

pytestmark = pytest.mark.django_db


def login(client, world, who):
    client.force_login(world.users[who])
    return client


def upload(client, content, name="模板.xlsx"):
    return client.post(reverse("spreadsheets:import"), {"file": SimpleUploadedFile(name, content)})


def filled_template(client, year=2022, value=38.5, number_format=None):
    response = client.get(reverse("spreadsheets:template"), {"year": year})
    workbook = load_workbook(BytesIO(response.content))
    workbook[SHEET]["I4"] = value
    if number_format:
        workbook[SHEET]["I4"].number_format = number_format
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_plan_report_downloads_as_xlsx_for_a_user_who_may_view_the_plan(client, world):
    response = login(client, world, "leader").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert load_workbook(BytesIO(response.content)).sheetnames == ["主要指标", "重点任务", "重点工程"]


def test_plan_report_is_not_found_by_a_user_of_another_jurisdiction(client, world):
    # Not found, as the plan page and every other door answers (`accounts.scope`), rather than 403.
    response = login(client, world, "reviewer_other").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "xlsx"])
    )
    assert response.status_code == 404


def test_plan_report_needs_a_login(client, world):
    response = client.get(reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]))
    assert response.status_code == 302


def test_plan_report_as_csv_lists_the_indicators(client, world):
    response = login(client, world, "leader").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"])
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert world.indicator.name in text and text.startswith("规划,地区")


def test_all_plans_report_holds_only_the_plans_the_user_may_view(client, world):
    PlanFactory(jurisdiction=world.sibling, title="朝阳区规划")
    response = login(client, world, "leader").get(reverse("spreadsheets:all_plans_report", args=["xlsx"]))
    names = load_workbook(BytesIO(response.content)).sheetnames
    assert names[0] == "汇总" and not any(n.startswith("朝阳区") for n in names)


def test_all_plans_report_does_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        plan = PlanFactory(jurisdiction=world.district, title=f"规划{n}")
        for seq in range(3):
            IndicatorFactory(plan=plan, seq=seq)
    login(client, world, "admin")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("spreadsheets:all_plans_report", args=["xlsx"]))
    assert len(load_workbook(BytesIO(response.content)).sheetnames) == 1 + 3 * 6


def test_template_is_prefilled_with_the_reporters_indicators(client, world):
    other = IndicatorFactory(plan=world.plan, box=world.indicator.box, name="别人的指标")
    other.units.add(world.other_unit)
    response = login(client, world, "reporter_own").get(reverse("spreadsheets:template"), {"year": 2023})
    rows = read_template(response.content).rows
    assert [(r.indicator_id, r.year) for r in rows] == [(world.indicator.pk, 2023)]


def test_template_is_forbidden_to_officials(client, world):
    response = login(client, world, "leader").get(reverse("spreadsheets:template"), {"year": 2023})
    assert response.status_code == 403


def test_upload_shows_a_preview_and_writes_nothing(client, world):
    login(client, world, "reporter_own")
    response = upload(client, filled_template(client))
    assert response.status_code == 200
    assert response.context["counts"] == {"new": 1, "changed": 0, "unchanged": 0}
    assert not IndicatorValue.objects.exists()


def test_confirm_after_preview_imports_the_values_as_drafts(client, world):
    login(client, world, "reporter_own")
    upload(client, filled_template(client))
    response = client.post(reverse("spreadsheets:import_confirm"))
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (float(value.value), value.state, value.year) == (38.5, "draft", 2022)


def test_a_percentage_typed_as_such_in_the_sheet_is_imported_as_the_figure_shown(client, world):
    """88.5% typed into the cell is stored by Excel and LibreOffice as 0.885 formatted as a percentage."""
    world.indicator.units.clear()
    share = IndicatorFactory(plan=world.plan, box=world.indicator.box, name="空气质量优良天数比例", unit="%")
    share.units.add(world.own_unit)
    login(client, world, "reporter_own")
    upload(client, filled_template(client, value=0.885, number_format="0.0%"))
    client.post(reverse("spreadsheets:import_confirm"))
    assert IndicatorValue.objects.get(indicator=share).value == Decimal("88.5")


def test_a_percentage_format_on_a_figure_of_another_unit_is_refused(client, world):
    login(client, world, "reporter_own")  # PM2.5, in µg/m3
    response = upload(client, filled_template(client, value=0.385, number_format="0%"))
    [error] = response.context["check"].errors
    assert "“38.5%”不是数值" in error.message
    assert not IndicatorValue.objects.exists()


def test_confirm_without_a_previewed_upload_imports_nothing(client, world):
    response = login(client, world, "reporter_own").post(reverse("spreadsheets:import_confirm"))
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


def test_upload_with_bad_rows_lists_the_errors_and_offers_no_confirm(client, world):
    login(client, world, "reporter_own")
    response = upload(client, filled_template(client, value="很多"))
    assert len(response.context["check"].errors) == 1
    assert reverse("spreadsheets:import_confirm") not in response.content.decode()
    client.post(reverse("spreadsheets:import_confirm"))
    assert not IndicatorValue.objects.exists()


def test_confirm_rechecks_and_refuses_a_value_locked_since_the_preview(client, world):
    login(client, world, "reporter_own")
    upload(client, filled_template(client))
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="40"
    )
    services.record_submit(user=world.users["reporter_own"], record=value)
    response = client.post(reverse("spreadsheets:import_confirm"))
    assert [e.code for e in response.context["check"].errors] == ["locked"]
    assert IndicatorValue.objects.get().value == 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_bad_file_is_refused_with_a_message_and_nothing_is_written(client, world, name):
    make, _code = CORPUS[name]
    login(client, world, "reporter_own")
    content = make(good_template(indicator_id=world.indicator.pk, name=world.indicator.name))
    response = upload(client, content, name=name)
    page = response.content.decode()
    assert 'class="message error"' in page or 'class="error"' in page
    assert reverse("spreadsheets:import_confirm") not in page
    assert client.post(reverse("spreadsheets:import_confirm")).status_code == 302
    assert not IndicatorValue.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, world, settings, monkeypatch):
    monkeypatch.setattr("spreadsheets.views.MAX_UPLOAD_BYTES", 100)
    login(client, world, "reporter_own")
    response = upload(client, build_template([], title="x"))
    assert response.status_code == 400
    assert response.context["upload_form"].errors


def test_preview_does_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for seq in range(20):
        IndicatorFactory(
            plan=world.plan, box=world.indicator.box, seq=world.indicator.seq + 1 + seq
        ).units.add(world.own_unit)
    login(client, world, "reporter_own")
    content = filled_template(client)
    with django_assert_max_num_queries(12):
        upload(client, content)


def test_administrator_downloads_the_template_of_a_chosen_plan(client, world):
    response = login(client, world, "admin").get(
        reverse("spreadsheets:template"), {"year": 2024, "plan": world.plan.pk}
    )
    assert [(r.indicator_id, r.year) for r in read_template(response.content).rows] == [
        (world.indicator.pk, 2024)
    ]


def test_administrator_must_choose_a_plan_for_the_template(client, world):
    response = login(client, world, "admin").get(reverse("spreadsheets:template"), {"year": 2024})
    assert response.status_code == 400


def full_width(number):
    return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def test_a_plan_named_in_full_width_digits_is_no_choice_for_the_template(client, world):
    response = login(client, world, "admin").get(
        reverse("spreadsheets:template"), {"year": 2024, "plan": full_width(world.plan.pk)}
    )
    assert response.status_code == 400


def test_a_plan_report_path_in_full_width_digits_is_not_found(client, world):
    response = login(client, world, "admin").get(
        f"/spreadsheets/plans/{full_width(world.plan.pk)}/report.csv"
    )
    assert response.status_code == 404


def test_plan_report_sheet_holds_exactly_the_approved_figures_and_the_status(client, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=20, state=ReviewState.SUBMITTED)
    response = login(client, world, "reviewer").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "xlsx"]), {"year": 2022}
    )
    sheet = load_workbook(BytesIO(response.content))["主要指标"]
    assert sheet.max_row == 4  # the title, the subtitle, the header and the one indicator; nothing below
    assert [c.value for c in sheet[4]] == [
        "生态环境质量",
        world.indicator.seq,
        "细颗粒物（PM2.5）年均浓度",
        "µg/m3",
        42,
        40,
        36,
        None,
        None,
        None,
        30,
        "约束性",
        "进度正常",
        27.33,  # the 2025 forecast: the trend of 42, 40, 36
        None,  # it meets the target: no 预计无法完成
        None,
    ]


def test_report_file_names_carry_the_jurisdiction_and_the_assessed_year(client, world):
    from urllib.parse import unquote

    client = login(client, world, "reviewer")
    plan = client.get(reverse("spreadsheets:plan_report", args=[world.plan.pk, "xlsx"]), {"year": 2024})
    assert unquote(plan["Content-Disposition"]).endswith("''宽城区_指标完成情况_2024年.xlsx")
    every = client.get(reverse("spreadsheets:all_plans_report", args=["csv"]), {"year": 2023})
    assert unquote(every["Content-Disposition"]).endswith("''全部规划_指标完成情况_2023年.csv")


def test_a_plan_report_of_a_year_beyond_the_plan_names_the_year_assessed(client, world):
    from urllib.parse import unquote

    response = login(client, world, "reviewer").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]), {"year": 2030}
    )
    assert unquote(response["Content-Disposition"]).endswith("_2025年.csv")


def test_a_binding_indicator_forecast_to_miss_is_flagged(client, world):
    for year, value in {2021: 43, 2022: 44}.items():
        IndicatorValueFactory(indicator=world.indicator, year=year, value=value, state=ReviewState.APPROVED)
    response = login(client, world, "reviewer").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]), {"year": 2023}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    found = dict(zip(header, row, strict=True))
    assert (found["完成情况"], found["预计无法完成"]) == ("逆向变化", "预计无法完成")
    assert float(found["2025年预测"]) > 44
    assert found["2023年"] == ""  # no approved 2023 value: the status stands on 2022


def test_a_report_prints_the_assigned_figure_beside_the_text_target(client, world):
    import datetime
    from decimal import Decimal

    from indicators.models import AssignedTarget
    from tests.factories import IndicatorFactory

    text = IndicatorFactory(
        plan=world.plan, box=world.indicator.box, qualitative=True, target_text="完成市级下达任务"
    )
    IndicatorValueFactory(indicator=text, year=2023, value=Decimal("0.4"), state=ReviewState.APPROVED)
    AssignedTarget.objects.create(
        indicator=text, year=2023, value=Decimal("0.3"), unit="万吨", decided_on=datetime.date(2023, 3, 1)
    )
    response = login(client, world, "reviewer").get(
        reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]), {"year": 2023}
    )
    text_row = next(
        line for line in response.content.decode("utf-8-sig").splitlines() if "完成市级下达任务" in line
    )
    assert "已达标" in text_row and "本年下达：0.3万吨" in text_row


def test_a_bureaus_template_is_titled_with_its_unit_not_a_login_name(client, world):
    response = login(client, world, "reporter_own").get(reverse("spreadsheets:template"), {"year": 2023})
    title = load_workbook(BytesIO(response.content))[SHEET]["C1"].value
    assert title == "宽城区 区生态环境分局 2023年指标数值填报"
