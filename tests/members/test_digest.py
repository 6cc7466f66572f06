"""Following's mail: the digest, new meetings at once and change mail, over a real SMTP server."""

import re
import threading
from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from core.models import County
from core.outbox.models import Message
from events.models import EventPage
from events.recurrence import STOCKHOLM
from events.registration.services import registration_create
from knowledge.models import ArticleKind
from members.follows.digest import ARTICLE, MEETING, Item, group
from members.follows.emails import send_digests
from members.follows.models import DigestEntry, Follow
from members.models import User
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import UserFactory
from tests.factories.outbox import run_send_outbox, wait_for_retry
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 3, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def site(home):
    return {
        "events": EventIndexPageFactory(parent=home),
        "library": LibraryIndexPageFactory(parent=home),
        "topic": TopicFactory(name="Dagligvaror", slug="dagligvaror"),
        "other_topic": TopicFactory(name="Drivmedel", slug="drivmedel"),
        "norrbotten": County.objects.get(code="25"),
        "gotland": County.objects.get(code="09"),
    }


def member(*, topics=(), counties=(), kinds=(), pages=(), **fields):
    """A member who joined a week ago, following what is given."""
    fields.setdefault("date_joined", timezone.now() - timedelta(days=8))
    user = UserFactory(**fields)
    user.interests.set(topics)
    for county in counties:
        Follow.objects.create(user=user, county=county)
    for kind in kinds:
        Follow.objects.create(user=user, kind=kind)
    for page in pages:
        Follow.objects.create(user=user, page=page)
    return user


def meeting(site, *, topics=(), county=None, publish=True, **fields):
    fields.setdefault("start", START)
    fields.setdefault("end", fields["start"] + timedelta(hours=2))
    event = EventPageFactory(parent=site["events"], county=county, **fields)
    event.topics.set(topics)
    if publish:
        event.save_revision().publish()
    return event


def article(site, *, topics=(), counties=(), publish=True, **fields):
    page = ArticlePageFactory(parent=site["library"], **fields)
    page.topics.set(topics)
    page.counties.set(counties)
    if publish:
        page.save_revision().publish()
    return page


def run_digests(now=None) -> str:
    out = StringIO()
    if now is None:
        call_command("send_digests", stdout=out)
        return out.getvalue()
    return str(send_digests(now=now))


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def to(mail_server, user) -> list:
    return [m for m in mail_server.messages if m["To"] == user.email]


def test_digest_content_and_language(site, mail_server, django_capture_on_commit_callbacks):
    swede = member(topics=[site["topic"]], first_name="Karin")
    briton = member(counties=[site["norrbotten"]], language="en", first_name="Jane")
    event = meeting(
        site, title="Handlarträff i Luleå", topics=[site["topic"]], county=site["norrbotten"]
    )
    report = article(
        site,
        title="Rapport om lanthandeln",
        topics=[site["topic"]],
        kind=ArticleKind.REPORT,
        publication_date=datetime(2026, 11, 5).date(),
    )
    elsewhere = meeting(site, title="Träff på Gotland", county=site["gotland"])

    with django_capture_on_commit_callbacks(execute=True):
        out = run_digests()

    assert "Sammanfattningar: 2" in out
    [swedish] = to(mail_server, swede)
    assert "2 nyheter om det du bevakar" in swedish["Subject"]
    body = text(swedish)
    assert "Hej Karin!" in body
    assert "Nya mötesplatser" in body and "Nya artiklar" in body
    assert body.index("Handlarträff i Luleå") < body.index("Rapport om lanthandeln")
    assert "3 mars 2027 10:00" in body
    assert "Kulturens hus, Skeppsbrogatan 17, Luleå" in body
    assert event.full_url in body and report.full_url in body
    assert "5 november 2026" in body
    assert elsewhere.title not in body
    [english] = to(mail_server, briton)
    body = text(english)
    assert "One new item you follow" in english["Subject"]
    assert "Handlarträff i Luleå" in body and "Rapport om lanthandeln" not in body
    assert "March 3, 2027" in body
    assert Message.objects.get(to=[briton.email]).language == "en"
    # The ledger: each page told once per member; watermarks moved.
    assert set(DigestEntry.objects.values_list("user_id", "page_id")) == {
        (swede.pk, event.pk),
        (swede.pk, report.pk),
        (briton.pk, event.pk),
    }
    assert all(u.digest_sent_at for u in User.objects.filter(pk__in=[swede.pk, briton.pk]))


