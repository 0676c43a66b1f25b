"""The public site for an anonymous visitor: only what was published, cacheable, downloadable."""

import csv
import io
import re

import openpyxl
import pytest
from django.test import override_settings

from public.services import plan_year_publish, plan_year_unpublish
from tests.factories import IndicatorFactory, add_values

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def public_urls(d):
    plan, indicator, region = d.plan.pk, d.pm25.pk, d.plan.jurisdiction_id
    return [
        "/public/",
        "/public/data.json",
        f"/public/regions/{region}/",
        f"/public/regions/{region}.csv",
        f"/public/regions/{region}.xlsx",
        f"/public/regions/{region}.json",
        f"/public/plans/{plan}/",
        f"/public/plans/{plan}/{YEAR}/",
        f"/public/plans/{plan}/{YEAR}.csv",
        f"/public/plans/{plan}/{YEAR}.xlsx",
        f"/public/plans/{plan}/{YEAR}.json",
        f"/public/plans/{plan}/indicators/{indicator}/",
        f"/public/plans/{plan}/indicators/{indicator}.csv",
        f"/public/plans/{plan}/indicators/{indicator}.xlsx",
        f"/public/plans/{plan}/indicators/{indicator}.json",
    ]


def test_plan_page_shows_the_published_verdicts(client, published):
    html = page(client, f"/public/plans/{published.plan.pk}/").content.decode()
    assert published.plan.title in html
    assert '45<span class="muted">（2023）</span>' in html
    assert "，数据截至2024年3月5日。" in html
    assert "重点任务：共1项，已完成1项" in html
    assert "31.7" not in html and "沙尘天气影响" not in html  # submitted, not approved
    assert "kc_sthj" not in html and "admin" not in html


