"""The report workbook, read back with openpyxl: layout, merges, fills, print set-up. No database."""

import dataclasses
import datetime
from decimal import Decimal

from indicators.attainment import STATUS_LABELS
from spreadsheets.formats.report_xlsx import build_report
from spreadsheets.formats.rows import IndicatorRow, PlanReport, ProjectRow, TaskRow

from .conftest import shown_fill

EXPORTED = datetime.date(2025, 3, 1)


def indicator(seq, category="环境质量", status="met", **kwargs):
    fields = dict(
        category=category,
        seq=seq,
        name=f"指标{seq}",
        unit="%",
        baseline=80,
        values={2021: 81, 2022: 83},
        target=85,
        attribute="约束性",
        status=status,
        status_label=str(STATUS_LABELS[status]),
    )
    fields.update(kwargs)
    return IndicatorRow(**fields)


def plan(title="宽城区生态环境保护“十四五”规划", jurisdiction="宽城区", indicators=None, **kwargs):
    return PlanReport(
        title=title,
        jurisdiction=jurisdiction,
        years=[2021, 2022, 2023, 2024, 2025],
        baseline_year=2020,
        report_year=2022,
        indicators=indicators if indicators is not None else [indicator(1), indicator(2)],
        **kwargs,
    )


def sheet_of(open_workbook, *plans, summary=False, name="主要指标"):
    return open_workbook(build_report(plans, exported_on=EXPORTED, summary=summary))[name]


def test_indicator_sheet_has_the_plan_table_header_on_row_three(open_workbook):
    sheet = sheet_of(open_workbook, plan())
    assert [c.value for c in sheet[3]] == [
        "类别",
        "序号",
        "指标",
        "单位",
        "2020年",
        "2021年",
        "2022年",
        "2023年",
        "2024年",
        "2025年",
        "2025年目标",
        "指标属性",
        "完成情况",
        "2025年预测",
        "预计无法完成",
        "备注",
    ]


def test_title_rows_name_the_plan_and_the_export_date(open_workbook):
    sheet = sheet_of(open_workbook, plan())
    assert "宽城区生态环境保护“十四五”规划" in sheet["A1"].value
    assert "2025-03-01" in sheet["A2"].value
    assert {"A1:P1", "A2:P2"} <= {str(r) for r in sheet.merged_cells.ranges}


def test_category_cells_of_a_group_are_merged(open_workbook):
    rows = [indicator(1), indicator(2), indicator(3), indicator(4, category="生态保护")]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    assert "A4:A6" in {str(r) for r in sheet.merged_cells.ranges}
    assert (sheet["A4"].value, sheet["A7"].value) == ("环境质量", "生态保护")


def test_a_single_row_category_is_not_merged(open_workbook):
    rows = [indicator(1), indicator(2, category="生态保护")]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    assert not [r for r in sheet.merged_cells.ranges if r.min_row >= 4]


def test_status_cells_are_filled_by_status(open_workbook):
    rows = [indicator(1, status="met"), indicator(2, status="behind"), indicator(3, status="regressing")]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    assert [shown_fill(sheet, f"M{row}") for row in (4, 5, 6)] == ["C6EFCE", "FFEB9C", "FFC7CE"]


def test_values_are_numbers_in_their_year_columns(open_workbook):
    sheet = sheet_of(open_workbook, plan())
    assert (sheet["F4"].value, sheet["G4"].value, sheet["H4"].value) == (81, 83, None)


def test_indicator_sheet_ends_with_the_table(open_workbook):
    sheet = sheet_of(open_workbook, plan(indicators=[indicator(1), indicator(2)]))
    assert sheet.max_row == 5
    assert [c.value for c in sheet[5]] == [
        None,  # merged with the category cell above
        2,
        "指标2",
        "%",
        80,
        81,
        83,
        None,
        None,
        None,
        85,
        "约束性",
        "已达标",
        None,  # no forecast
        None,  # not flagged
        None,
    ]


def test_sheet_prints_on_a4_landscape_with_the_header_repeated(open_workbook):
    sheet = sheet_of(open_workbook, plan())
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)


def test_header_is_frozen(open_workbook):
    assert sheet_of(open_workbook, plan()).freeze_panes == "A4"


def test_name_column_is_wide_enough_for_a_long_indicator_name(open_workbook):
    long_name = "城市细颗粒物（PM2.5）年均浓度下降比例"
    sheet = sheet_of(open_workbook, plan(indicators=[indicator(1, name=long_name)]))
    assert sheet.column_dimensions["C"].width >= 2 * len(long_name) - 4
    assert sheet.column_dimensions["B"].width < sheet.column_dimensions["C"].width


