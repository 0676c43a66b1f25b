"""佐证材料: type and size checks, random storage names, downloads only for those who may see the record."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from indicators.evidence import evidence_attach, evidence_check, evidence_delete
from indicators.evidence_model import Evidence
from indicators.models import ReviewState
from tests.factories import IndicatorValueFactory, JurisdictionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name="监测报告.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def office_zip(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.fixture
def draft(world):
    return IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=38, reported_by=world.users["reporter_own"]
    )


def attach(world, draft, file=None):
    return evidence_attach(user=world.users["reporter_own"], record=draft, upload=file or upload())


def test_pdf_is_stored_under_a_random_name(world, draft):
    evidence = attach(world, draft)
    assert evidence.original_name == "监测报告.pdf" and evidence.content_type == "application/pdf"
    assert "监测报告" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.file.read() == PDF


def test_two_uploads_of_one_name_get_different_storage_names(world, draft):
    assert attach(world, draft).file.name != attach(world, draft).file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", PNG),
        ("报告.docx", office_zip("word/document.xml")),
        ("表.xlsx", office_zip("xl/workbook.xml")),
        ("公文.ofd", office_zip("OFD.xml")),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16),
    ],
)
def test_allowed_types_with_matching_content_pass(name, content):
    assert evidence_check(upload=upload(name, content)) == name.rsplit(".", 1)[1]


def test_a_disallowed_extension_is_refused():
    with pytest.raises(ValidationError) as error:
        evidence_check(upload=upload("setup.exe", b"MZ\x90\x00"))
    assert error.value.code == "file_type"


def test_a_program_renamed_to_pdf_is_refused_by_its_content():
    with pytest.raises(ValidationError) as error:
        evidence_check(upload=upload("报告.pdf", b"MZ\x90\x00" + b"\x00" * 32))
    assert error.value.code == "content"


def test_a_plain_zip_renamed_to_docx_is_refused():
    with pytest.raises(ValidationError):
        evidence_check(upload=upload("报告.docx", office_zip("readme.txt")))


def test_a_file_over_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 16
    with pytest.raises(ValidationError) as error:
        evidence_check(upload=upload(content=PDF))
    assert error.value.code == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        evidence_check(upload=upload(content=b""))


def test_files_cannot_be_attached_to_a_submitted_record(world, draft):
    draft.state = ReviewState.SUBMITTED
    draft.save()
    with pytest.raises(PermissionDenied):
        attach(world, draft)
    assert not Evidence.objects.exists()


def test_another_units_staff_cannot_attach(world, draft):
    with pytest.raises(PermissionDenied):
        evidence_attach(user=world.users["reporter_other"], record=draft, upload=upload())


def test_upload_is_recorded_in_the_history(world, draft):
    evidence = attach(world, draft)
    assert evidence.history.get().history_user == world.users["reporter_own"]


def test_reporter_downloads_the_file(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reporter_own"])
    response = client.get(reverse("entry:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_reviewer_of_the_jurisdiction_downloads_the_file(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reviewer"])
    assert client.get(reverse("entry:evidence", args=[evidence.pk])).status_code == 200


def test_staff_of_another_jurisdiction_get_403(client, world, draft):
    evidence = attach(world, draft)
    outsider = UserFactory(units=[UnitFactory(jurisdiction=JurisdictionFactory(name="吉林市", level="city"))])
    client.force_login(outsider)
    assert client.get(reverse("entry:evidence", args=[evidence.pk])).status_code == 403


def test_reviewer_of_a_sibling_district_gets_403(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reviewer_other"])
    assert client.get(reverse("entry:evidence", args=[evidence.pk])).status_code == 403


def test_a_missing_id_answers_403_like_a_forbidden_one(client, world):
    client.force_login(world.users["reporter_own"])
    assert client.get(reverse("entry:evidence", args=[999999])).status_code == 403


def test_anonymous_download_is_sent_to_login(client, world, draft):
    evidence = attach(world, draft)
    response = client.get(reverse("entry:evidence", args=[evidence.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_entry_page_attaches_an_uploaded_file_to_the_saved_value(client, world):
    client.force_login(world.users["reporter_own"])
    client.post(
        reverse("entry:entry") + "?year=2022",
        {
            "year": 2022,
            "save": "1",
            f"value{world.indicator.pk}-value": "38",
            f"value{world.indicator.pk}-version": 0,
            f"value{world.indicator.pk}-evidence": upload(),
        },
    )
    assert Evidence.objects.get().value.value == 38


def test_entry_page_refuses_a_bad_file_and_saves_nothing(client, world):
    client.force_login(world.users["reporter_own"])
    response = client.post(
        reverse("entry:entry") + "?year=2022",
        {
            "year": 2022,
            "save": "1",
            f"value{world.indicator.pk}-value": "38",
            f"value{world.indicator.pk}-version": 0,
            f"value{world.indicator.pk}-evidence": upload("x.pdf", b"not a pdf at all"),
        },
    )
    assert response.status_code == 200 and not Evidence.objects.exists()
    assert not world.indicator.values.exists()


def test_leader_of_the_district_may_download(client, world, draft):
    evidence = attach(world, draft)
    leader = User.objects.get(username="kc_leader")
    client.force_login(leader)
    assert client.get(reverse("entry:evidence", args=[evidence.pk])).status_code == 200


def delete_url(evidence):
    return reverse("entry:evidence-delete", args=[evidence.pk])


def test_reporter_deletes_a_file_of_their_draft(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reporter_own"])
    response = client.post(delete_url(evidence))
    assert response.status_code == 302 and response["Location"].endswith("?year=2022")
    assert not Evidence.objects.exists()


def test_deletion_is_in_the_history_with_who_deleted(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reporter_own"])
    client.post(delete_url(evidence))
    removed = Evidence.history.get(id=evidence.pk, history_type="-")
    assert (removed.history_user, removed.original_name) == (world.users["reporter_own"], "监测报告.pdf")


@pytest.mark.parametrize("who", ["reporter_other", "reviewer", "leader"])
def test_others_get_403_and_the_file_stays(client, world, draft, who):
    evidence = attach(world, draft)
    client.force_login(world.users[who])
    assert client.post(delete_url(evidence)).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_a_file_of_a_locked_record_cannot_be_deleted(client, world, draft, state):
    evidence = attach(world, draft)
    draft.state = state
    draft.save()
    client.force_login(world.users["reporter_own"])
    assert client.post(delete_url(evidence)).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_file_of_a_returned_record_can_be_deleted(world, draft):
    evidence = attach(world, draft)
    draft.state = ReviewState.RETURNED
    draft.save()
    evidence_delete(user=world.users["reporter_own"], evidence=evidence)
    assert not Evidence.objects.exists()


def test_an_administrator_may_delete_a_file_of_an_approved_record(world, draft):
    evidence = attach(world, draft)
    draft.state = ReviewState.APPROVED
    draft.save()
    pk = evidence.pk  # delete() forgets it
    evidence_delete(user=world.users["admin"], evidence=evidence)
    assert Evidence.history.get(id=pk, history_type="-").history_user == world.users["admin"]
    assert not Evidence.objects.exists()


def test_deleting_by_get_is_refused(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reporter_own"])
    assert client.get(delete_url(evidence)).status_code == 405
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_deleting_a_missing_file_answers_403(client, world):
    client.force_login(world.users["reporter_own"])
    assert client.post(reverse("entry:evidence-delete", args=[999999])).status_code == 403


def test_entry_page_has_a_delete_button_beside_an_editable_records_file(client, world, draft):
    evidence = attach(world, draft)
    client.force_login(world.users["reporter_own"])
    page = client.get(reverse("entry:entry") + "?year=2022").content.decode()
    assert f'formaction="{delete_url(evidence)}"' in page and 'id="evidence-delete"' in page


def test_entry_page_has_no_delete_button_beside_a_submitted_records_file(client, world, draft):
    evidence = attach(world, draft)
    draft.state = ReviewState.SUBMITTED
    draft.save()
    client.force_login(world.users["reporter_own"])
    page = client.get(reverse("entry:entry") + "?year=2022").content.decode()
    assert evidence.original_name in page and delete_url(evidence) not in page


def test_a_stored_file_and_its_directories_are_private_to_the_applications_user(
    world, draft, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    evidence = attach(world, draft)
    stored = tmp_path / "media" / evidence.file.name
    assert stored.read_bytes() == PDF
    assert stored.stat().st_mode & 0o777 == 0o600
    assert {
        path.stat().st_mode & 0o777
        for path in stored.parents
        if path.is_relative_to(tmp_path / "media") and path != tmp_path / "media"
    } <= {0o700}
