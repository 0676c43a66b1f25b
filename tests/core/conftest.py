# The jurisdictions, a plan and one user of every kind, as the indicators tests have them.
from tests.indicators.conftest import world  # noqa: F401
