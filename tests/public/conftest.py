import datetime

import pytest

from indicators.models import IndicatorValue, ReviewState
from public.services import plan_year_publish
from tests.factories import IndicatorValueFactory, TaskProgressFactory

YEAR = 2023
APPROVED_AT = datetime.datetime(2024, 3, 5, 1, 30, tzinfo=datetime.UTC)  # 9:30 in 长春


@pytest.fixture
def published(dash):
    """`dash` with 宽城区's plan published for 2023: PM2.5 approved 43, 44, 45 (2021–2023), its 2024 figure
    submitted (with a note) but not approved, the approved ones approved on 5 March 2024, the task approved as completed in 2022."""
    d = dash
    d.unapproved = IndicatorValueFactory(
        indicator=d.pm25,
        year=2024,
        value=31.7,
        note="沙尘天气影响",
        state=ReviewState.SUBMITTED,
        reported_by=d.users["reporter_own"],
    )
    TaskProgressFactory(task=d.task, year=2022, status="done", state=ReviewState.APPROVED)
    IndicatorValue.objects.approved().update(reviewed_at=APPROVED_AT)
    d.published = plan_year_publish(plan=d.plan, year=YEAR, user=d.users["admin"])
    return d
