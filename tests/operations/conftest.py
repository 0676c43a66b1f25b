from tests.indicators.conftest import world  # noqa: F401  (units and users of every role)
