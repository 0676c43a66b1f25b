"""An office's own Word template: uploaded per jurisdiction in the admin, used for its reports, checked on
upload; and the layout rules the writer applies whatever the template (title lines, charts)."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluation.models import ReportTemplate
from evaluation.writer import TEMPLATE, title_lines
from indicators.models import Indicator, ReviewState
from tests.factories import IndicatorFactory, IndicatorValueFactory, add_values

from .reading import jurisdiction_docx, plan_docx, text_of

pytestmark = pytest.mark.django_db


def office_template(heading="五、下一步工作打算") -> bytes:
    document = docx.Document(str(TEMPLATE))
    paragraph = next(p for p in document.paragraphs if p.text == "五、下一步工作建议")
    paragraph.runs[0].text = heading
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_jurisdictions_uploaded_template_writes_its_reports_and_no_one_elses(dash):
    ReportTemplate.objects.create(
        jurisdiction=dash.district, file=ContentFile(office_template(), name="宽城区模板.docx")
    )
    assert "五、下一步工作打算" in text_of(plan_docx(dash.plan, 2025))
    sibling = text_of(plan_docx(dash.sibling_plan, 2025))
    assert "五、下一步工作建议" in sibling and "打算" not in sibling  # falls back to the shipped one
    assert "五、下一步工作建议" in text_of(jurisdiction_docx(dash.city, 2025))


def test_the_command_writes_from_a_template_file(dash, tmp_path):
    template = tmp_path / "office.docx"
    template.write_bytes(office_template())
    out = tmp_path / "report.docx"
    call_command(
        "evaluation_report",
        str(dash.plan.pk),
        year=2025,
        out=str(out),
        template=str(template),
        stdout=io.StringIO(),
    )
    assert "五、下一步工作打算" in text_of(docx.Document(str(out)))


def test_the_command_refuses_a_template_that_is_not_a_word_file(dash, tmp_path):
    template = tmp_path / "office.docx"
    template.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="不是可用的Word"):
        call_command(
            "evaluation_report",
            str(dash.plan.pk),
            year=2025,
            out=str(tmp_path / "x.docx"),
            template=str(template),
        )
    assert not (tmp_path / "x.docx").exists()


def test_the_admin_stores_a_working_template_and_refuses_a_broken_one(client, dash):
    client.force_login(dash.users["admin"])
    url = reverse("admin:evaluation_reporttemplate_add")
    broken = office_template(heading="五、{{ 未闭合 ")
    response = client.post(
        url, {"jurisdiction": dash.district.pk, "file": SimpleUploadedFile("坏模板.docx", broken)}
    )
    assert response.status_code == 200
    assert "模板中的域无法识别" in response.content.decode()
    assert not ReportTemplate.objects.exists()
    response = client.post(
        url,
        {"jurisdiction": dash.district.pk, "file": SimpleUploadedFile("宽城区模板.docx", office_template())},
    )
    assert response.status_code == 302
    stored = ReportTemplate.objects.get()
    assert stored.original_name == "宽城区模板.docx" and stored.uploaded_by == dash.users["admin"]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("宽城区生态环境保护“十四五”规划终期评估报告", ["宽城区生态环境保护", "“十四五”规划终期评估报告"]),
        (
            "长春市及所辖地区生态环境保护“十四五”规划终期评估报告",
            ["长春市及所辖地区生态环境保护", "“十四五”规划终期评估报告"],
        ),
        ("吉林市规划终期评估报告", ["吉林市规划终期评估报告"]),
    ],
)
def test_the_title_turns_where_a_word_ends_in_balanced_lines(title, lines):
    assert title_lines(title) == lines


def test_a_long_title_never_leaves_one_character_alone_nor_splits_the_quoted_period():
    title = "聚焦巩固绿色发展优势在生态文明建设上实现新突破行动计划终期评估报告"
    lines = title_lines(title)
    assert "".join(lines) == title
    assert min(len(line) for line in lines) >= 10
    assert all(
        "“" not in line or "”" in line for line in title_lines("某某区生态环境保护“十四五”规划中期评估报告")
    )


def test_only_indicators_with_approved_values_get_a_chart_the_others_are_named(dash):
    empty = IndicatorFactory(plan=dash.plan, attribute="约束性", name="无数据约束性指标", seq=9)
    document = plan_docx(dash.plan, 2023)
    charted = Indicator.objects.filter(plan=dash.plan, attribute="约束性").exclude(pk=empty.pk).count()
    assert len(document.inline_shapes) == charted
    assert "以下约束性指标2021—2023年无审核数据，未作图：无数据约束性指标。" in text_of(document)
    add_values(empty, {2022: 5})
    assert len(plan_docx(dash.plan, 2023).inline_shapes) == charted + 1


def test_a_value_entered_by_a_user_is_not_marked_demo_beside_earlier_demo_values(dash):
    add_values(dash.pm25, {2024: 40})
    dash.pm25.values.filter(year=2023).update(is_demo=True)
    document = plan_docx(dash.plan, 2024)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    pm25 = next(row for row in table.rows if row.cells[1].text == dash.pm25.name)
    assert pm25.cells[5].text == "40\n2024年"  # the latest, entered and approved: no demo mark
    assert document.sections[0].header.paragraphs[0].text == "含演示数据"  # the chart shows 2023's


def test_a_text_target_with_approved_statuses_is_a_row_of_the_year_by_status_table(dash):
    text_target = IndicatorFactory(plan=dash.plan, qualitative=True, attribute="约束性", seq=8)
    IndicatorValueFactory(
        indicator=text_target, year=2022, value=None, status="in_progress", state=ReviewState.APPROVED
    )
    IndicatorValueFactory(
        indicator=text_target, year=2023, value=None, status="done", state=ReviewState.APPROVED
    )
    document = plan_docx(dash.plan, 2023)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "指标" and len(t.columns) == 6)
    assert [c.text for c in table.rows[0].cells] == ["指标", "2021年", "2022年", "2023年", "2024年", "2025年"]
    assert [c.text for c in table.rows[1].cells] == [text_target.name, "—", "推进中", "已完成", "—", "—"]
    grid = table._tbl.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblGrid")
    assert len(grid) == 6  # LibreOffice draws the columns from the grid
    assert "定性约束性指标年度完成情况" in text_of(document)
