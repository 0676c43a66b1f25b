"""No English leaks into the Chinese interface: app and model names, history labels, the language menu."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from indicators.models import Indicator, IndicatorValue
from plans.models import Box

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("app", "label"),
    [
        ("accounts", "机构与用户账号"),
        ("plans", "规划"),
        ("entry", "填报与审核"),
        ("api", "数据接口"),
        ("importer", "规划导入"),
        ("demo", "演示数据"),
        ("indicators", "指标与年度填报"),
        ("dashboard", "统计看板"),
        ("operations", "运维"),
    ],
)
def test_apps_are_named_in_chinese(app, label):
    with translation.override("zh-hans"):
        assert str(apps.get_app_config(app).verbose_name) == label


def test_indicator_model_is_not_named_like_the_overview_count():
    with translation.override("zh-hans"):
        assert str(Indicator._meta.verbose_name_plural) == "指标"
        assert str(Box.Kind.INDICATORS.label) == "指标"
        assert translation.gettext("indicators") == "项指标"  # the overview's "共 N 项指标"


def test_history_records_are_named_in_chinese():
    with translation.override("zh-hans"):
        assert str(IndicatorValue.history.model._meta.verbose_name) == "年度数值历史"


def test_admin_index_names_apps_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "指标与年度填报" in page and "Indicators and yearly records" not in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_language_menu_names_each_language_in_itself(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert ">English</option>" in page and ">简体中文</option>" in page
    assert "英语" not in page
