"""The one number parser, `validation.clean_number`, on the shared cases (`tests/number_cases.py`)."""

import pytest
from django.core.exceptions import ValidationError

from indicators.validation import clean_number
from tests.number_cases import ACCEPTED, DECIMAL_COMMA_MESSAGE, REFUSED


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_accepted_figures_read_as_their_number(raw, expected):
    assert clean_number(raw, unit="µg/m3") == expected


@pytest.mark.parametrize(("raw", "code"), REFUSED)
def test_refused_figures_say_why(raw, code):
    with pytest.raises(ValidationError) as refused:
        clean_number(raw, unit="µg/m3")
    assert refused.value.code == code


def test_a_decimal_comma_is_refused_with_the_figure_meant():
    with pytest.raises(ValidationError) as refused:
        clean_number("12,0")
    assert refused.value.messages == [DECIMAL_COMMA_MESSAGE]


def test_a_full_width_percent_sign_is_read_for_a_percentage():
    assert str(clean_number("８５．５％", unit="%")) == "85.5"
