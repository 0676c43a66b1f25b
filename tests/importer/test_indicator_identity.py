"""A re-import keeps each indicator's yearly values with it: rows are matched by name and unit first,
then by place, and a changed name or unit of an indicator with values is confirmed one by one, in the
preview and on the command line, like a removal."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from importer import views
from importer.diff import outline_diff
from indicators.models import Indicator
from plans.importing import parse_plan
from plans.models import Plan
from tests.factories import add_values
from tests.plans.conftest import import_seed, seed_path
from tests.plans.renderings import with_rows_swapped

pytestmark = pytest.mark.django_db

HEADER = ["类别", "序号", "指标", "2020年", "2025年", "指标属性"]


def seed_text():
    return seed_path("000").read_text(encoding="utf-8")


def swapped_text(seed_outline):
    return with_rows_swapped(seed_text(), seed_outline("000"), HEADER)


def first_rows(outline):
    box = next(b for b in outline.boxes if b.kind == "indicators")
    return box, box.indicators[0], box.indicators[1]


def renamed_text(seed_outline, new_name):
    """The document with its first indicator's name printed otherwise."""
    _, first, _ = first_rows(seed_outline("000"))
    lines = seed_text().splitlines()
    index = next(i for i, line in enumerate(lines) if first.name in line and "\t" in line)
    lines[index] = lines[index].replace(first.name, new_name)
    return "\n".join(lines) + "\n"


def recorded_first_rows(seed_outline):
    """Seed 000 imported, its first two indicators with approved values; (first, second) indicators."""
    plan = import_seed("000").plan
    box, first, second = first_rows(seed_outline("000"))
    one = Indicator.objects.get(plan=plan, box__number=box.number, name=first.name)
    two = Indicator.objects.get(plan=plan, box__number=box.number, name=second.name)
    add_values(one, {2021: Decimal("38"), 2022: Decimal("35")})
    add_values(two, {2021: Decimal("84.8"), 2022: Decimal("86")})
    return one, two


def values_of(indicator):
    return sorted(indicator.values.values_list("year", "value"))


def run_import(path, *options):
    out = io.StringIO()
    call_command("import_plan", str(path), *options, stdout=out)
    return out.getvalue()


# --- the difference, on outlines -------------------------------------------------------------------


def test_swapped_rows_are_the_same_indicators_in_other_places(seed_outline):
    old = seed_outline("000")
    box, first, second = first_rows(old)
    new = parse_plan(swapped_text(seed_outline))
    recorded = {f"indicator:{box.number}.{first.seq}", f"indicator:{box.number}.{second.seq}"}
    changes = outline_diff(old, new, recorded)
    assert [(c.action, [f.name for f in c.fields]) for c in changes.changes if c.kind == "indicator"] == [
        ("changed", ["seq"]),
        ("changed", ["seq"]),
    ]
    assert changes.confirmations == []


def test_a_renamed_indicator_with_values_is_to_be_confirmed(seed_outline):
    old = seed_outline("000")
    box, first, _ = first_rows(old)
    new = parse_plan(renamed_text(seed_outline, "PM2.5浓度"))
    key = f"indicator:{box.number}.{first.seq}"
    [change] = outline_diff(old, new, {key}).confirmations
    assert (change.action, change.recorded) == ("changed", True)
    assert change.key != key and "PM2.5浓度" in change.key
    assert outline_diff(old, new, set()).confirmations == []  # without values, a rename is a change


# --- the command -------------------------------------------------------------------------------------


def test_import_plan_keeps_values_with_their_indicators_when_rows_are_swapped(seed_outline, tmp_path):
    one, two = recorded_first_rows(seed_outline)
    path = tmp_path / seed_path("000").name
    path.write_text(swapped_text(seed_outline), encoding="utf-8")
    output = run_import(path)
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.seq, two.seq) == (2, 1)
    assert values_of(one) == [(2021, Decimal("38")), (2022, Decimal("35"))]
    assert values_of(two) == [(2021, Decimal("84.8")), (2022, Decimal("86"))]
    assert Indicator.objects.filter(plan=one.plan).count() == len(
        [r for b in seed_outline("000").boxes for r in b.indicators]
    ) + len(seed_outline("000").goals)
    assert "新增0项，修改2项，删除0项" in output  # the two rows' 序号


def test_import_plan_refuses_an_unconfirmed_rename_of_an_indicator_with_values(seed_outline, tmp_path):
    one, _ = recorded_first_rows(seed_outline)
    path = tmp_path / seed_path("000").name
    path.write_text(renamed_text(seed_outline, "PM2.5浓度"), encoding="utf-8")
    with pytest.raises(CommandError, match="须逐项确认是同一指标") as refused:
        run_import(path)
    assert "PM2.5浓度" in str(refused.value)
    one.refresh_from_db()
    assert one.name != "PM2.5浓度"
    run_import(path, "--confirm-removals")
    one.refresh_from_db()
    assert one.name == "PM2.5浓度"
    assert values_of(one) == [(2021, Decimal("38")), (2022, Decimal("35"))]


# --- the preview -------------------------------------------------------------------------------------


@pytest.fixture
def admin(client, world):
    Plan.objects.all().delete()  # the world's factory plan would stand in 宽城区's place
    client.force_login(world.users["admin"])
    return client


def upload(client, text):
    return client.post(
        reverse("importer:import"), {"file": SimpleUploadedFile("plan.txt", text.encode("utf-8"))}
    )


def confirm(client, **data):
    return client.post(
        reverse("importer:import_confirm"), {"token": client.session[views.SESSION_KEY]["token"], **data}
    )


def test_the_preview_shows_swapped_rows_as_moved_and_imports_them_with_their_values(admin, seed_outline):
    one, two = recorded_first_rows(seed_outline)
    response = upload(admin, swapped_text(seed_outline))
    assert [c["change"].label for c in response.context["changed"] if c["change"].kind == "indicator"] == [
        f"专栏{one.box.number}-1 {two.name}",
        f"专栏{one.box.number}-2 {one.name}",
    ]
    assert 'name="remove"' not in response.content.decode()
    assert confirm(admin).status_code == 302
    assert values_of(Indicator.objects.get(pk=one.pk)) == [(2021, Decimal("38")), (2022, Decimal("35"))]
    assert Indicator.objects.get(pk=two.pk).seq == 1


def test_the_preview_asks_to_confirm_a_rename_of_an_indicator_with_values(admin, seed_outline):
    one, _ = recorded_first_rows(seed_outline)
    page = upload(admin, renamed_text(seed_outline, "PM2.5浓度"))
    [item] = [c for c in page.context["changed"] if c["change"].to_confirm]
    assert f'value="{item["change"].key}" required' in page.content.decode()
    refused = confirm(admin)
    assert refused.status_code == 400 and "须逐项确认是同一指标" in refused.content.decode()
    assert Indicator.objects.get(pk=one.pk).name == one.name
    assert confirm(admin, remove=[item["change"].key]).status_code == 302
    renamed = Indicator.objects.get(pk=one.pk)
    assert renamed.name == "PM2.5浓度"
    assert values_of(renamed) == [(2021, Decimal("38")), (2022, Decimal("35"))]


def test_the_preview_names_the_moved_rows_number(admin, seed_outline):
    recorded_first_rows(seed_outline)
    response = upload(admin, swapped_text(seed_outline))
    moved = [c for c in response.context["changed"] if c["change"].kind == "indicator"]
    assert [(str(f["name"]), f["old"], f["new"]) for f in moved[0]["fields"]] == [("序号", 2, 1)]
