"""What the 填报 page's tests share: a reporter of the unit logged in, and a second indicator of theirs."""

import pytest

from tests.factories import IndicatorFactory


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["reporter_own"])
    return client


@pytest.fixture
def second(world):
    """A share indicator of the reporter's unit, listed after `world.indicator`."""
    indicator = IndicatorFactory(plan=world.plan, seq=50, name="空气质量优良天数比例", share=True)
    indicator.units.add(world.own_unit)
    return indicator
