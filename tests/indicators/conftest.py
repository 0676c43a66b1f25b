import pytest

from accounts.models import User
from plans.models import Jurisdiction
from tests.factories import (
    IndicatorFactory,
    JurisdictionFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture
def world(db):
    """宽城区 under 长春市, a sibling district, two units of 宽城区 and one user of every kind."""

    class World:
        pass

    w = World()
    w.city = JurisdictionFactory(name="长春市", level=Jurisdiction.Level.CITY)
    w.district = JurisdictionFactory(name="宽城区", parent=w.city)
    w.sibling = JurisdictionFactory(name="朝阳区", parent=w.city)
    w.own_unit = UnitFactory(jurisdiction=w.district, name="区生态环境分局")
    w.other_unit = UnitFactory(jurisdiction=w.district, name="区发改局")
    w.plan = PlanFactory(jurisdiction=w.district)
    w.indicator = IndicatorFactory(plan=w.plan, unit="µg/m3")
    w.indicator.units.add(w.own_unit)
    w.users = {
        "reporter_own": UserFactory(username="kc_sthj", units=[w.own_unit]),
        "reporter_other": UserFactory(username="kc_fgj", units=[w.other_unit]),
        "reviewer": UserFactory(username="kc_review", role=User.Role.REVIEWER, jurisdiction=w.district),
        "reviewer_city": UserFactory(username="cc_review", role=User.Role.REVIEWER, jurisdiction=w.city),
        "reviewer_other": UserFactory(username="cy_review", role=User.Role.REVIEWER, jurisdiction=w.sibling),
        "leader": UserFactory(username="kc_leader", role=User.Role.LEADER, jurisdiction=w.district),
        "admin": UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True),
    }
    return w
