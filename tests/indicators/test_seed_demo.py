"""seed_demo: demo accounts and demo values, idempotent, only in demo mode."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from indicators.demo import DEMO_PASSWORD
from indicators.models import IndicatorValue, ReviewState
from plans.models import Jurisdiction
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    JurisdictionFactory,
    PlanFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    """What load_plans leaves: 长春市 › 宽城区 and 吉林市 with their units and plans."""
    province = JurisdictionFactory(name="吉林省", level=Jurisdiction.Level.PROVINCE)
    changchun = JurisdictionFactory(name="长春市", level=Jurisdiction.Level.CITY, parent=province)
    kuancheng = JurisdictionFactory(name="宽城区", parent=changchun)
    jilin = JurisdictionFactory(name="吉林市", level=Jurisdiction.Level.CITY, parent=province)
    units = {
        "kc_eco": UnitFactory(jurisdiction=kuancheng, name="区生态环境分局"),
        "kc_dev": UnitFactory(jurisdiction=kuancheng, name="区发改局"),
        "jl_eco": UnitFactory(jurisdiction=jilin, name="市生态环境局"),
    }
    kc_plan = PlanFactory(jurisdiction=kuancheng)
    jl_plan = PlanFactory(jurisdiction=jilin)
    indicators = [
        IndicatorFactory(plan=kc_plan, seq=1),
        IndicatorFactory(
            plan=kc_plan,
            seq=2,
            name="空气质量优良天数比例",
            unit="%",
            baseline_text="88.5",
            baseline_value=Decimal("88.5"),
            target_text="90",
            target_value=90,
            direction="higher_is_better",
        ),
        IndicatorFactory(
            plan=kc_plan,
            seq=3,
            name="城市黑臭水体比例",
            unit="%",
            baseline_text="0",
            baseline_value=0,
            target_text="0",
            target_value=0,
            direction="hold",
        ),
        IndicatorFactory(plan=jl_plan, seq=1),
    ]
    for indicator in indicators[:3]:
        indicator.units.add(units["kc_eco"])
    indicators[3].units.add(units["jl_eco"])
    IndicatorFactory(
        plan=kc_plan,
        seq=4,
        name="突发环境事件应急",
        unit="",
        baseline_text="--",
        baseline_value=None,
        target_text="有效保障",
        target_value=None,
        direction="qualitative",
    )
    return indicators


def seed(**kwargs):
    call_command("seed_demo", force=True, **kwargs)


def test_refuses_to_run_outside_demo_mode(loaded, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_MODE", raising=False)
    with pytest.raises(CommandError, match="DEMO_MODE=1"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_runs_with_demo_mode_in_the_environment(loaded, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_MODE", "1")
    call_command("seed_demo")
    assert User.objects.filter(username="kc_sthj").exists()


def test_accounts_get_their_roles_units_and_password(loaded):
    seed()
    kc_sthj = User.objects.get(username="kc_sthj")
    assert kc_sthj.check_password(DEMO_PASSWORD) and kc_sthj.is_staff
    assert [u.name for u in kc_sthj.units.all()] == ["区生态环境分局"]
    assert [u.name for u in User.objects.get(username="kc_fgj").units.all()] == ["区发改局"]
    assert [u.name for u in User.objects.get(username="jl_sthj").units.all()] == ["市生态环境局"]
    assert User.objects.get(username="kc_review").jurisdiction.name == "宽城区"
    assert User.objects.get(username="cc_leader").role == User.Role.LEADER
    assert User.objects.get(username="admin").is_superuser


def test_staff_accounts_are_in_their_role_group(loaded):
    seed()
    assert User.objects.get(username="kc_sthj").has_perm("indicators.change_indicatorvalue")
    assert not User.objects.get(username="kc_leader").has_perm("indicators.change_indicatorvalue")
    assert User.objects.get(username="kc_leader").has_perm("indicators.view_indicatorvalue")


def test_demo_values_cover_2021_to_2023_of_numeric_indicators(loaded):
    seed()
    assert IndicatorValue.objects.count() == 4 * 3
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2021, 2022, 2023}
    assert not IndicatorValue.objects.filter(indicator__direction="qualitative").exists()


def test_demo_values_are_marked_and_in_mixed_states(loaded):
    seed()
    assert not IndicatorValue.objects.filter(is_demo=False).exists()
    assert IndicatorValue.objects.filter(year=2021).exclude(state=ReviewState.APPROVED).count() == 0
    assert IndicatorValue.objects.filter(year=2023).exclude(state=ReviewState.APPROVED).count() == 4


def test_demo_percentages_stay_within_0_and_100(loaded):
    seed()
    assert all(
        0 <= v <= 100
        for v in IndicatorValue.objects.filter(indicator__unit="%").values_list("value", flat=True)
    )


def test_demo_values_are_reported_by_the_units_account(loaded):
    seed()
    assert set(
        IndicatorValue.objects.filter(indicator=loaded[0]).values_list("reported_by__username", flat=True)
    ) == {"kc_sthj"}


def test_running_twice_changes_nothing(loaded):
    seed()
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "state"))
    seed()
    assert list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "state")) == before
    assert User.objects.filter(username="kc_sthj").count() == 1


def test_existing_real_values_are_left_alone(loaded):
    real = IndicatorValueFactory(indicator=loaded[0], year=2022, value=37)
    seed()
    real.refresh_from_db()
    assert (real.value, real.is_demo) == (37, False)


def test_without_loaded_plans_it_explains_and_creates_only_the_admin(db, capsys):
    seed()
    output = capsys.readouterr().out
    assert "load_plans" in output and DEMO_PASSWORD in output
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]
