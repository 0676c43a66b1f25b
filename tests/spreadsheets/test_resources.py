"""The admin's import-export resource goes through the same import rules."""

import pytest
import tablib

from indicators import services
from indicators.models import IndicatorValue
from spreadsheets.resources import IndicatorValueResource
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
HEADERS = ["ID", "版本", "年份", "指标", "单位", "本年数值", "备注"]


def dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def run(world, data, dry_run=False):
    return IndicatorValueResource().import_data(data, dry_run=dry_run, user=world.users["admin"])


def test_export_has_the_template_columns(world):
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38")
    exported = IndicatorValueResource().export(IndicatorValue.objects.all())
    assert exported.headers == [*HEADERS[:5], "本年数值", "备注", "状态"]
    assert exported[0][:3] == (world.indicator.pk, 1, 2022)


def test_exported_values_imported_unchanged_change_nothing(world):
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38")
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2023, value="36.5")
    exported = IndicatorValueResource().export(IndicatorValue.objects.all())
    del exported["状态"]
    result = run(world, exported)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert IndicatorValue.history.count() == 2


def test_import_writes_drafts_with_the_import_history(world):
    result = run(world, dataset([world.indicator.pk, 0, 2022, world.indicator.name, "µg/m3", 37, "快报"]))
    assert result.totals["new"] == 1
    value = IndicatorValue.objects.get()
    assert (value.value, value.state, value.note) == (37, "draft", "快报")
    assert value.history.get().history_change_reason == "表格导入"


def test_dry_run_writes_nothing(world):
    run(world, dataset([world.indicator.pk, 0, 2022, world.indicator.name, "µg/m3", 37, ""]), dry_run=True)
    assert not IndicatorValue.objects.exists()


def test_a_bad_row_is_a_validation_error_and_nothing_is_written(world):
    result = run(
        world,
        dataset(
            [world.indicator.pk, 0, 2022, world.indicator.name, "µg/m3", 37, ""],
            [world.indicator.pk, 0, 2030, world.indicator.name, "µg/m3", 36, ""],
        ),
    )
    assert [row.number for row in result.invalid_rows] == [2]
    assert not IndicatorValue.objects.exists()


def test_import_does_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    indicators = [
        IndicatorFactory(plan=world.plan, box=world.indicator.box, seq=world.indicator.seq + 1 + n)
        for n in range(25)
    ]
    rows = [[i.pk, 0, 2022, i.name, i.unit, 30 + n, ""] for n, i in enumerate(indicators)]
    with django_assert_max_num_queries(30):
        result = run(world, dataset(*rows))
    assert result.totals["new"] == 25
    assert IndicatorValue.objects.count() == 25
