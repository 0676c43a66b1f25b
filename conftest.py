import pytest


@pytest.fixture
def admin_client_zh(client, admin_user):
    client.force_login(admin_user)
    return client
