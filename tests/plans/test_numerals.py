"""Chinese numerals as headings print them, read and written (`plans.importing.numerals`)."""

import pytest

from plans.importing.numerals import to_chinese, to_int


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (123, "一百二十三"),
        (999, "九百九十九"),
    ],
)
def test_numbers_are_written_as_headings_print_them(number, spoken):
    assert to_chinese(number) == spoken


@pytest.mark.parametrize("number", [*range(1, 200), 999])
def test_writing_and_reading_a_number_give_it_back(number):
    assert to_int(to_chinese(number)) == number


def test_a_number_beyond_the_hundreds_is_written_in_digits():
    assert to_chinese(1000) == "1000"
