"""Targets typed in the admin (a 目标调整, a 年度下达目标) read by the one number parser of yearly values
(`indicators.validation.clean_number`): "35,0" is refused with the message a value gets, never read as 350."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.attainment import TargetKind, parse_target
from indicators.models import AssignedTarget, TargetRevision
from indicators.validation import clean_target_text
from tests.indicators.test_admin_assigned_targets import change_form
from tests.number_cases import ACCEPTED, DECIMAL_COMMA_MESSAGE, REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["admin"])
    return client


def revision_form(indicator, figure, text="12"):
    return {
        "indicator": indicator.pk,
        "effective_year": 2024,
        "target_text": text,
        "target_value": figure,
        "reason": "中期调整",
        "decided_on": "2024-06-30",
    }


def test_a_revised_target_with_a_decimal_comma_is_refused_with_the_values_message(admin, world):
    response = admin.post(
        reverse("admin:indicators_targetrevision_add"), revision_form(world.indicator, "12,0")
    )
    assert response.status_code == 200
    assert DECIMAL_COMMA_MESSAGE in response.content.decode()
    assert not TargetRevision.objects.exists()


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_a_revised_target_reads_as_a_value_would(admin, world, raw, expected):
    response = admin.post(reverse("admin:indicators_targetrevision_add"), revision_form(world.indicator, raw))
    assert response.status_code == 302
    assert TargetRevision.objects.get().target_value == expected


def test_a_revised_target_written_35_comma_0_is_refused_not_read_as_350(admin, world):
    url = reverse("admin:indicators_targetrevision_add")
    response = admin.post(url, revision_form(world.indicator, "", text="35,0"))
    assert response.status_code == 200
    assert "逗号不能作小数点，请写成35.0" in response.content.decode()
    assert not TargetRevision.objects.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("≤35", "≤35"),
        ("３５．０", "35.0"),
        ("1,234", "1234"),
        ("43.6-89.9", "43.6-89.9"),
        ("完成市级下达任务", "完成市级下达任务"),
    ],
)
def test_a_revised_target_as_written_keeps_its_figures_plain(admin, world, typed, kept):
    url = reverse("admin:indicators_targetrevision_add")
    assert admin.post(url, revision_form(world.indicator, "", text=typed)).status_code == 302
    assert TargetRevision.objects.get().target_text == kept


def test_a_revision_in_the_indicators_page_is_refused_the_same_way(admin, world):
    url = reverse("admin:indicators_indicator_change", args=[world.indicator.pk])
    data = change_form(
        world.indicator,
        **{
            "revisions-TOTAL_FORMS": 1,
            "revisions-0-effective_year": 2024,
            "revisions-0-target_text": "35",
            "revisions-0-target_value": "35,0",
            "revisions-0-reason": "中期调整",
            "revisions-0-decided_on": "2024-06-30",
        },
    )
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "逗号不能作小数点，请写成35.0" in response.content.decode()
    assert not TargetRevision.objects.exists()


def test_an_assigned_figure_with_a_decimal_comma_is_refused(admin, world):
    url = reverse("admin:indicators_indicator_change", args=[world.indicator.pk])
    data = change_form(
        world.indicator,
        **{
            "assigned_targets-TOTAL_FORMS": 1,
            "assigned_targets-0-year": 2024,
            "assigned_targets-0-value": "1,9",
        },
    )
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "逗号不能作小数点，请写成1.9" in response.content.decode()
    assert not AssignedTarget.objects.exists()


def test_an_assigned_figure_typed_full_width_reads(admin, world):
    url = reverse("admin:indicators_indicator_change", args=[world.indicator.pk])
    data = change_form(
        world.indicator,
        **{
            "assigned_targets-TOTAL_FORMS": 1,
            "assigned_targets-0-year": 2024,
            "assigned_targets-0-value": "１．９",
        },
    )
    assert admin.post(url, data).status_code == 302
    assert str(AssignedTarget.objects.get().value.normalize()) == "1.9"


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_a_target_written_as_a_figure_reads_as_a_value_would(raw, expected):
    assert Decimal(clean_target_text(raw)) == expected


@pytest.mark.parametrize(("raw", "code"), REFUSED)
def test_a_target_written_as_a_figure_is_refused_as_a_value_would(raw, code):
    if parse_target(raw).kind == TargetKind.TEXT:  # words ("三十八") stay a text target
        assert clean_target_text(raw) == raw
        return
    with pytest.raises(ValidationError) as refused:
        clean_target_text(raw)
    assert refused.value.code == code
