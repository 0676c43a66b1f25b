"""Downloading the evaluation report: from the plan page and the overview, for what the user may see."""

import io

import docx
import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

from .reading import indicator_table, text_of, title_of

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def opened(response):
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    return docx.Document(io.BytesIO(response.content))


def test_the_plan_page_links_to_its_report_and_it_downloads(client, dash):
    client.force_login(dash.users["leader"])
    page = client.get(reverse("dashboard:plan", kwargs={"pk": dash.plan.pk}), {"year": 2025}).content.decode()
    link = reverse("evaluation:plan", kwargs={"pk": dash.plan.pk})
    assert f'href="{link}?year=2025"' in page
    response = client.get(link, {"year": 2025})
    assert "filename*=UTF-8''%E5%AE%BD%E5%9F%8E%E5%8C%BA_" in response["Content-Disposition"]  # 宽城区_
    assert title_of(opened(response)) == f"{dash.plan.title}终期评估报告"


def test_a_leader_of_another_district_cannot_download_the_plans_report(client, dash):
    client.force_login(UserFactory(role=User.Role.LEADER, jurisdiction=dash.sibling))
    response = client.get(reverse("evaluation:plan", kwargs={"pk": dash.plan.pk}), {"year": 2025})
    assert response.status_code == 404
    response = client.get(
        reverse("evaluation:jurisdiction"), {"year": 2025, "jurisdiction": dash.district.pk}
    )
    assert response.status_code == 404


def test_the_overview_links_to_the_report_of_the_users_jurisdiction(client, dash):
    client.force_login(dash.users["leader"])
    page = client.get(reverse("dashboard:overview"), {"year": 2023}).content.decode()
    link = reverse("evaluation:jurisdiction")
    assert f'href="{link}?year=2023"' in page
    document = opened(client.get(link, {"year": 2023}))
    # 宽城区 has one plan: its report is the plan's.
    assert title_of(document) == f"{dash.plan.title}中期评估报告"


def test_a_city_report_covers_the_city_plan_and_the_plans_below_it(client, dash):
    city_leader = UserFactory(role=User.Role.LEADER, jurisdiction=dash.city)
    client.force_login(city_leader)
    document = opened(client.get(reverse("evaluation:jurisdiction"), {"year": 2023}))
    assert title_of(document) == "长春市及所辖地区生态环境保护“十四五”规划中期评估报告"
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    titles = [dash.city_plan.title, dash.plan.title, dash.sibling_plan.title]
    for title in titles:
        assert f"{title}" in "\n".join(sections)
    assert dash.synthetic_plan.title not in text_of(document)  # not below 长春市
    regions = document.tables[0]
    assert [row.cells[0].text for row in regions.rows[1:]] == ["长春市", "宽城区", "朝阳区"]
    # The city's own PM2.5 has no approved value: named, not drawn as an empty chart; PM2.5 across the
    # three regions gets one comparison chart.
    assert len(document.inline_shapes) == 1
    assert f"以下约束性指标2021—2023年无审核数据，未作图：{dash.city_pm25.name}。" in text_of(document)
    assert "（四）各地区约束性指标对比" in sections


def test_the_overviews_chosen_jurisdiction_is_the_reports(client, dash):
    client.force_login(dash.users["admin"])
    page = client.get(
        reverse("dashboard:overview"), {"year": 2023, "jurisdiction": dash.sibling.pk}
    ).content.decode()
    assert f'{reverse("evaluation:jurisdiction")}?year=2023&amp;jurisdiction={dash.sibling.pk}"' in page
    document = opened(
        client.get(reverse("evaluation:jurisdiction"), {"year": 2023, "jurisdiction": dash.sibling.pk})
    )
    names = [row.cells[1].text for row in indicator_table(document).rows[1:]]
    assert names == [dash.sibling_pm25.name]


def test_a_jurisdiction_without_a_plan_for_the_year_is_not_found(client, dash):
    client.force_login(dash.users["leader"])
    assert client.get(reverse("evaluation:jurisdiction"), {"year": 2030}).status_code == 404


def test_the_report_needs_a_login(client, dash):
    response = client.get(reverse("evaluation:plan", kwargs={"pk": dash.plan.pk}))
    assert response.status_code == 302
