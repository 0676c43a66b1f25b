"""A person is named as Chinese names are written: family name first, no space; the login beside it
where a page must tell people apart."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_full_name_puts_the_family_name_first():
    user = UserFactory.build(username="kc_sthj", last_name="王", first_name="丽")
    assert (user.get_full_name(), str(user)) == ("王丽", "王丽（kc_sthj）")


def test_without_a_name_the_login_stands_in():
    user = UserFactory.build(username="kc_sthj")
    assert (user.get_full_name(), str(user)) == ("", "kc_sthj")


def test_the_header_names_the_signed_in_person(client):
    user = UserFactory(username="kc_sthj", last_name="王", first_name="丽")
    client.force_login(user)
    header = client.get(reverse("rounds:notifications")).content.decode().split('<div class="site-user">')[1]
    assert "<span>王丽</span>" in header
