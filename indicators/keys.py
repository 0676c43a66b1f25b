"""Comparison keys: the same indicator printed differently by different plans gets one key.

The patterns are the vocabulary of the national indicator system (PM2.5, 优良天数比例, 劣Ⅴ类…),
so a district's row can be read beside its city's. Anything else falls back to its bare name, read
the same way whatever the printing:

- width and case do not count (NFKC, Latin letters upper-cased): ＳＯ２ = SO2 = so2;
- a Latin abbreviation in brackets inside the name stands for the words before it, so
  二氧化硫（SO2）排放总量 = SO2排放总量;
- any other bracket is a unit or a remark and is dropped, like a unit after a space or a trailing
  %: 生态环境状况指数（EI） = 生态环境状况指数, 用水量（立方米/万元） = 用水量 立方米/万元 = 用水量;
- spaces and punctuation do not count.
"""

import re
import unicodedata

# Ordered: the first pattern that matches the name wins, so specific ones come first.
KNOWN_KEYS = [
    (r"PM\s*2\.?5|细颗粒物", "pm25"),
    (r"PM\s*10|可吸入颗粒物", "pm10"),
    (r"重(度及以上)?污染天数|重污染天数", "heavy_pollution_days"),
    (r"优良天数", "good_air_days_ratio"),
    (r"劣\s*[Ⅴ5V]\s*类", "worst_water_ratio"),
    (r"黑臭水体", "black_odorous_water"),
    (r"(地表水|水质).*(优良|[ⅠⅢ1-3]\s*类)", "good_surface_water_ratio"),
    (r"饮用水", "drinking_water_quality"),
    (r"地下水", "groundwater_quality"),
    (r"受污染耕地", "polluted_farmland_safe_use"),
    (r"(污染地块|建设用地).*安全利用", "polluted_land_safe_use"),
    (r"二氧化碳", "co2_intensity_reduction"),
    (r"能源消耗|能耗", "energy_intensity_reduction"),
    (r"非化石能源", "non_fossil_energy_share"),
    (r"化学需氧量", "cod_reduction"),
    (r"氨氮", "ammonia_reduction"),
    (r"氮氧化物", "nox_reduction"),
    (r"挥发性有机物|VOCs", "vocs_reduction"),
    (r"森林覆盖率", "forest_coverage"),
    (r"森林蓄积", "forest_stock"),
    (r"草原综合植被", "grassland_cover"),
    (r"湿地保护率", "wetland_protection"),
    (r"生态保护红线", "ecological_red_line"),
    (r"自然保护地", "protected_area"),
    (r"生活垃圾.*(无害化|处理)", "household_waste_treatment"),
    (r"生活垃圾.*(回收|资源化)", "household_waste_recycling"),
    (r"(城市|县城)?生活污水.*(集中收集|处理)", "sewage_treatment"),
    (r"农村生活污水", "rural_sewage_treatment"),
    (r"畜禽粪污", "livestock_manure_use"),
    (r"秸秆.*利用", "straw_utilisation"),
    (r"化肥", "fertiliser_use"),
    (r"农药", "pesticide_use"),
    (r"危险废物", "hazardous_waste"),
    (r"医疗废物", "medical_waste"),
    (r"放射源", "radioactive_source_safety"),
    (r"建成区绿地率|绿地率", "urban_green_ratio"),
    (r"水土保持率", "soil_conservation_ratio"),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE), key) for pattern, key in KNOWN_KEYS]
# After NFKC the brackets are ASCII, except the tortoise-shell ones.
_BRACKETED = re.compile(r"[(\[〔][^)\]〕]*[)\]〕]")
_ALIAS = re.compile(r"^[^(\[〔]*[(\[〔]\s*([A-Z][A-Z0-9.]*)\s*[)\]〕](?=.)")
_UNIT_AFTER_SPACE = re.compile(r"\s+(\S*[/%‰]\S*|[A-Zμµ0-9³².]+)$")
_TRAILING_PERCENT = re.compile(r"[%‰]+$")
_NOISE = re.compile(r"[\s*、,。:“”\"'·]")


def indicator_key(name: str) -> str:
    normal = unicodedata.normalize("NFKC", name).upper().strip()
    for pattern, key in _COMPILED:
        if pattern.search(name) or pattern.search(normal):
            return key
    bare = _ALIAS.sub(lambda match: match[1], normal)
    bare = _BRACKETED.sub("", bare)
    bare = _TRAILING_PERCENT.sub("", _UNIT_AFTER_SPACE.sub("", bare))
    bare = _NOISE.sub("", bare)
    return bare[:100] or name[:100]
