"""Property tests of the one number parser, `validation.clean_number`: whatever is typed, it answers
a Decimal or a ValidationError (never another exception, which would be a 500), and what it returns
reads back as itself."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.validation import MAX_DECIMALS, clean_number

NAMES = st.sampled_from(["细颗粒物（PM2.5）年均浓度", "单位GDP能耗下降率", "化学需氧量重点工程减排量", ""])
UNITS = st.sampled_from([None, "", "%", "µg/m3", "天", "万吨"])
NUMBER_LIKE = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers().map(str),
    st.from_regex(r"\A[-+]?[0-9０-９,，_]{0,20}(\.[0-9]{0,6})?([eE][-+]?[0-9]{1,20})?\s*%?\Z"),
    st.text(max_size=30),
)
RAW = st.one_of(NUMBER_LIKE, st.integers(), st.floats(), st.decimals(allow_nan=True, allow_infinity=True))


def clean_or_none(raw, name, unit):
    try:
        return clean_number(raw, name=name, unit=unit)
    except ValidationError:
        return None


@settings(max_examples=200, deadline=None)
@given(raw=RAW, name=NAMES, unit=UNITS)
@example(raw="1e999999999999", name="", unit="万吨")  # once an OverflowError, i.e. a 500
@example(raw="sNaN", name="", unit=None)
@example(raw="-0", name="", unit="%")
def test_clean_number_answers_a_decimal_or_a_validation_error(raw, name, unit):
    number = clean_or_none(raw, name, unit)
    if number is not None:
        assert isinstance(number, Decimal) and number.is_finite()
        assert -number.as_tuple().exponent <= MAX_DECIMALS


@settings(max_examples=200, deadline=None)
@given(raw=RAW, name=NAMES, unit=UNITS)
def test_a_returned_number_reads_back_as_itself(raw, name, unit):
    number = clean_or_none(raw, name, unit)
    if number is not None:
        again = clean_number(str(number), name=name, unit=unit)
        assert again == number
        assert str(again) == str(number)
