"""The API's docs page (/api/docs/): Swagger UI served by the project itself, under the site's
Content-Security-Policy (no inline script, no other origin)."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


def test_the_docs_page_opens_and_loads_only_same_origin_assets():
    client = Client()
    response = client.get("/api/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assets = ASSET.findall(page)
    assert len(assets) >= 4  # the stylesheet, two bundles and the start-up script
    for url in assets:
        url = url.replace("&amp;", "&")
        assert url.startswith("/") and not url.startswith("//"), url
        static = "/" + settings.STATIC_URL.lstrip("/")
        if url.startswith(static):  # served by WhiteNoise (the test client reaches no static file)
            assert finders.find(url.removeprefix(static)), url
        else:
            assert client.get(url).status_code == 200, url
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts and all("src=" in attributes for attributes in scripts), "an inline script"


def test_the_start_up_script_points_at_the_schema():
    response = Client().get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
