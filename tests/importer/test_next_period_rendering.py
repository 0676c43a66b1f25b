"""A seed plan rendered as the next period's plan (十五五: 2026–2030, baseline 2025) imports with its
period from the document and every value in the field of its year."""

import pytest

from importer import services
from importer.renderings import next_period_text
from plans.importing import parse_plan
from plans.models import Plan
from tests.plans.conftest import import_seed, seed_path


@pytest.fixture(scope="module")
def rendered():
    return parse_plan(next_period_text(seed_path("000").read_text(encoding="utf-8")))


def values(outline):
    return [
        (box.number, row.seq, row.name, row.baseline, row.target, row.previous_target, row.direction)
        for box in outline.boxes
        for row in box.indicators
    ]


def test_the_period_and_baseline_year_come_from_the_rendered_document(rendered):
    assert rendered.plan.title == "宽城区生态环境保护“十五五”规划"
    assert (rendered.plan.period, rendered.plan.baseline_year) == ((2026, 2030), 2025)


def test_every_indicator_keeps_its_baseline_and_target(rendered, seed_outline):
    current = seed_outline("000")
    assert len(values(current)) == 20
    assert values(rendered) == values(current)
    assert not any("不属于规划期" in warning for warning in rendered.warnings)


@pytest.mark.django_db
def test_the_next_period_plan_is_stored_beside_the_current_one(rendered):
    current = import_seed("000").plan
    following = services.plan_import_outline(
        outline=rendered, source_file="next.txt", source_sha256="0" * 64
    ).plan
    assert following.pk != current.pk and following.jurisdiction_id == current.jurisdiction_id
    assert [(p.start_year, p.end_year, p.baseline_year) for p in Plan.objects.order_by("start_year")] == [
        (2021, 2025, 2020),
        (2026, 2030, 2025),
    ]
    pm25 = following.indicators.get(box__number=1, seq=1)
    assert (pm25.baseline_text, pm25.target_text) == ("42", "30")
    assert list(current.chapters.values_list("number", flat=True))  # the 十四五 plan is untouched


def test_next_period_text_moves_the_years_once():
    assert (
        next_period_text("“十四五”时期，2020年为42，到2025年降至30")
        == "“十五五”时期，2025年为42，到2030年降至30"
    )
