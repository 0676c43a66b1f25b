"""The outline both ways: `to_dict()` writes the JSON form, `PlanOutline.from_dict()` reads it back."""

import copy

import pytest

from importer.fixtures_io import committed_fixtures, fixture_outline
from plans.importing import PlanOutline, parse_plan
from plans.importing.outline import OutlineFormatError

FIXTURES = [fixture for _path, fixture in committed_fixtures()]


def fixture_ids(fixture):
    return fixture["source_file"][:3]


@pytest.mark.parametrize("fixture", FIXTURES, ids=fixture_ids)
def test_every_committed_fixture_reads_back_to_the_same_json(fixture):
    data = fixture["outline"]
    assert PlanOutline.from_dict(data).to_dict() == data


def test_a_read_outline_has_typed_parts():
    outline = PlanOutline.from_dict(FIXTURES[0]["outline"])
    assert isinstance(outline.plan.period, tuple)
    assert outline.chapters[2].sections[0].tasks[0].units[0].role == "lead"


def test_the_source_line_is_not_part_of_the_outline():
    text = "示例区生态环境保护“十四五”规划\n第一章 治理\n第一节 水\n推进治理。（区住建局负责）\n"
    outline = parse_plan(text)
    assert outline.chapters[0].sections[0].tasks[0].line == 4
    assert "line" not in outline.to_dict()["chapters"][0]["sections"][0]["tasks"][0]
    assert PlanOutline.from_dict(outline.to_dict()) == outline


def changed(edit):
    data = copy.deepcopy(FIXTURES[0]["outline"])
    edit(data)
    return data


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.pop("boxes"), r"^outline：缺少键 boxes$"),
        (lambda d: d["plan"].update(sponsor="x"), r"^outline\.plan：未知的键 sponsor$"),
        (lambda d: d["plan"].update(period=[2021]), r"^outline\.plan\.period：应为列表"),
        (lambda d: d["chapters"][2].update(number="3"), r"^outline\.chapters\[2\]\.number：应为int，实为'3'"),
        (lambda d: d["chapters"][2]["sections"][0].update(tasks={}), r"sections\[0\]\.tasks：应为列表"),
        (lambda d: d["units"].append(None), r"^outline\.units\[\d+\]：应为str，实为None"),
        (lambda d: d.update(plan=[]), r"^outline\.plan：应为对象"),
    ],
)
def test_data_of_another_shape_is_refused_naming_the_place(edit, message):
    with pytest.raises(OutlineFormatError, match=message):
        PlanOutline.from_dict(changed(edit))


def test_version_1_keys_are_refused_naming_their_new_names():
    def version_1(data):
        row = data["boxes"][0]["indicators"][0]
        row["baseline_2020"] = row.pop("baseline")

    with pytest.raises(
        OutlineFormatError, match=r"indicators\[0\]：未知的键 baseline_2020（第1版.*baseline_2020 → baseline"
    ):
        PlanOutline.from_dict(changed(version_1))


@pytest.mark.parametrize("version", [None, 1, 3])
def test_a_fixture_of_another_version_is_refused(version):
    fixture = copy.deepcopy(FIXTURES[0])
    if version is None:
        del fixture["version"]
    else:
        fixture["version"] = version
    with pytest.raises(OutlineFormatError, match=rf"^大纲第{version or 1}版，这里读取第2版"):
        fixture_outline(fixture)


def test_committed_fixtures_are_of_the_current_version():
    assert {fixture["version"] for fixture in FIXTURES} == {2}
    assert all(isinstance(fixture_outline(fixture), PlanOutline) for fixture in FIXTURES)
