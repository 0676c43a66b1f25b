"""A file chosen on the 填报 page whose page was refused: nothing was saved, and the browser does not
choose the file again on the page it gets back, so the page says so on the row and above the rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.evidence_model import Evidence
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def post(client, data, **buttons):
    return client.post(
        f"{reverse('entry:entry')}?year=2022", {"year": 2022, **data, **(buttons or {"save": "1"})}
    )


def with_file(indicator, value="38", name="监测报告.pdf", content=PDF):
    return {
        f"value{indicator.pk}-value": value,
        f"value{indicator.pk}-evidence": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }


def test_a_file_chosen_on_a_page_refused_for_another_row_is_named_to_be_chosen_again(staff, world):
    other = IndicatorFactory(plan=world.plan, box=world.indicator.box, seq=9, name="指标乙")
    other.units.add(world.own_unit)
    response = post(staff, {**with_file(world.indicator), f"value{other.pk}-value": "abc"})
    html = response.content.decode()
    assert response.status_code == 200 and not Evidence.objects.exists()
    assert "“监测报告.pdf”未保存，请重新选择该文件。" in html
    assert "有1个已选择的文件未保存，请重新选择" in html
    assert [row.upload_dropped for row in response.context["summary"].dropped_uploads] == ["监测报告.pdf"]


def test_a_file_chosen_before_the_missing_rows_question_is_named_to_be_chosen_again(staff, world):
    """Without script, 提交 with rows still empty asks on a new page; its button posts no file."""
    empty = IndicatorFactory(plan=world.plan, box=world.indicator.box, seq=9, name="指标乙")
    empty.units.add(world.own_unit)
    response = post(staff, with_file(world.indicator), submit="1")
    assert response.context["missing"] and not Evidence.objects.exists()
    assert "“监测报告.pdf”未保存，请重新选择该文件。" in response.content.decode()


def test_a_refused_file_is_named_by_its_error_alone(staff, world):
    response = post(staff, with_file(world.indicator, content=b"not a pdf at all"))
    html = response.content.decode()
    assert "的内容不是PDF文件" in html and "未保存，请重新选择该文件" not in html


def test_a_page_shown_without_posting_names_no_file_to_choose_again(staff, world):
    response = staff.get(reverse("entry:entry"), {"year": 2022})
    assert response.context["summary"].dropped_uploads == []


def test_a_refused_file_and_a_refused_figure_of_one_row_are_said_together(staff, world):
    response = post(staff, with_file(world.indicator, value="-3", content=b"not a pdf at all"))
    html = response.content.decode()
    assert "的内容不是PDF文件" in html and "该指标不能为负数。" in html
