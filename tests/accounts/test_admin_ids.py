"""Every model page of the admin answers 404 to an id that cannot name a row, for every role that may
use the admin (simple_history's history pages answered 500 to "abc", "²", "1.0", "%00")."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ("abc", "²", "1.0", "%00", "２", "9" * 23, "-1")
ROLES = ("admin", "reporter_own", "reviewer", "leader")


def admin_pages(suffix):
    """Of every model keyed by an integer (all but DRF's token proxy, keyed by the token itself)."""
    for model in admin.site._registry:
        opts = model._meta
        if opts.pk.get_internal_type() not in ("AutoField", "BigAutoField"):
            continue
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_{suffix}", args=["SENTINEL"])


@pytest.mark.parametrize(
    ("role", "suffix"), [*((role, "history") for role in ROLES), ("admin", "change"), ("admin", "delete")]
)
def test_a_model_page_answers_404_to_an_id_that_names_no_row(client, staffed, role, suffix):
    client.force_login(staffed.users[role])
    answers = {
        (url, bad): client.get(url.replace("SENTINEL", bad)).status_code
        for url in admin_pages(suffix)
        for bad in BAD_IDS
    }
    # NUL is refused before any view reads it (`operations.middleware.ControlCharacterMiddleware`).
    expected = {bad: 400 if bad == "%00" else 404 for bad in BAD_IDS}
    assert {key: status for key, status in answers.items() if status != expected[key[1]]} == {}


@pytest.mark.parametrize("bad", ["abc", "²", "1.0", "２"])
def test_a_past_version_page_answers_404_to_a_bad_version_id(client, staffed, bad):
    value = IndicatorValueFactory(indicator=staffed.indicator, year=2022, value=38)
    client.force_login(staffed.users["admin"])
    url = reverse("admin:indicators_indicatorvalue_simple_history", args=[value.pk, 1])
    assert client.get(url[: url.rstrip("/").rindex("/") + 1] + bad + "/").status_code == 404


def test_a_real_id_still_opens(client, staffed):
    value = IndicatorValueFactory(indicator=staffed.indicator, year=2022, value=38)
    client.force_login(staffed.users["admin"])
    assert client.get(reverse("admin:indicators_indicatorvalue_history", args=[value.pk])).status_code == 200
