"""Every public page reads one query, two when it is rendered, whatever the number of published plans
(the snapshots hold the figures); downloads too."""

import pytest
from django.core.cache import caches
from django.utils import timezone

from public.models import PublishedYear
from tests.factories import JurisdictionFactory, PlanFactory

from .conftest import YEAR
from .test_pages import public_urls

pytestmark = pytest.mark.django_db
RENDERED, KEPT = 2, 1  # the ETag's query, and the rows' when the page is rendered


def more_published(d, count: int):
    """`count` more plans published with 宽城区's snapshot, in as many jurisdictions, and 宽城区's other years."""
    template = d.published
    rows = []
    for n in range(count):
        plan = PlanFactory(jurisdiction=JurisdictionFactory(name=f"测试县{n}"))
        rows.append(
            PublishedYear(
                plan=plan, year=YEAR, published_at=timezone.now(), snapshot=template.snapshot, digest=f"d{n}"
            )
        )
    for year in (2021, 2022):
        rows.append(
            PublishedYear(
                plan=d.plan,
                year=year,
                published_at=timezone.now(),
                snapshot=template.snapshot,
                digest=f"y{year}",
            )
        )
    PublishedYear.objects.bulk_create(rows)


@pytest.mark.parametrize("count", [0, 40])
def test_each_public_page_reads_one_query(client, published, count, django_assert_max_num_queries):
    more_published(published, count)
    for url in public_urls(published):
        caches["public"].clear()
        with django_assert_max_num_queries(RENDERED):
            assert client.get(url).status_code == 200, url
        with django_assert_max_num_queries(KEPT):  # rendered once, the ETag still read
            assert client.get(url).status_code == 200, url
