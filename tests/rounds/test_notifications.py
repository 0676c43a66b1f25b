"""Returned and reopened records notify their reporter (in bulk, in the application and by e-mail);
users read and mark only their own notifications."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from indicators import services
from indicators.models import ReviewState
from rounds.models import Notification
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

URL = reverse("rounds:notifications")


def submitted(world, year=2022, indicator=None):
    return IndicatorValueFactory(
        indicator=indicator or world.indicator,
        year=year,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
    )


def test_returning_a_record_notifies_its_reporter_and_mails_them(world, django_capture_on_commit_callbacks):
    reporter = world.users["reporter_own"]
    reporter.email = "kc_sthj@example.cn"
    reporter.save()
    record = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_return(user=world.users["reviewer"], record=record, reason="数值与监测站不符")
    [note] = Notification.objects.all()
    assert (note.user, note.kind, note.read_at) == (reporter, Notification.Kind.RETURNED, None)
    assert "数值与监测站不符" in note.text and "2022" in note.text
    assert note.link == f"{reverse('entry:entry')}?year=2022"
    [email] = mail.outbox
    assert email.to == ["kc_sthj@example.cn"]
    assert "数值与监测站不符" in email.body and note.link in email.body


def test_a_refused_return_notifies_nobody(world, django_capture_on_commit_callbacks):
    draft = IndicatorValueFactory(
        indicator=world.indicator, year=2022, reported_by=world.users["reporter_own"]
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ConflictError):
        services.record_return(user=world.users["reviewer"], record=draft, reason="不符")
    assert not Notification.objects.exists() and not mail.outbox


def test_returning_many_records_sends_one_notification_per_reporter(world, django_assert_max_num_queries):
    records = [submitted(world, year) for year in (2021, 2022)]
    more = [
        submitted(world, 2022, IndicatorFactory(plan=world.plan, box=world.indicator.box)) for _ in range(5)
    ]
    records = [r for r in records if r.year == 2022] + more
    with django_assert_max_num_queries(12):
        services.records_transition(
            user=world.users["reviewer"], records=records, action="return", reason="请补充佐证材料"
        )
    [note] = Notification.objects.all()
    assert note.text.startswith("您填报的2022年6项记录被退回")


def test_reopening_notifies_the_reporter(world):
    approved = IndicatorValueFactory(
        indicator=world.indicator,
        year=2022,
        state=ReviewState.APPROVED,
        reported_by=world.users["reporter_own"],
    )
    services.record_reopen(user=world.users["reviewer"], record=approved, reason="统计口径调整")
    [note] = Notification.objects.all()
    assert note.kind == Notification.Kind.REOPENED and "统计口径调整" in note.text


def test_the_list_shows_only_the_users_own_notifications(client, world):
    Notification.objects.create(user=world.users["reporter_own"], kind="returned", text="退回给我的")
    Notification.objects.create(user=world.users["reporter_other"], kind="returned", text="退回给别人的")
    client.force_login(world.users["reporter_own"])
    html = client.get(URL).content.decode()
    assert "退回给我的" in html and "退回给别人的" not in html


def test_the_navigation_counts_unread_notifications(client, world):
    for text in ("一", "二"):
        Notification.objects.create(user=world.users["reporter_own"], kind="returned", text=text)
    client.force_login(world.users["reporter_own"])
    nav = client.get(reverse("dashboard:overview")).content.decode().split('<nav class="site-nav">')[1]
    assert f'href="{URL}"' in nav and '<span class="count" title="未读">2</span>' in nav


def test_marking_one_read(client, world):
    mine = Notification.objects.create(user=world.users["reporter_own"], kind="returned", text="一")
    other = Notification.objects.create(user=world.users["reporter_own"], kind="returned", text="二")
    client.force_login(world.users["reporter_own"])
    assert client.post(URL, {"notification": mine.pk}).status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_marking_all_read(client, world):
    for text in ("一", "二"):
        Notification.objects.create(user=world.users["reporter_own"], kind="returned", text=text)
    elsewhere = Notification.objects.create(user=world.users["reporter_other"], kind="returned", text="三")
    client.force_login(world.users["reporter_own"])
    client.post(URL, {"all": "1"})
    assert not Notification.objects.filter(user=world.users["reporter_own"], read_at__isnull=True).exists()
    elsewhere.refresh_from_db()
    assert elsewhere.read_at is None


def test_another_users_notification_cannot_be_marked(client, world):
    theirs = Notification.objects.create(user=world.users["reporter_other"], kind="returned", text="别人的")
    client.force_login(world.users["reporter_own"])
    assert client.post(URL, {"notification": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_the_csrf_token(world):
    mine = Notification.objects.create(user=world.users["reporter_own"], kind="returned", text="一")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter_own"])
    assert client.post(URL, {"notification": mine.pk}).status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None


def test_anonymous_users_are_sent_to_log_in(client, world):
    assert client.get(URL).status_code == 302


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, world):
    link = f"{reverse('entry:entry')}?year=2022"
    mine = Notification.objects.create(
        user=world.users["reporter_own"], kind="returned", text="一", link=link
    )
    other = Notification.objects.create(
        user=world.users["reporter_own"], kind="returned", text="二", link=link
    )
    client.force_login(world.users["reporter_own"])
    opened = reverse("rounds:notification-open", args=[mine.pk])
    assert f'href="{opened}"' in client.get(URL).content.decode()
    response = client.get(opened)
    assert response.status_code == 302 and response["Location"] == link
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    assert client.get(opened)["Location"] == link  # opened again: still goes there


def test_another_users_notification_cannot_be_opened(client, world):
    theirs = Notification.objects.create(
        user=world.users["reporter_other"], kind="returned", text="别人的", link=reverse("entry:entry")
    )
    client.force_login(world.users["reporter_own"])
    assert client.get(reverse("rounds:notification-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("link", ["https://example.com/entry/", "//example.com/", ""])
def test_a_notification_never_leads_off_the_site(client, world, link):
    note = Notification.objects.create(
        user=world.users["reporter_own"], kind="returned", text="一", link=link
    )
    client.force_login(world.users["reporter_own"])
    response = client.get(reverse("rounds:notification-open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == URL
