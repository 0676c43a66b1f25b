"""The import page: administrators upload a plan, see it as read and what changes, then confirm or cancel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Jurisdiction
from importer import views
from plans.models import PendingUpload, Plan, Task
from tests.plans.conftest import import_seed, seed_path
from tests.plans.renderings import middle_task, without_task

pytestmark = pytest.mark.django_db

IMPORT = "/plans/import/"


@pytest.fixture
def admin(client, world):
    Plan.objects.all().delete()  # the world's factory plan would stand in 宽城区's place
    client.force_login(world.users["admin"])
    return client


def upload(client, text, name="plan.txt"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def seed_text(prefix="000"):
    return seed_path(prefix).read_text(encoding="utf-8")


def token(client):
    return client.session[views.SESSION_KEY]["token"]


def test_the_import_page_is_for_administrators_only(client, world):
    assert reverse("importer:import") == IMPORT
    client.force_login(world.users["reviewer"])
    assert client.get(IMPORT).status_code == 403
    assert client.post(reverse("importer:import_confirm")).status_code == 403
    client.force_login(world.users["admin"])
    assert client.get(IMPORT).status_code == 200


def test_the_navigation_and_the_admin_link_to_it(client, world):
    client.force_login(world.users["reviewer"])
    assert f'href="{IMPORT}"' not in client.get("/").content.decode()
    client.force_login(world.users["admin"])
    assert f'href="{IMPORT}"' in client.get("/").content.decode()
    assert f'href="{IMPORT}"' in client.get(reverse("admin:plans_plan_changelist")).content.decode()


def test_the_preview_shows_the_plan_and_writes_nothing(admin):
    page = upload(admin, seed_text()).content.decode()
    assert "宽城区生态环境保护“十四五”规划" in page and "长宽府发〔2023〕5号" in page
    assert "<strong>112</strong>" in page  # tasks
    assert "细颗粒物（PM2.5）年均浓度" in page and "2020年基期值" in page and "2025年目标值" in page
    assert "专栏编号不连续：没有专栏6" in page
    assert "创建新的行政区" not in page  # the world knows 宽城区
    assert not Plan.objects.exists()


def test_the_preview_asks_before_creating_a_jurisdiction(admin):
    page = upload(admin, seed_text("004")).content.decode()
    assert "创建新的行政区：吉林市（上级：吉林省）" in page


def test_confirm_imports_the_stored_upload_whatever_is_posted(admin):
    upload(admin, seed_text())
    response = admin.post(
        reverse("importer:import_confirm"),
        {"token": token(admin), "create_jurisdiction": "1", "outline": '{"plan": {"title": "伪造"}}'},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == reverse("dashboard:plan", args=[plan.pk])
    assert plan.title == "宽城区生态环境保护“十四五”规划"
    assert Task.objects.count() == 112
    assert views.SESSION_KEY not in admin.session


def test_an_unknown_jurisdiction_must_be_ticked(admin, world):
    upload(admin, seed_text("004"))
    response = admin.post(reverse("importer:import_confirm"), {"token": token(admin)})
    assert response.status_code == 400
    assert "文件所属的行政区不在系统中" in response.content.decode()
    assert not Plan.objects.exists() and not Jurisdiction.objects.filter(name="吉林市").exists()


def test_cancel_writes_nothing_and_forgets_the_upload(admin):
    upload(admin, seed_text())
    stored = PendingUpload.objects.filter(token=token(admin))
    assert stored.exists()
    admin.post(reverse("importer:import_cancel"))
    assert not stored.exists() and not Plan.objects.exists()
    response = admin.post(reverse("importer:import_confirm"), {"token": "x"})
    assert response.status_code == 302 and not Plan.objects.exists()


def test_a_changed_stored_file_is_not_imported(admin):
    upload(admin, seed_text())
    PendingUpload.objects.filter(token=token(admin)).update(data="篡改".encode())
    admin.post(reverse("importer:import_confirm"), {"token": token(admin), "create_jurisdiction": "1"})
    assert not Plan.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(admin, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 1024 * 1024)
    monkeypatch.setattr(views, "read_document", lambda *a: pytest.fail("the file was read"))
    response = upload(admin, "规" * (1024 * 1024 // 3 + 1))
    assert response.status_code == 400 and "文件超过 1 MB。" in response.content.decode()


def test_a_file_that_is_no_plan_is_refused_in_chinese(admin):
    response = upload(admin, "尊敬的领导：\n您好。\n")
    assert response.status_code == 400 and "未找到章节结构" in response.content.decode()
    assert views.SESSION_KEY not in admin.session


def test_a_removal_is_listed_with_a_checkbox_and_must_be_ticked(admin, seed_outline):
    import_seed("000")
    _, section, position = middle_task(seed_outline("000"))
    removed = section.tasks[position - 1]
    page = upload(admin, without_task(seed_text(), removed)).content.decode()
    assert 'name="remove"' in page and removed.title in page
    response = admin.post(reverse("importer:import_confirm"), {"token": token(admin)})
    assert response.status_code == 400 and "须逐项确认" in response.content.decode()
    assert Task.objects.count() == 112
    key = response.context["removed"][0]["change"].key
    admin.post(reverse("importer:import_confirm"), {"token": token(admin), "remove": [key]})
    assert Task.objects.count() == 111


def test_a_warning_with_a_line_shows_at_its_task(seed_outline):
    outline = seed_outline("001")
    [warning] = outline.warnings
    placed = views.place_warnings(outline)
    [(task_id, warnings)] = placed.by_task.items()
    [task] = [t for c in outline.chapters for s in c.sections for t in s.tasks if id(t) == task_id]
    line = int(views.WARNING_LINE.match(warning)[1])
    assert warnings == [warning] and task.line <= line
    assert len(placed.chapters_with_warnings) == 1


def test_a_preview_made_on_one_server_is_confirmed_on_another(admin, tmp_path, monkeypatch):
    """Nothing of the upload stays on the host that made the preview: another server, with a /tmp of
    its own and the same database, confirms it."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "first-host"))
    (tmp_path / "first-host").mkdir()
    upload(admin, seed_text())
    assert not any((tmp_path / "first-host").iterdir())
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "second-host"))
    (tmp_path / "second-host").mkdir()
    response = admin.post(
        reverse("importer:import_confirm"), {"token": token(admin), "create_jurisdiction": "1"}
    )
    assert response.status_code == 302 and Plan.objects.get().title == "宽城区生态环境保护“十四五”规划"
    assert not PendingUpload.objects.exists()