def test_task_sheet_lists_units_and_yearly_status(open_workbook):
    task = TaskRow(
        chapter="第三章",
        title="推进大气污染防治",
        lead_units="区生态环境分局",
        responsible_units="区发改局",
        statuses={2021: "done", 2022: "in_progress"},
        narrative="完成燃煤锅炉淘汰",
    )
    sheet = sheet_of(open_workbook, plan(tasks=[task]), name="重点任务")
    row = [c.value for c in sheet[4]]
    assert row[:5] == [1, "第三章", "推进大气污染防治", "区生态环境分局", "区发改局"]
    assert row[-1] == "完成燃煤锅炉淘汰"
    assert (shown_fill(sheet, "F4"), shown_fill(sheet, "G4")) == (
        "C6EFCE",
        "DDEBF7",
    )  # in progress is blue, as on the web


def test_project_sheet_lists_projects(open_workbook):
    project = ProjectRow(
        box="专栏3 重点工程", seq=2, title="污水处理厂提标改造", units="区住建局", statuses={}
    )
    sheet = sheet_of(open_workbook, plan(projects=[project]), name="重点工程")
    assert [c.value for c in sheet[4]][:4] == ["专栏3 重点工程", 2, "污水处理厂提标改造", "区住建局"]


def test_all_plans_workbook_starts_with_a_summary_and_one_set_of_sheets_per_plan(open_workbook):
    one = plan(indicators=[indicator(1, status="met"), indicator(2, status="behind")])
    two = plan(title="朝阳区规划", jurisdiction="朝阳区", indicators=[indicator(1, status="met")])
    workbook = open_workbook(build_report([one, two], exported_on=EXPORTED, summary=True))
    assert workbook.sheetnames == [
        "汇总",
        "宽城区·十四五·主要指标",
        "宽城区·十四五·重点任务",
        "宽城区·十四五·重点工程",
        "朝阳区·十四五·主要指标",
        "朝阳区·十四五·重点任务",
        "朝阳区·十四五·重点工程",
    ]
    summary = workbook["汇总"]
    assert [summary.cell(row, 2).value for row in (4, 5)] == ["宽城区生态环境保护“十四五”规划", "朝阳区规划"]
    assert [summary.cell(row, 6).value for row in (4, 5)] == [1, 1]  # 已达标
    assert summary.cell(4, 8).value == 1  # 进度滞后


def test_the_summary_title_names_no_period_of_its_own(open_workbook):
    # A 十四五 and a 十五五 plan may be listed together; each row's plan title names its period.
    workbook = open_workbook(build_report([plan()], exported_on=EXPORTED, summary=True))
    assert workbook["汇总"]["A1"].value == "生态环境保护规划指标完成情况汇总"


def test_two_plans_of_one_jurisdiction_get_distinct_sheet_names(open_workbook):
    workbook = open_workbook(
        build_report([plan(title="甲"), plan(title="乙")], exported_on=EXPORTED, summary=True)
    )
    assert len(set(workbook.sheetnames)) == 7


def test_a_revised_target_is_marked_and_a_printed_one_stays_a_number(open_workbook):
    rows = [indicator(1, target=33, target_revised=True, note="原定目标：30"), indicator(2)]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    assert [sheet[f"K{row}"].value for row in (4, 5)] == ["33（调整）", 85]
    assert sheet["P4"].value == "原定目标：30"


def test_the_forecast_and_its_flag_have_columns(open_workbook):
    rows = [indicator(1, forecast=Decimal("33.456"), forecast_misses=True), indicator(2)]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    assert (sheet["N4"].value, sheet["O4"].value) == (33.46, "预计无法完成")
    assert (sheet["N5"].value, sheet["O5"].value) == (None, None)


