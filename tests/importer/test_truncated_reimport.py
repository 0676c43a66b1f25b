"""A file cut off anywhere, imported over the full plan already in the database, is refused (not a plan,
removals to confirm, or more than a quarter removed) or imports without removing anything; a refusal
leaves the database exactly as it was."""

import pytest
from django.db.models import Count

from importer import services
from importer.selectors import plan_outline
from indicators.models import Indicator, IndicatorValue
from plans.importing import PlanParseError
from plans.models import Chapter, KeyProject, Plan, Section, Task, TaskResponsibility
from tests.factories import IndicatorValueFactory
from tests.plans.conftest import import_seed, seed_path
from tests.plans.renderings import cut, cut_points

pytestmark = pytest.mark.django_db

SEEDS = ("000", "001", "002", "003", "004")


def database_state():
    """Rows of every part of the plans, and the recorded values with what they belong to."""
    state = {
        model.__name__: model.objects.count()
        for model in (Plan, Chapter, Section, Task, TaskResponsibility, Indicator, KeyProject)
    }
    state["values"] = sorted(IndicatorValue.objects.values_list("indicator_id", "year", "value"))
    state["units per task"] = sorted(
        Task.objects.annotate(n=Count("responsibilities")).values_list("pk", "n")
    )
    return state


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_cut_is_refused_or_removes_nothing(prefix, tmp_path):
    plan = import_seed(prefix).plan
    for indicator in plan.indicators.all()[:3]:
        IndicatorValueFactory(indicator=indicator, year=2021)
    full = plan_outline(plan=plan)
    text = seed_path(prefix).read_text(encoding="utf-8")
    outcomes = []
    for lines in cut_points(text, 20):
        path = tmp_path / f"cut_{lines}.txt"
        path.write_text(cut(text, lines), encoding="utf-8")
        before = database_state()
        try:
            report = services.plan_import_file(path=path)
        except (PlanParseError, services.PlanImportRefused) as refused:
            assert database_state() == before, (lines, str(refused))
            outcomes.append(type(refused).__name__)
            continue
        assert not report.diff.removed, (lines, [c.label for c in report.diff.removed][:5])
        assert plan_outline(plan=plan).chapters == full.chapters, lines
        outcomes.append("imported")
    assert len(outcomes) == 20