def test_every_public_url_answers_without_login_cacheable_and_without_cookies(client, published):
    for url in public_urls(published):
        response = page(client, url)
        assert response["Cache-Control"] == "public, max-age=300", url
        assert response["ETag"].startswith('"'), url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_a_current_copy_gets_304_and_republishing_changes_the_etag(client, published):
    d = published
    url = f"/public/plans/{d.plan.pk}/"
    etag = page(client, url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    d.pm25.values.filter(year=YEAR).update(value=33)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # not published again yet
    plan_year_publish(plan=d.plan, year=YEAR, user=d.users["admin"])
    fresh = page(client, url, HTTP_IF_NONE_MATCH=etag)
    assert fresh["ETag"] != etag
    assert "33<span" in fresh.content.decode()


def test_unpublished_plans_and_years_are_not_found(client, published):
    d = published
    assert client.get(f"/public/plans/{d.sibling_plan.pk}/").status_code == 404
    assert client.get(f"/public/plans/{d.plan.pk}/2022/").status_code == 404
    assert client.get(f"/public/regions/{d.sibling.pk}/").status_code == 404
    assert client.get(f"/public/plans/{d.plan.pk}/indicators/{d.sibling_pm25.pk}/").status_code == 404
    index = page(client, "/public/").content.decode()
    assert d.sibling_plan.title not in index and "朝阳区" not in index
    plan_year_unpublish(plan=d.plan, year=YEAR, user=d.users["admin"])
    assert client.get(f"/public/plans/{d.plan.pk}/").status_code == 404
    assert d.plan.title not in page(client, "/public/").content.decode()


def test_csv_is_utf8_with_bom_and_holds_the_table(client, published):
    response = page(client, f"/public/plans/{published.plan.pk}/{YEAR}.csv")
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["分组", "指标"]
    pm25 = next(row for row in rows if row[1] == published.pm25.name)
    assert pm25[3:9] == ["约束性", "42", "30", "45", "2023", "逆向变化"]


def test_xlsx_holds_the_same_rows_as_the_csv(client, published):
    url = f"/public/plans/{published.plan.pk}/{YEAR}"
    rows = list(csv.reader(io.StringIO(page(client, url + ".csv").content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(page(client, url + ".xlsx").content)).active
    cells = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows


def test_json_holds_the_same_rows_as_the_csv(client, published):
    url = f"/public/plans/{published.plan.pk}/{YEAR}"
    rows = list(csv.reader(io.StringIO(page(client, url + ".csv").content.decode("utf-8-sig"))))
    data = page(client, url + ".json").json()
    assert [data["columns"], *([str(cell) for cell in row] for row in data["rows"])] == rows


def test_formula_like_names_are_kept_text_in_downloads(client, published):
    d = published
    d.water.name = '=HYPERLINK("http://evil")'
    d.water.save()
    plan_year_publish(plan=d.plan, year=YEAR, user=d.users["admin"])
    text = page(client, f"/public/plans/{d.plan.pk}/{YEAR}.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_listing_has_stable_urls_of_every_published_year(client, published):
    d = published
    data = page(client, "/public/data.json").json()
    [region] = data["regions"]
    [plan] = region["plans"]
    [year] = plan["years"]
    assert (region["jurisdiction"], plan["id"], year["year"]) == ("宽城区", d.plan.pk, YEAR)
    assert year["url"] == f"http://testserver/public/plans/{d.plan.pk}/{YEAR}/"
    assert year["csv"] == f"http://testserver/public/plans/{d.plan.pk}/{YEAR}.csv"
    assert year["digest"] == d.published.digest
    assert client.get(year["csv"]).status_code == 200


def test_region_sets_its_plans_side_by_side(client, published):
    d = published
    later = type(d.plan).objects.create(
        title="宽城区生态环境保护“十五五”规划",
        jurisdiction=d.district,
        start_year=2026,
        end_year=2030,
        baseline_year=2025,
    )
    add_values(IndicatorFactory(plan=later, pm25=True), {2026: 29})
    plan_year_publish(plan=later, year=2026, user=d.users["admin"])
    html = page(client, f"/public/regions/{d.district.pk}/").content.decode()
    assert "规划对照" in html
    assert html.count(d.pm25.name) == 1  # one row for the indicator both plans print
    assert '29<span class="muted">（2026）</span>' in html and '45<span class="muted">（2023）</span>' in html


def test_indicator_page_lists_each_published_year(client, published):
    d = published
    plan_year_publish(plan=d.plan, year=2021, user=d.users["admin"])
    html = page(client, f"/public/plans/{d.plan.pk}/indicators/{d.pm25.pk}/").content.decode()
    assert '43<span class="muted">（2021）</span>' in html
    assert '45<span class="muted">（2023）</span>' in html
    assert 'id="indicator-chart" type="application/json"' in html


@override_settings(PUBLIC_THROTTLE=(3, 60))
def test_a_client_asking_too_often_is_throttled(client, published):
    url = f"/public/plans/{published.plan.pk}/"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get(url)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200  # another client


def test_public_pages_take_get_only(client, published):
    assert client.post(f"/public/plans/{published.plan.pk}/").status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/plans/{plan}/",
        "/indicators/{indicator}/",
        "/entry/",
        "/admin/",
        "/api/indicators/",
        "/api/values/",
    ],
)
def test_the_internal_site_admin_and_api_still_require_login(client, published, url):
    response = client.get(url.format(plan=published.plan.pk, indicator=published.pm25.pk))
    assert response.status_code in (302, 401, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


def _counts(html: str) -> list[tuple[str, str, str]]:
    """(colour, label, count) of the summary's status counts."""
    summary = html[html.index('class="status-counts"') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<span class="badge (\w+)">([^<]+)</span> (\d+)', summary)


def test_a_final_year_not_reported_is_counted_as_its_rows_say_apart_from_no_data(client, published):
    d = published
    add_values(d.pm25, {2025: 36})  # 未达标; good days and water: 2025年数据未报
    plan_year_publish(plan=d.plan, year=2025, user=d.users["admin"])
    html = page(client, f"/public/plans/{d.plan.pk}/2025/").content.decode()
    assert _counts(html) == [("not_met", "未达标", "1"), ("no_data", "2025年数据未报", "2")]
    rows = html[html.index('aria-labelledby="indicators"') : html.index('aria-labelledby="years"')]
    assert rows.count("2025年数据未报") == 2
    # The published years' table keeps 2023's 暂无数据 (water, mid-period) apart from 2025年数据未报.
    years = html[html.index('id="years-table"') :]
    heads = re.findall(r'<th scope="col" class="num">([^<]+)</th>', years[: years.index("</thead>")])
    assert heads.index("暂无数据") + 1 == heads.index("2025年数据未报")