def test_status_colours_are_tints_of_the_web_badges():
    """Each status's fill in the workbook has the hue of its badge in static/css/app.css."""
    import colorsys
    import re
    from pathlib import Path

    from django.conf import settings

    from spreadsheets.formats.styles import STATUS_COLOURS

    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    variables = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", css))
    badges = {}
    for selectors, colour in re.findall(r"([^{}]+)\{[^}]*?background:([^;}]+)", css):
        colour = colour.strip()
        colour = variables.get(colour[6:-1], colour) if colour.startswith("var(") else colour
        for selector in selectors.split(","):
            if (match := re.fullmatch(r"\s*\.badge\.(\w+)\s*", selector)) and colour.startswith("#"):
                badges[match[1]] = colour
    badges.setdefault("no_data", variables["none"])
    badges.setdefault("not_assessable", variables["none"])

    def hue(hex_colour):
        r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        h, lightness, s = colorsys.rgb_to_hls(r, g, b)
        return None if s < 0.2 or max(r, g, b) - min(r, g, b) < 0.08 else h * 360

    for code, fill in STATUS_COLOURS.items():
        web, sheet = hue(badges[code]), hue(fill)
        if web is None or sheet is None:
            assert web is None and sheet is None, code  # grey on both
        else:
            assert min(abs(web - sheet), 360 - abs(web - sheet)) < 35, (code, badges[code], fill)


def test_a_jurisdictions_two_plans_are_told_apart_by_their_periods(open_workbook):
    later = dataclasses.replace(
        plan(title="宽城区生态环境保护“十五五”规划"),
        years=[2026, 2027, 2028, 2029, 2030],
        baseline_year=2025,
        report_year=2026,
    )
    names = open_workbook(build_report([plan(), later], exported_on=EXPORTED, summary=True)).sheetnames
    assert {"宽城区·十四五·主要指标", "宽城区·十五五·主要指标"} <= set(names)
    assert not any(name.endswith(")") for name in names)  # no "宽城区·主要指标(2)"


def test_the_progress_column_shows_the_latest_text_reported_and_demo_is_its_own_column(open_workbook):
    reported = TaskRow(
        "第三章", "推进大气污染防治", "区生态环境分局", "", {2023: "done"}, "完成燃煤锅炉淘汰", 2023, True
    )
    silent = TaskRow("第三章", "推进水污染防治", "区生态环境分局", "", {})
    sheet = sheet_of(open_workbook, plan(tasks=[reported, silent]), name="重点任务")
    header = [c.value for c in sheet[3]]
    assert header[-2:] == ["演示数据", "最新进展"]
    assert [c.value for c in sheet[4]][-2:] == ["是", "2023年：完成燃煤锅炉淘汰"]
    assert [c.value for c in sheet[5]][-2:] == [None, None]


def test_a_long_note_gets_a_row_tall_enough_to_print_its_wrapped_lines(open_workbook):
    long_note = "该项指标仅对国控断面进行考核，" * 12
    sheet = sheet_of(open_workbook, plan(indicators=[indicator(1, note=long_note), indicator(2)]))
    column = sheet.column_dimensions[sheet.cell(3, sheet.max_column).column_letter].width
    lines = -(-len(long_note.encode("gbk")) // (column - 1))
    assert lines > 2
    assert sheet.row_dimensions[4].height >= 13.5 * lines
    assert sheet.row_dimensions[5].height is None  # a short row keeps the default height


def _final(seq, status, label, **kwargs):
    return indicator(seq, status=status, status_label=label, final=True, **kwargs)


def test_a_plan_whose_verdicts_are_all_final_has_no_forecast_columns(open_workbook):
    rows = [_final(1, "not_met", "未达标"), _final(2, "no_data", "2025年数据未报", unreported=True)]
    sheet = sheet_of(open_workbook, plan(indicators=rows))
    header = [c.value for c in sheet[3]]
    assert header[-3:] == ["指标属性", "完成情况", "备注"]
    assert "2025年预测" not in header and "预计无法完成" not in header
    # 2025年数据未报 in the colour of 暂无数据, as on the dashboard.
    assert [shown_fill(sheet, f"M{row}") for row in (4, 5)] == ["FFC7CE", "EDEDED"]
    # One row still running keeps them (a final year asked while the period runs).
    sheet = sheet_of(open_workbook, plan(indicators=[*rows, indicator(3)]))
    assert [c.value for c in sheet[3]][-3:] == ["2025年预测", "预计无法完成", "备注"]


def test_the_summary_counts_a_final_year_not_reported_apart_from_no_data(open_workbook):
    rows = [
        _final(1, "no_data", "2025年数据未报", unreported=True),
        _final(2, "no_data", "2025年数据未报", unreported=True),
        indicator(3, status="no_data"),
    ]
    sheet = sheet_of(open_workbook, plan(indicators=rows), summary=True, name="汇总")
    counts = dict(zip([c.value for c in sheet[3]], [c.value for c in sheet[4]], strict=True))
    assert (counts["暂无数据"], counts["规划末年数据未报"]) == (1, 2)
