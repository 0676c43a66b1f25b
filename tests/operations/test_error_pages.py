"""The site's own error pages: in Chinese, with the reason for a refusal, the 500 page standing alone."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_leader_opening_the_review_page_gets_a_chinese_403_with_the_reason(client, world):
    client.force_login(world.users["leader"])
    response = client.get(reverse("entry:review"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "只有审核人可以审核已提交的记录。" in page


def test_an_unknown_address_gets_a_chinese_404(client, world):
    client.force_login(world.users["leader"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_the_500_page_needs_neither_a_request_context_nor_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器错误" in response.content.decode()
