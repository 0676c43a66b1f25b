import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import ResponsibleUnit
from plans.models import TaskResponsibility
from tests.factories import TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_responsibleunit_changelist")


@pytest.fixture
def short(world):
    unit = UnitFactory(jurisdiction=world.district, name="生态环境分局")
    task = TaskFactory(section__chapter__plan=world.plan)
    TaskResponsibility.objects.create(task=task, unit=unit, role="responsible", order=1)
    return unit


def merge(client, units, follow=False, **extra):
    data = {"action": "merge_selected", "_selected_action": [unit.pk for unit in units], **extra}
    return client.post(CHANGELIST, data, follow=follow)


def test_the_merge_action_asks_for_the_surviving_unit(client, world, short):
    client.force_login(world.users["admin"])
    response = merge(client, [world.own_unit, short])
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="radio"' in page and "生态环境分局" in page and "区生态环境分局" in page
    assert "保留的单位" in page and "较强的角色" in page
    assert ResponsibleUnit.objects.filter(pk=short.pk).exists()


def test_choosing_the_survivor_merges_and_logs_it(client, world, short):
    short_task = short.tasks.get()
    client.force_login(world.users["admin"])
    response = merge(client, [world.own_unit, short], apply="1", into=world.own_unit.pk)
    assert response.status_code == 302
    assert not ResponsibleUnit.objects.filter(pk=short.pk).exists()
    assert list(world.own_unit.tasks.values_list("pk", flat=True)) == [short_task.pk]
    change = LogEntry.objects.get(action_flag=CHANGE, object_id=str(world.own_unit.pk))
    assert change.get_change_message().startswith("已将生态环境分局并入本单位：移入任务责任1条")
    assert LogEntry.objects.filter(action_flag=DELETION, object_id=str(short.pk)).exists()


def test_units_of_two_jurisdictions_are_refused_with_a_message(client, world, short):
    elsewhere = UnitFactory(jurisdiction=world.sibling, name="区发改局")
    client.force_login(world.users["admin"])
    response = merge(client, [world.own_unit, elsewhere], apply="1", into=world.own_unit.pk, follow=True)
    assert ResponsibleUnit.objects.filter(pk=elsewhere.pk).exists()
    assert [str(m) for m in response.context["messages"]] == ["只能合并同一行政区的两个或多个责任单位。"]


def test_only_administrators_have_the_action(client, world, short):
    staff = world.users["reviewer"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="responsibleunit"))
    client.force_login(staff)
    assert "merge_selected" not in client.get(CHANGELIST).content.decode()
    client.force_login(world.users["admin"])
    assert "merge_selected" in client.get(CHANGELIST).content.decode()
