"""The interface is Chinese by default and switches to English through Django's i18n."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and "用户名" in page
    assert 'lang="zh-hans"' in page


def test_chinese_browser_gets_chinese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "登录" in page


def test_an_english_browser_still_gets_chinese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page


def test_language_can_be_switched_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert "Log in" in page and "登录" not in page


def test_admin_reads_chinese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "吉林省生态环境保护规划指标监测" in page
    assert "年度数值" in page  # indicators.IndicatorValue's verbose_name_plural


def test_every_message_in_the_catalogue_is_translated():
    from pathlib import Path

    from django.conf import settings

    po = (Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    entries = po.split("\n\n")[1:]  # the first is the header
    # A multi-line translation starts with msgstr "" and continues; an empty one ends there.
    empty = [e for e in entries if e.rstrip().endswith(('msgstr ""', 'msgstr[0] ""'))]
    assert len(entries) > 400
    assert not empty, empty[:3]


def test_every_page_says_when_demo_data_is_present(admin_client):
    from tests.factories import IndicatorValueFactory

    assert "演示数据" not in admin_client.get(reverse("dashboard:overview")).content.decode()
    IndicatorValueFactory(is_demo=True)
    for name in ("dashboard:overview", "entry:entry"):
        assert "本系统含有演示数据" in admin_client.get(reverse(name)).content.decode()
