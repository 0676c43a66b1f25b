"""The site header: one navigation for every page, each link shown only to users it will not refuse."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OVERVIEW, ENTRY, REVIEW = (
    reverse("dashboard:overview"),
    reverse("entry:entry"),
    reverse("entry:review"),
)
IMPORT = reverse("spreadsheets:import")


def header(client, user, url=OVERVIEW):
    client.force_login(user)
    html = client.get(url).content.decode()
    return html.split('<nav class="site-nav">')[1].split("</nav>")[0]


@pytest.mark.parametrize("url", [ENTRY, REVIEW])
def test_entry_and_review_pages_keep_the_overview_link(client, world, url):
    nav = header(client, world.users["reviewer"], url)
    assert f'href="{OVERVIEW}"' in nav


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("reporter_own", {ENTRY}),
        ("reviewer", {REVIEW}),
        ("leader", set()),
        ("admin", {IMPORT, REVIEW}),
    ],
)
def test_each_role_sees_the_links_it_may_follow(client, world, who, shown):
    nav = header(client, world.users[who])
    assert {url for url in (ENTRY, REVIEW, IMPORT) if f'href="{url}"' in nav} == shown


@pytest.mark.parametrize("who", ["reporter_own", "reviewer", "leader", "admin"])
def test_no_link_in_the_header_is_refused(client, world, who):
    nav = header(client, world.users[who])
    for url in (ENTRY, REVIEW, IMPORT):
        if f'href="{url}"' in nav:
            assert client.get(url).status_code == 200, url
