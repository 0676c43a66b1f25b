import pytest

from dashboard import scoreboard


@pytest.fixture(autouse=True)
def fresh_cache():
    """The attainment table is cached per data fingerprint; tests must not see each other's."""
    scoreboard.clear()
    yield
    scoreboard.clear()


def login(client, user):
    client.force_login(user)
    return client
