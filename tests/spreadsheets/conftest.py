from io import BytesIO

import pytest
from openpyxl import load_workbook


@pytest.fixture
def open_workbook():
    """Read back what a writer produced, as Excel would see it."""

    def read(content: bytes):
        return load_workbook(BytesIO(content))

    return read


def shown_fill(sheet, coordinate):
    """The fill Excel shows on a cell: its own, or that of a conditional rule "equal to" its value."""
    cell = sheet[coordinate]
    for formatting in sheet.conditional_formatting:
        if coordinate in formatting.sqref:
            for rule in formatting.rules:
                if rule.operator == "equal" and rule.formula == [f'"{cell.value}"']:
                    return rule.dxf.fill.bgColor.rgb[-6:]
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
