"""PDF plans: the seeds printed by Chromium (running header, page numbers, ruled tables with merged
cells) import to the outlines of their texts; encrypted, scanned and foreign files are refused."""

import io

import pypdfium2
import pytest
from PIL import Image, ImageDraw

from importer import services
from plans.importing import PlanParseError, parse_plan, read_document
from plans.importing.documents import MAX_DOCUMENT_BYTES

from .conftest import seed_path
from .documents import blocks, html_page, pdf_bytes


def comparable(outline) -> dict:
    data = outline.to_dict()
    data.pop("warnings")  # they cite line numbers of the text read
    return data


@pytest.fixture(scope="module")
def printed(browser, seed_outline):
    """printed(prefix) → the seed as a PDF printed by Chromium (cached; the run's one browser)."""
    cache = {}

    def render(prefix):
        if prefix not in cache:
            text = seed_path(prefix).read_text(encoding="utf-8")
            outline = seed_outline(prefix)
            cache[prefix] = pdf_bytes(browser, html_page(blocks(text, outline)), outline.plan.title)
        return cache[prefix]

    return render


def page_texts(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        return [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_printed_as_pdf_imports_to_the_outline_of_its_text(printed, seed_outline, prefix):
    assert comparable(parse_plan(read_document("plan.pdf", printed(prefix)))) == comparable(
        seed_outline(prefix)
    )


@pytest.mark.browser
def test_running_headers_and_page_numbers_are_dropped(printed, seed_outline):
    data = printed("000")
    title = seed_outline("000").plan.title
    pages = page_texts(data)
    assert len(pages) > 10
    assert all(title in page and f"- {number} -" in page for number, page in enumerate(pages, start=1))
    lines = read_document("plan.pdf", data).splitlines()
    assert not any(line.strip() == "- 5 -" for line in lines)
    assert sum(line.strip() == title for line in lines) == 0


@pytest.mark.browser
def test_a_ruled_table_reads_as_tab_rows_with_the_category_once(printed):
    lines = read_document("plan.pdf", printed("000")).splitlines()
    start = lines.index("指标\t2020年\t2025年\t指标属性")
    category, seq, name, *values = lines[start + 1].split("\t")
    assert (category, seq, name[:15], values) == (
        "生态环境质量",
        "1",
        "细颗粒物（PM2.5）年均浓度",
        ["42", "30", "约束性"],
    )
    assert lines[start + 2].split("\t")[:2] == ["", "2"]


@pytest.mark.browser
@pytest.mark.django_db
def test_the_import_service_reads_a_pdf_file(tmp_path, printed, seed_outline):
    path = tmp_path / "吉林市规划.pdf"
    path.write_bytes(printed("004"))
    plan = services.plan_import_file(path=path, create_jurisdiction=True).plan
    assert (plan.title, plan.chapters.count()) == (
        seed_outline("004").plan.title,
        len(seed_outline("004").chapters),
    )


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(PlanParseError) as raised:
        parse_plan(read_document(name, data))
    return raised.value.message


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal("plan.pdf", buffer.getvalue()) == (
        "该PDF已加密（需要密码才能打开），无法读取文字：请上传未加密的PDF或Word版"
    )


def test_a_scanned_pdf_without_a_text_layer_is_refused():
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for y in range(200, 1600, 40):
        draw.line((150, y, 1090, y), fill="black", width=12)  # lines of "print" with no text behind them
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=150)
    assert refusal("scan.pdf", buffer.getvalue()) == "该PDF没有文字层，请上传Word版或先进行文字识别"


def test_a_file_that_is_no_pdf_is_refused_by_its_first_bytes():
    assert "不是PDF格式" in refusal("plan.pdf", "第一章 总则".encode())


def test_a_damaged_pdf_is_refused():
    assert refusal("plan.pdf", b"%PDF-1.7\n" + bytes(2000)) == "PDF文件无法读取，可能已损坏"


def test_a_pdf_over_the_size_limit_is_refused_unread():
    assert "文件超过 20 MB" in refusal("plan.pdf", b"%PDF-1.7\n" + bytes(MAX_DOCUMENT_BYTES))
