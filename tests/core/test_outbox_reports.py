"""Reports → "E-post som inte gick fram": who sees it, what it lists, resending, export."""

import csv
import io
import re
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

import pytest

from core.outbox.delivery import INTERRUPTED, deliver
from core.outbox.models import Message
from tests.factories.members import UserFactory, sign_in_with_mfa
from tests.factories.outbox import MessageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/e-post/"


def resend_url(message: Message) -> str:
    return f"/admin/reports/e-post/{message.pk}/skicka-igen/"


def _client_of(group: str) -> Client:
    client = Client()
    user = UserFactory(totp=True)
    user.groups.add(Group.objects.get(name=group))
    sign_in_with_mfa(client, user)
    return client


@pytest.fixture
def editor_client(home):
    return _client_of("Editors")


@pytest.fixture
def failed():
    return MessageFactory(
        to=["studsar@example.se"],
        kind="members.membership_decided",
        subject="[Mötesplats] Ditt medlemskap i Region Gotland är godkänt",
        body_text="Återställ: https://motesplats.example.se/konto/password/reset/key/1-hemlig/",
        status=Message.Status.FAILED,
        attempts=1,
        last_error="studsar@example.se: 550 5.1.1 No such mailbox here",
        last_attempt_at=timezone.now(),
    )


def test_lists_what_did_not_go_through_and_never_the_text(editor_client, failed):
    retrying = MessageFactory(
        to=["vantar@example.se"], attempts=2, last_error="ConnectionRefusedError: [Errno 111]"
    )
    stale = MessageFactory(to=["glomd@example.se"])
    Message.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    MessageFactory(to=["ny@example.se"])  # written just now, not yet tried
    MessageFactory(to=["framme@example.se"], status=Message.Status.SENT)
    interrupted = MessageFactory(
        to=["avbruten@example.se"], status=Message.Status.FAILED, last_error=INTERRUPTED
    )

    response = editor_client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for shown in (failed, retrying, stale, interrupted):
        assert shown.to[0] in html
    assert "ny@example.se" not in html and "framme@example.se" not in html
    assert "550 5.1.1 No such mailbox here" in html
    assert "members.membership_decided" in html
    assert "Ditt medlemskap i Region Gotland är godkänt" in html
    assert "1-hemlig" not in html
    # Only the failed ones can be sent again; those pending retry by themselves.
    assert html.count('/skicka-igen/"') == 2


def test_filters_by_status_and_kind(editor_client, failed):
    MessageFactory(to=["vantar@example.se"], attempts=1, kind="account.login_code")
    by_status = editor_client.get(REPORT_URL, {"status": "pending"}).content.decode()
    assert "vantar@example.se" in by_status and "studsar@example.se" not in by_status
    by_kind = editor_client.get(REPORT_URL, {"kind": "members.membership_decided"})
    assert "studsar@example.se" in by_kind.content.decode()
    assert "vantar@example.se" not in by_kind.content.decode()


def test_in_the_reports_menu_of_editors_only(editor_client):
    assert REPORT_URL in editor_client.get("/admin/").content.decode()
    moderator = _client_of("Moderators")
    assert REPORT_URL not in moderator.get("/admin/").content.decode()


def test_only_editors_may_see_it(client, home, failed):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/admin/")
    member = Client()
    member.force_login(UserFactory())
    assert member.get(REPORT_URL).status_code == 403
    # Moderators use the admin, but the outbox is not theirs: Wagtail sends them home.
    moderator = _client_of("Moderators")
    for response in (moderator.get(REPORT_URL), moderator.post(resend_url(failed))):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    failed.refresh_from_db()
    assert failed.status == Message.Status.FAILED


def test_who_may_only_look_sees_no_resend_button(home, failed):
    client = Client()
    user = UserFactory(totp=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_message"),
    )
    sign_in_with_mfa(client, user)
    html = client.get(REPORT_URL).content.decode()
    assert "studsar@example.se" in html
    assert "/skicka-igen/" not in html
    response = client.post(resend_url(failed))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    failed.refresh_from_db()
    assert failed.status == Message.Status.FAILED


def test_a_refused_message_is_shown_and_sent_again(
    mail_server, home, django_capture_on_commit_callbacks
):
    mail_server.refused["ny-adress@example.se"] = "550 5.1.1 No such mailbox here"
    message = MessageFactory(to=["ny-adress@example.se"], subject="[Mötesplats] Välkommen")
    assert deliver.call(message.pk) == "failed"
    # Signed in with the second factor, then a browser that checks CSRF like production.
    editor = Client(enforce_csrf_checks=True)
    editor.cookies = _client_of("Editors").cookies
    html = editor.get(REPORT_URL).content.decode()
    assert "ny-adress@example.se: 550 5.1.1 No such mailbox here" in html

    # The mailbox exists now; the editor sends it again, with the form's CSRF token.
    del mail_server.refused["ny-adress@example.se"]
    assert editor.post(resend_url(message)).status_code == 403  # no token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(resend_url(message), {"csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain[0] == (REPORT_URL, 302)
    assert "E-posten till ny-adress@example.se skickas igen." in response.content.decode()
    [received] = mail_server.messages
    assert received["To"] == "ny-adress@example.se"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)


def test_a_sent_message_is_not_sent_again(editor_client, django_capture_on_commit_callbacks):
    sent = MessageFactory(status=Message.Status.SENT, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(resend_url(sent), follow=True)
    assert callbacks == []
    assert "E-posten hade redan skickats eller väntar på ett nytt försök." in (
        response.content.decode()
    )
    sent.refresh_from_db()
    assert sent.status == Message.Status.SENT


def test_resending_takes_a_post(editor_client, failed):
    assert editor_client.get(resend_url(failed)).status_code == 405
    assert editor_client.post("/admin/reports/e-post/999999/skicka-igen/").status_code == 404


def test_the_export_holds_formulas_back(editor_client):
    MessageFactory(
        to=["=kalkyl@example.se"],
        subject='=HYPERLINK("https://evil.example","Klicka")',
        status=Message.Status.FAILED,
        last_error="@SUM(1+1)",
    )
    response = editor_client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == [
        "Skapat",
        "Mottagare",
        "Sort",
        "Ämnesrad",
        "Status",
        "Försök",
        "Senaste fel",
        "Senaste försök",
    ]
    [row] = rows[1:]
    assert row[1] == "'=kalkyl@example.se"
    assert row[3] == '\'=HYPERLINK("https://evil.example","Klicka")'
    assert row[4] == "Gick inte fram"
    assert row[6] == "'@SUM(1+1)"


def test_query_count(editor_client, django_assert_max_num_queries):
    for _ in range(20):
        MessageFactory(status=Message.Status.FAILED)
    editor_client.get(REPORT_URL)
    with django_assert_max_num_queries(25):
        assert editor_client.get(REPORT_URL).status_code == 200
