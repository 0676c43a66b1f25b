"""Word (.docx) plans: the seeds written as Word documents with real tables import to the outlines of
their texts; tables, merged cells and boxes read as printed; unsafe or foreign files are refused."""

import io
import zipfile

import docx
import pytest

from importer import services
from plans.importing import PlanParseError, parse_plan, read_document
from plans.importing.documents import MAX_DOCUMENT_BYTES

from .conftest import seed_path
from .documents import blocks, docx_bytes


def comparable(outline) -> dict:
    """The outline's JSON form without its warnings (they cite line numbers of the text read)."""
    data = outline.to_dict()
    data.pop("warnings")
    return data


def word(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repacked(data: bytes, extra: dict[str, bytes]) -> bytes:
    """The package with more members."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for member in source.infolist():
            out.writestr(member, source.read(member))
        for name, content in extra.items():
            out.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_written_as_word_imports_to_the_outline_of_its_text(seed_outline, prefix):
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    rendered = docx_bytes(blocks(text, original))
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        xml = package.read("word/document.xml").decode()
    assert ("<w:gridSpan" in xml) == any(box.kind == "indicators" for box in original.boxes)
    assert comparable(parse_plan(read_document("plan.docx", rendered))) == comparable(original)


def test_merged_cells_read_as_the_printed_table():
    def build(document):
        table = document.add_table(rows=3, cols=4)
        for row, values in zip(
            table.rows,
            [["指标", "", "2020年", "2025年"], ["水环境", "1", "3", "0"], ["", "2", "80", "85"]],
            strict=True,
        ):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "水环境"

    assert read_document("t.docx", word(build)).splitlines() == [
        "指标\t2020年\t2025年",
        "水环境\t1\t3\t0",
        "\t2\t80\t85",
    ]


def test_a_box_drawn_as_a_one_cell_table_reads_as_its_title_and_lines():
    def build(document):
        document.add_paragraph("前文。")
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "专栏2  绿色发展工程"
        cell.add_paragraph("1.实施清洁能源建设工程。推动绿色电力利用。")
        cell.add_paragraph("2.实施绿色农业发展工程。")
        document.add_paragraph("后文。")

    assert read_document("t.docx", word(build)).splitlines() == [
        "前文。",
        "专栏2  绿色发展工程",
        "1.实施清洁能源建设工程。推动绿色电力利用。",
        "2.实施绿色农业发展工程。",
        "后文。",
    ]


def test_a_line_break_inside_a_paragraph_starts_a_new_line():
    def build(document):
        document.add_paragraph("第一章 总则\n第一节 目标")

    assert read_document("t.docx", word(build)).splitlines() == ["第一章 总则", "第一节 目标"]


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(PlanParseError) as raised:
        parse_plan(read_document(name, data))
    return raised.value.message


def test_a_macro_enabled_document_is_refused_by_its_name():
    assert "宏" in refusal("plan.docm", word(lambda d: d.add_paragraph("第一章 总则")))


def test_a_document_carrying_macros_is_refused_whatever_its_name():
    data = repacked(word(lambda d: d.add_paragraph("第一章 总则")), {"word/vbaProject.bin": b"\x00" * 64})
    assert refusal("plan.docx", data) == (
        "文件含有宏（VBA代码），为安全起见不予导入：请另存为不含宏的Word文档（.docx）后上传"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = repacked(
        word(lambda d: d.add_paragraph("第一章 总则")), {"word/media/big.bin": bytes(30 * 1024 * 1024)}
    )
    assert len(data) < 1024 * 1024
    assert refusal("plan.docx", data) == "文件解压后的体积异常（可能是压缩炸弹），不予导入"


def test_a_file_that_is_no_word_package_is_refused():
    assert "不是有效的Word文档" in refusal("plan.docx", "第一章 总则".encode())


def test_a_word_document_that_is_no_plan_is_refused_in_chinese():
    def build(document):
        document.add_heading("关于召开年度工作会议的通知", level=1)
        document.add_paragraph("各单位：定于下周一召开年度工作会议，请准时参加。")

    assert refusal("letter.docx", word(build)) == (
        "未找到章节结构（“第一章”或“一、”形式的标题），这不像一份规划文本"
    )


def test_a_file_over_the_size_limit_is_refused_unread():
    assert "文件超过 20 MB" in refusal("plan.docx", bytes(MAX_DOCUMENT_BYTES + 1))


@pytest.mark.django_db
def test_the_import_service_reads_a_word_file(tmp_path, seed_outline):
    text = seed_path("000").read_text(encoding="utf-8")
    path = tmp_path / "宽城区规划.docx"
    path.write_bytes(docx_bytes(blocks(text, seed_outline("000"))))
    plan = services.plan_import_file(path=path, create_jurisdiction=True).plan
    assert (plan.title, plan.chapters.count(), plan.indicators.count()) == (
        "宽城区生态环境保护“十四五”规划",
        len(seed_outline("000").chapters),
        20,
    )
