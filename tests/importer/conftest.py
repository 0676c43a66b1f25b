"""The importer tests read the seed documents as the parsing tests do."""

from tests.plans.conftest import seed_outline  # noqa: F401 - a fixture, shared with tests/plans
