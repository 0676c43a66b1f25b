import pytest
from django.core.cache import caches


@pytest.fixture
def admin_client_zh(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def fresh_caches():
    """Computed tables are cached per data fingerprint (`CACHES`); no test sees another's."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
