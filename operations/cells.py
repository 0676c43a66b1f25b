"""Cell values every writer shares: numbers as numbers, and text that would run as a formula kept text."""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell import Cell

# Text that Excel or LibreOffice would run as a formula (OWASP's list): names, narratives and notes are
# typed by people, so such text goes out as text, never as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number ("-3", "+2.5") is read as a number, not run: it stays as it is (defusedcsv's rule).
SIGNED_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def cell_value(value):
    """Numbers as numbers (integral ones without a decimal tail), everything else as printed."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(value)


def escaped_text(value):
    """For text files (csv): formula-like text behind an apostrophe, which spreadsheets show as text."""
    return f"'{value}" if is_formula_like(value) else value


def unescaped_text(value):
    """What `escaped_text` wrote, read back: the apostrophe it added is dropped."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def as_text(cell):
    """The cell holding its text as a string, marked so that Excel keeps it text when it is edited."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_cell(ws, item):
    """`item` (a value or a cell) ready to append to an xlsx sheet: formula-like text becomes a text cell."""
    if isinstance(item, Cell):
        return as_text(item) if is_formula_like(item.value) else item
    return as_text(Cell(ws, row=1, column=1, value=item)) if is_formula_like(item) else item
