"""Generating reports and reading them back with python-docx, as a bureau's Word would."""

import datetime
import io

import docx

from evaluation import services

WRITTEN_ON = datetime.date(2026, 3, 16)


def plan_docx(plan, year):
    return docx.Document(
        io.BytesIO(services.plan_report(plan=plan, year=year, written_on=WRITTEN_ON).content)
    )


def jurisdiction_docx(jurisdiction, year, user=None):
    written = services.jurisdiction_report(
        jurisdiction=jurisdiction, year=year, written_on=WRITTEN_ON, user=user
    )
    return docx.Document(io.BytesIO(written.content))


def title_of(document) -> str:
    """The title as one string (it is printed on balanced lines)."""
    return document.paragraphs[0].text.replace("\n", "")


def text_of(document) -> str:
    """Every paragraph, table cell and header of the document, one per line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def indicator_table(document):
    """The first table whose header starts 序号 / 指标 / 单位."""
    for table in document.tables:
        if [c.text for c in table.rows[0].cells[:3]] == ["序号", "指标", "单位"]:
            return table
    raise AssertionError("no indicator table")


def risk_table(document):
    for table in document.tables:
        if "存在问题" in [c.text for c in table.rows[0].cells]:
            return table
    return None
