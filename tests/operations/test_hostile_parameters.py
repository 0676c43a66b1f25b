"""Odd input is refused or ignored, never a server error: every URL of the site (found by walking the
URLconf, so routes added later are walked too) with hostile query parameters and path ids, as every
kind of user.

Parameters are sent in a few combinations rather than one at a time: the views read each parameter on
its own and none may raise, so one crash anywhere fails the request that carries it.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 23  # beyond any database integer (SQLite raises OverflowError, PostgreSQL "out of range")
SUPERSCRIPT, FULL_WIDTH = "²⁰²⁴", "２０２４"  # both pass str.isdigit(); int() takes the full-width one
INJECTION = "' OR 1=1 --"
SCRIPT = "<script>alert(1)</script>"
PAGES = ("page", "wpage", "ppage", "jpage", "upage")
SORTS = ("sort", "psort", "jsort", "usort")
IDS = ("plan", "indicator", "jurisdiction", "unit", "box")


def combine(**values):
    """One query: `page=…` fills every page parameter, `sort=…` every sort parameter, `id=…` every id."""
    query = {}
    for name, value in values.items():
        names = {"page": PAGES, "sort": SORTS, "id": IDS}.get(name, (name,))
        query.update(dict.fromkeys(names, value))
    return query


QUERIES = [
    combine(year=SUPERSCRIPT, id=HUGE, page="0", sort="__class__", status=SCRIPT),
    combine(year=FULL_WIDTH, id="２", page="-1", sort="-__class__", category=INJECTION, format="xml"),
    combine(year="-1", id="-1", page=HUGE, sort="-", attribute=SCRIPT, state=SCRIPT),
    combine(year=HUGE, id=SUPERSCRIPT, page=FULL_WIDTH, sort="--name", category="\x00", fmt="xml"),
    combine(year="2024.0", id="1e3", page="1.5", sort="name" * 500, jurisdiction="\x00", format="json"),
    combine(year="", id="", page="", sort="", status="", category=""),
    {"year": ["2023", SUPERSCRIPT], "plan": ["1", HUGE], "page": ["2", HUGE]},
    combine(year="x" * 5000, id="1" * 5000, page="1" * 5000),
]
# What a path id may be instead of a real one: too large for any integer column, zero, full-width.
PATH_IDS = (HUGE, "0", "２")
SENTINEL = 987654321  # a real-looking id, replaced in the reversed URL by the hostile ones


def routes(patterns, prefix="", namespace=""):
    """(url name, route, pattern) of every named route outside the admin."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                yield from routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), route, entry


def argument(route, param, objects):
    """A real value for a path parameter: the id of the object the route names, a key, a format."""
    if param == "key":
        return objects["indicator"].key
    if param in ("fmt", "format"):
        return "csv" if "report" in route else "json"
    if param == "kind":
        return "value"
    if param == "decision":
        return "approve"
    head = route.split("<")[0].split("(?P")[0]
    for word, name in (("plan", "plan"), ("unit", "unit"), ("indicator", "indicator"), ("value", "value")):
        if word in head:
            return objects[name].pk
    return objects["value"].pk


def urls_of(objects):
    """(url, {hostile path urls}) of every named route, its ids those of `objects`."""
    found = []
    for name, route, entry in routes(get_resolver().url_patterns):
        params = list(entry.pattern.regex.groupindex)
        ids = [p for p in params if p in ("pk", "id") or p.endswith("_id")]
        real = {p: argument(route, p, objects) for p in params}
        url = reverse(name, kwargs=real)
        hostile = []
        for param in ids:
            marked = reverse(name, kwargs={**real, param: SENTINEL})
            hostile += [marked.replace(str(SENTINEL), bad) for bad in PATH_IDS]
        found.append((name, url, hostile))
    return found


@pytest.fixture
def walked(dash):
    """The dashboard's world, plus what each route needs: a yearly value, a review-table row of a unit."""
    review = IndicatorFactory(plan=dash.plan, box=dash.pm25.box, source="review", name="十三五回顾指标")
    review.units.add(dash.own_unit)
    dash.value = IndicatorValueFactory(indicator=dash.pm25, year=2024, value=41)
    objects = {"plan": dash.plan, "unit": dash.own_unit, "indicator": dash.pm25, "value": dash.value}
    dash.rows = [f"value{dash.pm25.pk}", f"task{dash.task.pk}"]  # the 填报 page's rows of the reporter
    return dash, urls_of(objects)


