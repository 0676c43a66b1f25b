"""Rendering a report as a reader sees it: LibreOffice headless turns the .docx into a PDF (installed by
scripts/install_libreoffice.sh, which `make test` runs), pdfplumber reads the pages back."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (scripts/install_libreoffice.sh)"
)

SLACK = 3  # points: a caption's line box may start a little above the picture's lower edge
CELL_MARGIN = 2.5  # points each side: the template's 50 twips
CAPTION = re.compile(r"^图\d+ ")
PAGE_NUMBER = re.compile(r"^— \d+ —$")
# Words a cell must never break: the status words and the attributes, as the report prints them.
WHOLE_WORDS = (
    "已达标",
    "未达标",
    "进度正常",
    "进度滞后",
    "逆向变化",
    "暂无数据",
    "数据未报",  # a final year not reported: “2025年数据未报”
    "预计不达标",
    "约束性",
    "预期性",
)


def to_pdf(docx: Path) -> Path:
    """The PDF LibreOffice prints of `docx`, beside it (its own profile: tests may run side by side)."""
    profile = docx.parent / f"{docx.stem}-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return docx.with_suffix(".pdf")


@dataclass
class Cell:
    inner_width: float
    lines: list[dict]  # pdfplumber text lines, with the width of their first character (first_width)


@dataclass
class Page:
    number: int
    height: float
    lines: list[dict]  # pdfplumber text lines: text, top, bottom
    images: list[dict]  # top, bottom
    cells: list[Cell]

    @property
    def body_lines(self):
        """The text without the running header (含演示数据) and the page number."""
        return [
            line
            for line in self.lines
            if not PAGE_NUMBER.match(line["text"]) and line["text"] != "含演示数据"
        ]


def _cell(page, bbox) -> Cell:
    lines = [
        {**line, "first_width": line["chars"][0]["x1"] - line["chars"][0]["x0"]}
        for line in page.crop(bbox).extract_text_lines()
        if line["text"].strip()
    ]
    return Cell(bbox[2] - bbox[0] - 2 * CELL_MARGIN, lines)


def read_pages(pdf_path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            cells = [
                _cell(page, bbox)
                for table in page.find_tables()
                for row in table.rows
                for bbox in row.cells
                if bbox is not None
            ]
            pages.append(
                Page(
                    number=number,
                    height=float(page.height),
                    lines=page.extract_text_lines(),
                    images=[{"top": i["top"], "bottom": i["bottom"]} for i in page.images],
                    cells=cells,
                )
            )
    return pages


def misplaced_captions(pages: list[Page]) -> list[str]:
    """图N captions not directly below an image of their page (no text between), and images without
    a caption directly below them."""
    wrong = []
    for page in pages:
        captions = [line for line in page.body_lines if CAPTION.match(line["text"])]
        for caption in captions:
            above = [image for image in page.images if image["bottom"] <= caption["top"] + SLACK]
            if not above:
                wrong.append(f"p{page.number}: {caption['text']} has no figure above it")
                continue
            image = max(above, key=lambda i: i["bottom"])
            between = [
                line
                for line in page.body_lines
                if line is not caption
                and image["bottom"] - SLACK <= line["top"]
                and line["bottom"] <= caption["top"] + SLACK
            ]
            if between or caption["top"] - image["bottom"] > 30:
                wrong.append(f"p{page.number}: {caption['text']} is not directly below its figure")
        for image in page.images:
            if not [c for c in captions if -SLACK <= c["top"] - image["bottom"] <= 30]:
                wrong.append(f"p{page.number}: a figure at {image['top']:.0f} has no caption below it")
    return wrong


def broken_cells(pages: list[Page]) -> list[str]:
    """Table cells where a figure, a year or a status word runs from one line onto the next. Only lines
    the cell's width ended count: a line break the report puts in (a value, then its year) is no wrap."""
    wrong = []
    for page in pages:
        for cell in page.cells:
            for before, after in zip(cell.lines, cell.lines[1:], strict=False):
                if before["x1"] - before["x0"] + after["first_width"] < cell.inner_width - 0.5:
                    continue  # the line ended before the cell's edge: a break, not a wrap
                end, start = before["text"].rstrip(), after["text"].lstrip()
                if re.search(r"[0-9.]$", end) and re.match(r"[0-9.%]", start):
                    wrong.append(f"p{page.number}: {end!r} / {start!r}")
                if any(mark in "".join(line["text"] for line in cell.lines) for mark in "，。；"):
                    continue  # a sentence: Chinese prose may turn between any two characters
                if re.search(r"[0-9]$", end) and start.startswith("年"):
                    wrong.append(f"p{page.number}: a year broken as {end!r} / {start!r}")
                joined = end + start
                for word in WHOLE_WORDS:
                    at = joined.find(word, max(0, len(end) - len(word) + 1))
                    if 0 <= at < len(end) < at + len(word):
                        wrong.append(f"p{page.number}: {word} broken as {end!r} / {start!r}")
    return wrong


def half_empty_pages(pages: list[Page], text_top: float, text_bottom: float) -> list[int]:
    """Pages (but the last) whose text and figures end above the middle of the text area."""
    middle = text_top + (text_bottom - text_top) / 2
    out = []
    for page in pages[:-1]:
        bottoms = [line["bottom"] for line in page.body_lines] + [image["bottom"] for image in page.images]
        if not bottoms or max(bottoms) < middle:
            out.append(page.number)
    return out
