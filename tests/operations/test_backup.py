"""backup_data writes everything; restore_data brings it back, row for row, into an empty database."""

import bz2
import gzip
import json
import lzma
import os
import stat
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from indicators import services
from indicators.evidence import evidence_attach
from indicators.models import IndicatorValue
from operations.backup import backup_models, evidence_archive_path
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
@pytest.mark.parametrize(
    ("name", "opener"),
    [("backup.json.gz", gzip.open), ("backup.json.bz2", bz2.open), ("backup.json.xz", lzma.open)],
)
def test_a_compressed_backup_is_compressed_as_named_and_restores(filled, tmp_path, name, opener):
    before = snapshot()
    call_command("backup_data", tmp_path / name)
    with opener(tmp_path / name, "rt", encoding="utf-8") as stream:
        assert json.load(stream)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", tmp_path / name)
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


REFUSED_NAME = "以 .json、.json.gz、.json.bz2 或 .json.xz 结尾"


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["backup_data", "restore_data"])
@pytest.mark.parametrize("name", ["backup.bak", "backup.xz", "backup.json.zip"])
def test_a_name_that_says_no_known_format_is_refused(world, tmp_path, command, name):
    (tmp_path / name).write_text("[]")
    with pytest.raises(CommandError, match=REFUSED_NAME):
        call_command(command, tmp_path / name)


@pytest.mark.django_db
def test_a_refused_name_writes_no_file(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("backup_data", tmp_path / "backup.bak")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("damaged.json.gz", b"\x1f\x8b\x08\x00 not gzip after all", "无法读取"),
        ("damaged.json.xz", lzma.compress(b'[{"model": "plans.plan"')[:-12], "无法读取"),
        ("plain.json.bz2", b'[{"model": "plans.plan", "fields": {}}]', "无法读取"),
        ("cut.json", b'[{"model": "plans.plan", "pk": 1, "fie', "不是有效的 JSON"),
        ("binary.json", b"\xff\xfe\x00garbage", "无法读取"),
        ("object.json", b'{"model": "plans.plan"}', "不是 backup_data 写出的备份"),
        ("strings.json", b'["plans.plan"]', "不是 backup_data 写出的备份"),
        ("empty.json", b"[]", "没有任何数据"),
        ("empty.json.gz", gzip.compress(b"[]"), "没有任何数据"),
    ],
)
def test_an_unusable_backup_is_refused_with_a_message_and_changes_nothing(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore_data", tmp_path / name)
    assert not any(model._default_manager.exists() for model in backup_models())


@pytest.mark.django_db(transaction=True)
def test_a_row_that_does_not_fit_is_a_message_and_restores_nothing(filled, tmp_path):
    call_command("backup_data", tmp_path / "backup.json")
    rows = json.loads((tmp_path / "backup.json").read_text())
    value = next(row for row in rows if row["model"] == "indicators.indicatorvalue")
    value["fields"]["indicator"] = 999_999  # no such indicator
    (tmp_path / "broken.json").write_text(json.dumps(rows))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="备份未能恢复，数据库保持原样"):
        call_command("restore_data", tmp_path / "broken.json")
    assert not any(model._default_manager.exists() for model in backup_models())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["backup.json", "backup.json.xz"])
def test_backup_files_are_readable_by_their_owner_only(filled, tmp_path, name):
    attach_evidence(filled)
    (tmp_path / name).write_text("an older, world-readable file of the same name")
    os.chmod(tmp_path / name, 0o644)
    old_umask = os.umask(0o022)
    try:
        call_command("backup_data", tmp_path / name, stdout=StringIO())
    finally:
        os.umask(old_umask)
    for path in (tmp_path / name, evidence_archive_path(tmp_path / name)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def attach_evidence(world):
    record = IndicatorValue.objects.filter(indicator=world.indicator, year=2022).get()
    return evidence_attach(
        user=world.users["reporter_own"], record=record, upload=SimpleUploadedFile("监测报告.pdf", PDF)
    )


@pytest.mark.django_db(transaction=True)
def test_evidence_files_are_backed_up_and_restored(filled, tmp_path):
    evidence = attach_evidence(filled)
    before = snapshot()
    out = StringIO()
    call_command("backup_data", tmp_path / "backup.json.gz", stdout=out)
    assert "backup.json.gz.evidence.tar：1 个佐证材料文件" in out.getvalue()
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(evidence.file.name)  # a new machine: an empty file storage
    out = StringIO()
    call_command("restore_data", tmp_path / "backup.json.gz", stdout=out)
    assert snapshot() == before
    with default_storage.open(evidence.file.name, "rb") as restored:
        assert restored.read() == PDF
    assert "和 1 个佐证材料文件" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_restore_without_the_evidence_archive_names_the_files_to_copy(filled, tmp_path):
    evidence = attach_evidence(filled)
    call_command("backup_data", tmp_path / "backup.json", stdout=StringIO())
    evidence_archive_path(tmp_path / "backup.json").unlink()
    call_command("flush", interactive=False, verbosity=0)
    err = StringIO()
    call_command("restore_data", tmp_path / "backup.json", stdout=StringIO(), stderr=err)
    assert evidence.file.name in err.getvalue()
    assert "MEDIA_ROOT" in err.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["X.JSON.XZ", "x.Json.Gz", "Backup.JSON"])
def test_a_name_in_any_case_backs_up_and_restores(filled, tmp_path, name):
    before = snapshot()
    call_command("backup_data", tmp_path / name)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", tmp_path / name)
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_restoring_dev_json_is_not_confused_by_dev_json_gz_beside_it(filled, tmp_path):
    before = snapshot()
    call_command("backup_data", tmp_path / "dev.json")
    with gzip.open(tmp_path / "dev.json.gz", "wt", encoding="utf-8") as other:
        other.write("[]")  # another backup, or any file, under the same stem
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", tmp_path / "dev.json")
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_version_before_the_organisation_moved_restores(filled, tmp_path):
    """Jurisdictions and units moved from plans to accounts: a backup written before names them by their
    old labels, and restores all the same."""
    before = snapshot()
    call_command("backup_data", tmp_path / "backup.json")
    rows = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    moved = {
        "accounts.jurisdiction": "plans.jurisdiction",
        "accounts.responsibleunit": "plans.responsibleunit",
    }
    assert any(row["model"] in moved for row in rows)
    for row in rows:
        row["model"] = moved.get(row["model"], row["model"])
    (tmp_path / "old.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", tmp_path / "old.json")
    assert snapshot() == before