def posted(query, rows):
    """The query as a form, with the 填报 page's fields of `rows` holding its year's odd value."""
    odd = query["year"] if isinstance(query["year"], str) else query["year"][-1]
    fields = {f"{row}-{name}": odd for row in rows for name in ("version", "value", "status", "note")}
    return {**query, **fields}


# Forms that write are posted the same parameters; the API's writes are its own tests' concern.
POSTED = ("indicators:", "spreadsheets:")


def walk(client, urls, rows):
    """(method, url, query, status) of every request that answered 500 or more."""
    failures = []
    for name, url, hostile in urls:
        for query in QUERIES:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append(("GET", url, query, response.status_code))
            if name.startswith(POSTED):
                response = client.post(url, posted(query, rows))
                if response.status_code >= 500:
                    failures.append(("POST", url, query, response.status_code))
        for bad in hostile:
            response = client.get(bad)
            if response.status_code >= 500:
                failures.append(("GET", bad, {}, response.status_code))
    return failures


KINDS = ["admin", "reporter_own", "reviewer", "leader", None]


def client_of(world, kind):
    client = Client(raise_request_exception=False)  # a crash answers 500 here instead of raising
    if kind:
        client.force_login(world.users[kind])
    return client


def report(failures):
    return "\n".join(f"{method} {url} {query}" for method, url, query, _status in failures)


def is_api(url):
    return url.startswith("/api/")


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_answers_a_server_error_to_hostile_parameters(walked, kind):
    world, urls = walked
    pages = [(name, url, hostile) for name, url, hostile in urls if not is_api(url)]
    assert {"dashboard:overview", "dashboard:unit", "entry:entry", "spreadsheets:import", "healthz"} <= {
        name for name, _url, _hostile in pages
    }
    failures = walk(client_of(world, kind), pages, world.rows)
    assert not failures, report(failures)


def test_no_api_endpoint_answers_a_server_error_to_hostile_parameters(walked):
    world, urls = walked
    endpoints = [(name, url, hostile) for name, url, hostile in urls if is_api(url)]
    assert len(endpoints) > 5
    failures = [failure for kind in KINDS for failure in walk(client_of(world, kind), endpoints, world.rows)]
    assert not failures, report(failures)


def test_the_dashboard_ignores_bad_parameters_and_opens_on_the_default_year(walked):
    """Bad input is no error either: each page answers as if the parameter were absent."""
    world, urls = walked
    client = client_of(world, "leader")
    # The pages; the evaluation report downloads (Word) answer by themselves in the walk above.
    dashboard = [
        url for name, url, _hostile in urls if name.startswith("dashboard:") and "evaluation" not in name
    ]
    assert len(dashboard) == 6
    for url in dashboard:
        plain = client.get(url)
        assert plain.status_code == 200, url
        for query in QUERIES:
            response = client.get(url, query)
            if any("\x00" in str(value) for value in query.values()):  # refused at the edge (issue 20)
                assert response.status_code == 400, (url, query)
                continue
            assert response.status_code == 200, (url, query)
            assert response.context.get("year") == plain.context.get("year"), (url, query)


def test_an_admin_list_answers_hostile_parameters_without_a_server_error(walked):
    world, _urls = walked
    client = client_of(world, "admin")
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for query in [
            *QUERIES,
            {"p": HUGE, "o": "__class__", "q": INJECTION},
            {"p": SUPERSCRIPT, "o": "-0.1"},
        ]:
            if client.get(url, query).status_code >= 500:
                failures.append(("GET", url, query, 500))
        for bad in PATH_IDS:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[SENTINEL])
            if client.get(change.replace(str(SENTINEL), bad)).status_code >= 500:
                failures.append(("GET", change, bad, 500))
    assert not failures, report(failures)


def test_a_path_id_too_large_for_the_database_is_not_found(walked, client):
    world, _urls = walked
    client.force_login(world.users["admin"])
    for path in (f"/plans/{HUGE}/", f"/indicators/{HUGE}/", f"/units/{HUGE}/", f"/compare/{HUGE}/"):
        assert client.get(path).status_code == 404, path
