"""backup_data writes everything; restore_data brings it back, row for row, into an empty database."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from indicators import services
from operations.backup import backup_models
from tests.factories import IndicatorValueFactory, TaskProgressFactory

# Migrations recreate these with ids of their own; rows refer to them by natural key.
BY_NATURAL_KEY = (ContentType, Permission)


def snapshot():
    """Every row of every backed-up model and of their many-to-many tables, ids and all."""
    tables = {}
    for model in backup_models():
        tables[model._meta.label] = [_row(obj) for obj in model._default_manager.order_by("pk")]
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            links = {tuple(_row(link, skip_pk=True).items()) for link in through.objects.all()}
            tables[through._meta.label] = sorted(links, key=repr)
    return tables


def _row(obj, skip_pk=False):
    row = {}
    for field in obj._meta.concrete_fields:
        if skip_pk and field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and issubclass(field.related_model, BY_NATURAL_KEY) and value is not None:
            value = getattr(obj, field.name).natural_key()
        row[field.name] = value.name if hasattr(value, "storage") else value  # files by their stored name
    return row


@pytest.fixture
def filled(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2021, value=40)
    services.value_save(
        user=world.users["reporter_own"],
        indicator=world.indicator,
        year=2022,
        value="38.5",
        note="监测站年报",
    )  # a history row written by the service
    services.record_submit(user=world.users["reporter_own"], record=value)
    TaskProgressFactory()
    group = Group.objects.create(name="填报人")
    group.permissions.add(Permission.objects.get(codename="change_indicatorvalue"))
    world.users["reporter_own"].groups.add(group)
    Token.objects.create(user=world.users["reporter_own"])
    return world


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_every_row(filled, tmp_path):
    before = snapshot()
    call_command("backup_data", tmp_path / "backup.json")
    call_command("flush", interactive=False, verbosity=0)
    assert not any(model._default_manager.exists() for model in backup_models())
    call_command("restore_data", tmp_path / "backup.json")
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_compressed_backup_restores_too(filled, tmp_path):
    before = snapshot()
    call_command("backup_data", tmp_path / "backup.json.gz")
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", tmp_path / "backup.json.gz")
    assert snapshot() == before


@pytest.mark.django_db
def test_backup_holds_history_and_accounts(filled, tmp_path):
    call_command("backup_data", tmp_path / "backup.json")
    text = (tmp_path / "backup.json").read_text()
    for label in (
        '"indicators.historicalindicatorvalue"',
        '"accounts.user"',
        '"auth.group"',
        '"authtoken.token"',
    ):
        assert label in text


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(filled, tmp_path):
    call_command("backup_data", tmp_path / "backup.json")
    count = filled.indicator.values.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("restore_data", tmp_path / "backup.json")
    assert filled.indicator.values.count() == count


@pytest.mark.django_db
def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="nothing.json"):
        call_command("restore_data", tmp_path / "nothing.json")
