"""Guessing download URLs gets nobody another jurisdiction's evidence files (IDOR)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import permissions
from indicators.evidence import evidence_attach
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def files(world):
    """One file on a 宽城区 value, one on a value of the sibling 朝阳区, each by its own reporter."""
    sibling_unit = UnitFactory(jurisdiction=world.sibling, name="区生态环境分局")
    sibling_indicator = IndicatorFactory(plan=PlanFactory(jurisdiction=world.sibling))
    sibling_indicator.units.add(sibling_unit)
    world.users["reporter_sibling"] = UserFactory(username="cy_sthj", units=[sibling_unit])
    attached = []
    for reporter, indicator in (
        (world.users["reporter_own"], world.indicator),
        (world.users["reporter_sibling"], sibling_indicator),
    ):
        value = IndicatorValueFactory(indicator=indicator, year=2022, reported_by=reporter)
        attached.append(
            evidence_attach(user=reporter, record=value, upload=SimpleUploadedFile("监测报告.pdf", PDF))
        )
    return attached


def test_every_user_gets_exactly_the_files_the_permission_rules_allow(client, world, files):
    guessed_ids = [evidence.pk for evidence in files] + [max(e.pk for e in files) + n for n in (1, 2, 100)]
    for name, user in world.users.items():
        client.force_login(user)
        for pk in guessed_ids:
            evidence = next((e for e in files if e.pk == pk), None)
            allowed = evidence is not None and permissions.can_view_record(user, evidence.record)
            response = client.get(reverse("entry:evidence", args=[pk]))
            assert (response.status_code == 200) == allowed, (name, pk, response.status_code)
            if not allowed:
                assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_sibling_districts_reporter_cannot_download_our_file(client, world, files):
    client.force_login(world.users["reporter_sibling"])
    assert client.get(reverse("entry:evidence", args=[files[0].pk])).status_code == 403


def test_our_reporter_cannot_download_the_sibling_districts_file(client, world, files):
    client.force_login(world.users["reporter_own"])
    assert client.get(reverse("entry:evidence", args=[files[1].pk])).status_code == 403


def test_stored_files_are_not_served_by_their_storage_path(client, world, files):
    client.force_login(world.users["admin"])
    assert client.get(f"/media/{files[0].file.name}").status_code == 404
    assert client.get(f"/{files[0].file.name}").status_code == 404
