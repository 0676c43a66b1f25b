import pytest
from django.core.management import CommandError, call_command

from accounts.models import Jurisdiction, ResponsibleUnit
from importer.synthetic import synthetic_clear, synthetic_generate, value_years
from indicators.models import Indicator, IndicatorValue, ReviewState
from plans.models import Plan, Task
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_generates_the_number_of_plans_asked_for():
    report = synthetic_generate(plans=9)
    assert report.plans == 9
    assert Plan.objects.filter(is_synthetic=True).count() == 9


def test_every_synthetic_plan_and_jurisdiction_is_marked():
    synthetic_generate(plans=8)
    assert not Plan.objects.filter(is_synthetic=False).exists()
    assert not Jurisdiction.objects.filter(is_synthetic=False).exists()


def test_plans_have_tasks_with_units_indicators_and_projects():
    synthetic_generate(plans=3)
    plan = Plan.objects.first()
    assert Task.objects.filter(section__chapter__plan=plan, responsibilities__role="lead").exists()
    assert plan.indicators.count() >= 12
    assert plan.boxes.filter(kind="projects", projects__isnull=False).exists()


def test_values_are_approved_and_within_2021_to_2024():
    synthetic_generate(plans=3)
    years = set(IndicatorValue.objects.values_list("year", flat=True))
    assert years <= {2021, 2022, 2023, 2024}
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {ReviewState.APPROVED}


def test_district_indicators_point_at_their_city_indicator_of_the_same_key():
    synthetic_generate(plans=7)
    linked = Indicator.objects.filter(parent_indicator__isnull=False).select_related("parent_indicator__plan")
    assert linked.exists()
    for indicator in linked:
        assert indicator.parent_indicator.key == indicator.key
        assert indicator.parent_indicator.plan.jurisdiction_id == indicator.plan.jurisdiction.parent_id


def test_indicators_have_directions_attributes_targets_and_units():
    synthetic_generate(plans=2)
    for indicator in Indicator.objects.all():
        assert indicator.direction and indicator.attribute and indicator.target_text and indicator.key
        assert indicator.units.exists()


def test_same_seed_gives_the_same_data():
    synthetic_generate(plans=2, seed=1)
    first = list(IndicatorValue.objects.order_by("pk").values_list("value", flat=True))
    synthetic_clear()
    synthetic_generate(plans=2, seed=1)
    assert list(IndicatorValue.objects.order_by("pk").values_list("value", flat=True)) == first


def test_generating_twice_adds_new_jurisdictions():
    synthetic_generate(plans=3)
    synthetic_generate(plans=3)
    assert Plan.objects.filter(is_synthetic=True).count() == 6


def test_clear_removes_only_synthetic_rows():
    real = IndicatorFactory(plan=PlanFactory())
    IndicatorValueFactory(indicator=real, year=2022)
    synthetic_generate(plans=4)
    synthetic_clear()
    assert list(Plan.objects.all()) == [real.plan]
    assert IndicatorValue.objects.count() == 1
    assert not Jurisdiction.objects.filter(is_synthetic=True).exists()
    assert not ResponsibleUnit.objects.filter(jurisdiction__is_synthetic=True).exists()


def test_command_adds_and_clears(capsys):
    call_command("generate_synthetic", plans=3)
    assert Plan.objects.filter(is_synthetic=True).count() == 3
    call_command("generate_synthetic", clear=True)
    assert not Plan.objects.exists()


def test_command_without_arguments_is_refused():
    with pytest.raises(CommandError):
        call_command("generate_synthetic")


def test_value_years_are_the_plans_years_before_the_one_being_reported(monkeypatch):
    monkeypatch.setattr("importer.synthetic.reporting_year", lambda: 2025)  # late 2026
    assert value_years(Plan(start_year=2021, end_year=2025, baseline_year=2020)) == [2021, 2022, 2023, 2024]
    assert value_years(Plan(start_year=2026, end_year=2030, baseline_year=2025)) == []
    monkeypatch.setattr("importer.synthetic.reporting_year", lambda: 2028)
    assert value_years(Plan(start_year=2026, end_year=2030, baseline_year=2025)) == [2026, 2027]
