"""How figures typed or pasted read, the same on the 填报 page, in the API and in the spreadsheet import
(all three go through `indicators.validation.clean_number`): (typed, the Decimal saved or the code of
the refusal). Imported by the tests of each path."""

from decimal import Decimal

NUMBER_CASES = [
    ("38.5", Decimal("38.5")),
    ("８８．５", Decimal("88.5")),  # full-width, as Chinese input methods type it
    ("１２", Decimal("12")),
    (" 41 ", Decimal("41")),
    ("1,234", Decimal("1234")),
    ("12,345,678", Decimal("12345678")),
    ("１，２３４", Decimal("1234")),
    ("1,234.5", Decimal("1234.5")),
    ("12,0", "decimal_comma"),  # Excel in a European locale: never 120
    ("1,23", "decimal_comma"),
    ("1,2345", "decimal_comma"),
    ("12,34,567", "grouping"),
    ("1,234,56", "grouping"),
    ("1_000", "not_a_number"),
    ("²⁰²⁴", "not_a_number"),
    ("三十八", "not_a_number"),
]
ACCEPTED = [(raw, expected) for raw, expected in NUMBER_CASES if isinstance(expected, Decimal)]
REFUSED = [(raw, code) for raw, code in NUMBER_CASES if isinstance(code, str)]
# The message of a decimal comma names the figure meant.
DECIMAL_COMMA_MESSAGE = "逗号不能作小数点，请写成12.0"
