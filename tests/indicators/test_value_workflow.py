import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from indicators.services import ConflictError
from tests.factories import IndicatorFactory, TaskFactory

pytestmark = pytest.mark.django_db


def enter(world, value="38.5", **kwargs):
    return services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value=value, **kwargs
    )


def test_entered_value_is_a_draft_by_its_reporter(world):
    value = enter(world)
    assert (value.state, value.reported_by.username, value.version) == ("draft", "kc_sthj", 1)
    assert float(value.value) == 38.5


def test_second_save_with_a_stale_version_is_refused_and_keeps_the_first(world):
    first = enter(world, "38.5")
    services.value_save(
        user=world.users["reporter_own"],
        indicator=world.indicator,
        year=2022,
        value="37",
        version=first.version,
    )
    with pytest.raises(ConflictError):
        services.value_save(
            user=world.users["reporter_own"],
            indicator=world.indicator,
            year=2022,
            value="36",
            version=first.version,
        )
    assert IndicatorValue.objects.get().value == 37


def test_return_without_a_reason_is_refused(world):
    value = services.record_submit(user=world.users["reporter_own"], record=enter(world))
    with pytest.raises(ValidationError):
        services.record_return(user=world.users["reviewer"], record=value, reason="  ")
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_returned_value_can_be_edited_again(world):
    value = services.record_submit(user=world.users["reporter_own"], record=enter(world))
    value = services.record_return(user=world.users["reviewer"], record=value, reason="请核实数据来源")
    edited = enter(world, "35", version=value.version)
    assert (edited.state, edited.value, edited.review_comment) == ("returned", 35, "请核实数据来源")


def test_approval_keeps_who_reported_the_value(world):
    value = services.record_submit(user=world.users["reporter_own"], record=enter(world))
    value = services.record_approve(user=world.users["reviewer"], record=value)
    assert value.reported_by.username == "kc_sthj"
    assert value.reviewed_by.username == "kc_review"


def test_reopening_an_approved_value_needs_a_reason_and_is_in_the_history(world):
    value = services.record_submit(user=world.users["reporter_own"], record=enter(world))
    value = services.record_approve(user=world.users["reviewer"], record=value)
    with pytest.raises(ValidationError):
        services.record_reopen(user=world.users["reviewer"], record=value, reason="")
    value = services.record_reopen(user=world.users["reviewer"], record=value, reason="统计口径调整")
    reasons = list(value.history.values_list("history_change_reason", flat=True))
    assert any("统计口径调整" in (r or "") for r in reasons)
    assert value.state == ReviewState.RETURNED


def test_history_keeps_every_change_with_who_and_old_figures(world):
    value = enter(world, "40")
    value = enter(world, "39", version=value.version)
    services.record_submit(user=world.users["reporter_own"], record=value)
    history = list(IndicatorValue.history.order_by("history_date"))
    assert [h.value for h in history] == [40, 39, 39]
    assert [h.state for h in history] == ["draft", "draft", "submitted"]
    assert {h.history_user.username for h in history} == {"kc_sthj"}


@pytest.mark.parametrize(
    ("unit", "name", "raw"),
    [
        ("%", "空气质量优良天数比例", "101"),
        ("%", "空气质量优良天数比例", "-1"),
        ("µg/m3", "PM2.5浓度", "-3"),
        ("µg/m3", "PM2.5浓度", "abc"),
        ("µg/m3", "PM2.5浓度", "1.23456"),
    ],
)
def test_implausible_figures_are_refused(world, unit, name, raw):
    world.indicator.unit, world.indicator.name = unit, name
    with pytest.raises(ValidationError):
        enter(world, raw)
    assert not IndicatorValue.objects.exists()


def test_a_fall_may_be_negative_when_the_indicator_measures_change(world):
    world.indicator.unit, world.indicator.name = "%", "单位GDP二氧化碳排放降低"
    assert enter(world, "-2.5").value == -2.5


def test_qualitative_target_takes_a_status_not_a_number(world):
    indicator = IndicatorFactory(plan=world.plan, qualitative=True, target_text="完成市级下达任务")
    indicator.units.add(world.own_unit)
    with pytest.raises(ValidationError):
        services.value_save(user=world.users["reporter_own"], indicator=indicator, year=2021, status="maybe")
    value = services.value_save(
        user=world.users["reporter_own"],
        indicator=indicator,
        year=2021,
        status="in_progress",
        note="已制定方案",
    )
    assert (value.value, value.status) == (None, "in_progress")


def test_task_progress_follows_the_same_review(world):
    task = TaskFactory(section__chapter__plan=world.plan)
    task.responsibilities.create(unit=world.own_unit, role="lead", order=1)
    progress = services.progress_save(
        user=world.users["reporter_own"],
        subject=task,
        year=2021,
        status="in_progress",
        narrative="完成分区管控方案",
    )
    progress = services.record_submit(user=world.users["reporter_own"], record=progress)
    progress = services.record_approve(user=world.users["reviewer"], record=progress)
    assert progress.state == ReviewState.APPROVED