def test_meetings_soonest_first_and_articles_newest_first():
    published = timezone.now()

    def item(page_id, kind, when):
        return Item(page_id, kind, f"Sida {page_id}", f"/sida-{page_id}/", when, published)

    items = [
        item(1, MEETING, datetime(2027, 6, 18, 10, tzinfo=STOCKHOLM)),
        item(2, ARTICLE, datetime(2024, 4, 22).date()),
        item(3, MEETING, datetime(2027, 1, 6).date()),  # all day
        item(4, MEETING, datetime(2026, 12, 16, 9, tzinfo=STOCKHOLM)),
        item(5, ARTICLE, datetime(2025, 5, 20).date()),
    ]
    grouped = group(items)
    assert [i.page_id for i in grouped["meetings"]] == [4, 3, 1]
    assert [i.page_id for i in grouped["articles"]] == [5, 2]


def test_digest_has_one_click_unsubscribe_headers(
    site, mail_server, django_capture_on_commit_callbacks, client
):
    user = member(topics=[site["topic"]])
    meeting(site, topics=[site["topic"]])
    with django_capture_on_commit_callbacks(execute=True):
        run_digests()
    [message] = mail_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    # As sent: on one line, not folded into RFC 2047 encoded words no client would read.
    raw = dict(message.raw_items())["List-Unsubscribe"]
    assert raw == f"<{url}>"
    assert "/mina-sidor/bevakningar/avsluta/" in url
    assert url in text(message)
    # The mail client's POST: no session, no CSRF token.
    response = client.post(
        url.removeprefix("http://localhost:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.digest_frequency == "off"


def test_two_runs_send_nothing_twice(site, mail_server, django_capture_on_commit_callbacks):
    user = member(topics=[site["topic"]], digest_frequency="daily")
    first = meeting(site, topics=[site["topic"]])
    with django_capture_on_commit_callbacks(execute=True):
        run_digests()
        run_digests()
    assert len(mail_server.messages) == 1

    # A day later: only what is new since, and not the first again.
    second = article(site, topics=[site["topic"]], title="Ny artikel")
    with django_capture_on_commit_callbacks(execute=True):
        run_digests(now=timezone.now() + timedelta(days=1))
    assert len(mail_server.messages) == 2
    body = text(mail_server.messages[1])
    assert second.title in body and first.title not in body
    assert DigestEntry.objects.filter(user=user).count() == 2


def test_nothing_new_no_mail_but_the_watermark_moves(site, mail_server):
    user = member(topics=[site["other_topic"]])
    meeting(site, topics=[site["topic"]])
    run_digests()
    assert Message.objects.count() == 0
    user.refresh_from_db()
    assert user.digest_sent_at is not None


def test_frequencies(site):
    daily = member(topics=[site["topic"]], digest_frequency="daily")
    weekly = member(topics=[site["topic"]], digest_frequency="weekly")
    off = member(topics=[site["topic"]], digest_frequency="off")
    now = timezone.now()
    earlier = now - timedelta(days=2)
    User.objects.filter(pk__in=[daily.pk, weekly.pk]).update(digest_sent_at=earlier)
    meeting(site, topics=[site["topic"]])

    send_digests(now=now + timedelta(minutes=5))

    assert list(Message.objects.values_list("to", flat=True)) == [[daily.email]]
    # The weekly one is due a week after their last digest; "off" never.
    send_digests(now=now + timedelta(days=5, minutes=10))
    assert Message.objects.filter(to=[weekly.email]).count() == 1
    assert Message.objects.filter(to=[off.email]).count() == 0
    # A member without a verified address, or inactive, gets none.
    assert Message.objects.count() == 2


def test_unverified_and_inactive_members_get_no_digest(site):
    member(topics=[site["topic"]], verified_email=False)
    member(topics=[site["topic"]], is_active=False)
    meeting(site, topics=[site["topic"]])
    send_digests()
    assert Message.objects.count() == 0


def test_no_meetings_for_a_member_who_does_not_want_them(site):
    user = member(topics=[site["topic"]], notify_new_events=False)
    event = meeting(site, topics=[site["topic"]])
    page = article(site, topics=[site["topic"]])
    send_digests()
    [message] = Message.objects.filter(kind="members.digest")
    assert page.title in message.body_text and event.title not in message.body_text
    assert not DigestEntry.objects.filter(user=user, page=event).exists()


def test_kind_and_page_follows_match(site):
    by_kind = member(kinds=[ArticleKind.GUIDELINE])
    guideline = article(site, kind=ArticleKind.GUIDELINE, title="Riktlinje")
    article(site, kind=ArticleKind.REPORT, title="Rapport")
    send_digests()
    [message] = Message.objects.filter(to=[by_kind.email])
    assert guideline.title in message.body_text and "Rapport" not in message.body_text


def test_past_meetings_are_not_news(site):
    member(topics=[site["topic"]])
    start = timezone.now() - timedelta(days=2)
    meeting(site, topics=[site["topic"]], start=start, end=start + timedelta(hours=1))
    send_digests()
    assert Message.objects.count() == 0


def test_restricted_and_unpublished_content_never_in_a_digest(site):
    user = member(topics=[site["topic"]], counties=[site["norrbotten"]])
    hidden_meeting = meeting(site, topics=[site["topic"]], title="Slutet möte")
    PageViewRestriction.objects.create(page=hidden_meeting, restriction_type="login")
    hidden_article = article(site, topics=[site["topic"]], title="Lösenordsartikel")
    PageViewRestriction.objects.create(
        page=hidden_article, restriction_type="password", password="hemligt"
    )
    draft = article(site, topics=[site["topic"]], title="Utkast")
    draft.unpublish()
    public = article(site, topics=[site["topic"]], title="Öppen artikel")

    send_digests()

    [message] = Message.objects.filter(to=[user.email])
    assert public.title in message.body_text
    for title in ("Slutet möte", "Lösenordsartikel", "Utkast"):
        assert title not in message.body_text
    assert list(DigestEntry.objects.values_list("page_id", flat=True)) == [public.pk]


def test_a_restricted_section_hides_its_pages(site, home):
    member(topics=[site["topic"]])
    PageViewRestriction.objects.create(page=site["events"], restriction_type="login")
    meeting(site, topics=[site["topic"]])
    send_digests()
    assert Message.objects.count() == 0


def test_new_meeting_at_once_and_not_again_in_the_digest(
    site, mail_server, django_capture_on_commit_callbacks
):
    eager = member(topics=[site["topic"]], new_events_at_once=True, first_name="Per")
    patient = member(topics=[site["topic"]])
    not_meetings = member(topics=[site["topic"]], new_events_at_once=True, notify_new_events=False)
    with django_capture_on_commit_callbacks(execute=True):
        event = meeting(site, topics=[site["topic"]], title="Ny träff i Kiruna")
    [instant] = mail_server.messages
    assert instant["To"] == eager.email
    assert "Ny mötesplats: Ny träff i Kiruna" in instant["Subject"]
    assert event.full_url in text(instant)
    assert instant["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Publishing again is no news.
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert len(mail_server.messages) == 1

    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
    recipients = sorted(m["To"] for m in mail_server.messages[1:])
    assert recipients == [patient.email]
    assert not to(mail_server, not_meetings)


def test_a_restricted_meeting_is_not_told_at_once(site, django_capture_on_commit_callbacks):
    member(topics=[site["topic"]], new_events_at_once=True)
    event = meeting(site, topics=[site["topic"]], publish=False)
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert Message.objects.count() == 0


def test_change_mail_follows_the_preference(home, mail_server, django_capture_on_commit_callbacks):
    event = open_event(home)
    wants = approved_member()
    declines = approved_member(notify_event_updates=False)
    for user in (wants, declines):
        registration_create(event=event, user=user, actor=user)
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    changed = Message.objects.filter(kind="events.registration.changed")
    assert [m.to for m in changed] == [[wants.email]]
    [mail] = [m for m in mail_server.messages if "Ändrat möte" in m["Subject"]]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/mina-sidor/bevakningar/avsluta/" in mail["List-Unsubscribe"]

    # A cancellation is always told; so are the member's own doings (the confirmations).
    event.status = EventPage.Status.CANCELLED
    event.status_reason = "För få anmälda."
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    cancelled = Message.objects.filter(kind="events.registration.event_cancelled")
    assert sorted(m.to[0] for m in cancelled) == sorted([wants.email, declines.email])
    confirmed = Message.objects.filter(kind="events.registration.confirmed")
    assert confirmed.count() == 2
    assert all("List-Unsubscribe-Post" not in m.headers for m in confirmed)


def test_a_digest_run_with_the_mail_server_down_is_kept_and_sent_once(
    site, mail_server, django_capture_on_commit_callbacks
):
    member(topics=[site["topic"]])
    meeting(site, topics=[site["topic"]])
    mail_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        run_digests()
    message = Message.objects.get(kind="members.digest")
    assert message.status == Message.Status.PENDING and message.last_error
    # Running the digest again writes nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        run_digests()
    assert Message.objects.filter(kind="members.digest").count() == 1

    mail_server.start()
    wait_for_retry()
    run_send_outbox()
    run_send_outbox()
    assert len(mail_server.messages) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def _queries(count_news: int, count_quiet: int, site) -> int:
    Message.objects.all().delete()
    DigestEntry.objects.all().delete()
    User.objects.all().delete()
    for _ in range(count_news):
        member(topics=[site["topic"]], counties=[site["norrbotten"]])
    for _ in range(count_quiet):
        member(topics=[site["other_topic"]], kinds=[ArticleKind.GUIDELINE])
    with CaptureQueriesContext(connection) as queries:
        send_digests(chunk_size=4)
    assert Message.objects.count() == count_news
    return len(queries)


def test_query_count_is_bounded(site):
    meeting(site, topics=[site["topic"]])
    article(site, topics=[site["topic"]])
    base = _queries(2, 2, site)
    # Members with nothing new cost nothing each, beyond a fixed number per chunk.
    more_quiet = _queries(2, 6, site)
    assert more_quiet - base <= 6  # one more chunk
    # A digest costs a constant number of queries.
    per_digest = (_queries(6, 2, site) - base - 6) / 4
    assert per_digest <= 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_digest_once(home, mail_server):
    site = {
        "events": EventIndexPageFactory(parent=home),
        "library": LibraryIndexPageFactory(parent=home),
    }
    topic = TopicFactory(slug="gemensamt")
    users = [member(topics=[topic]) for _ in range(12)]
    meeting(site, topics=[topic])
    article(site, topics=[topic])
    start = threading.Barrier(2)
    reports = []

    def run():
        try:
            start.wait()
            reports.append(send_digests(chunk_size=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(report.sent for report in reports) == len(users)
    assert Message.objects.filter(kind="members.digest").count() == len(users)
    assert sorted(Message.objects.values_list("to", flat=True)) == sorted(
        [[u.email] for u in users]
    )
    assert DigestEntry.objects.count() == 2 * len(users)
