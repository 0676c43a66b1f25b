"""Comparison keys read on names as printed by different plans."""

import pytest

from indicators.keys import indicator_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("细颗粒物（PM2.5）年均浓度", "PM2.5年均浓度"),
        ("细颗粒物（PM2.5）年均浓度", "细颗粒物（PM2.5）平均浓度"),
        ("二氧化硫（SO2）排放总量", "SO2排放总量"),
        ("二氧化硫(SO2)排放总量", "ＳＯ２排放总量"),
        ("生态环境状况指数（EI）", "生态环境状况指数"),
        ("单位地区生产总值用水量（立方米/万元）", "单位地区生产总值用水量"),
        ("单位地区生产总值用水量 m3/万元", "单位地区生产总值用水量"),
        ("地表水市控断面考核达标比例%", "地表水市控断面考核达标比例"),
        ("地表水市控断面考核达标比例（%）", "地表水市控断面考核 达标比例"),
        ("地下水环境区域点位V类水比例", "地下水环境区域点位Ⅴ类水体比例"),
    ],
)
def test_names_printed_differently_share_a_key(one, other):
    assert indicator_key(one) == indicator_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("二氧化硫（SO2）排放总量", "氮氧化物（NOX）排放总量"),
        ("生态环境状况指数", "生物多样性指数"),
        ("城市建成区绿化覆盖率", "农村卫生厕所普及率"),
    ],
)
def test_different_indicators_keep_different_keys(one, other):
    assert indicator_key(one) != indicator_key(other)


def test_known_indicators_keep_their_national_key():
    assert indicator_key("细颗粒物（PM2.5）年均浓度") == "pm25"
    assert indicator_key("ＰＭ２.５平均浓度") == "pm25"
    assert indicator_key("地表水质量达到或好于Ⅲ类水体比例") == "good_surface_water_ratio"
