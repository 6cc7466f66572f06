"""The participant's calendar entry: the e-mailed invitation and the private feed agree."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from icalendar import Calendar

from events.models import EventPage
from events.registration.calendar import invitation_calendar, registration_vevent
from events.registration.services import registration_cancel, registration_create
from members.services import feed_token_regenerate
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.se/samma-post"
# What a calendar shows of an entry; DTSTAMP is the moment it was built.
SHOWN = ("UID", "SEQUENCE", "STATUS", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "DTSTART")


def _seated_in_digital_meeting(home):
    event = open_event(
        home,
        format=EventPage.Format.DIGITAL,
        online_link=LINK,
        start=timezone.now().replace(microsecond=0) + timedelta(hours=10),
    )
    member = approved_member()
    return registration_create(event=event, user=member, actor=member), member


def _feed_entry(client, member):
    token = feed_token_regenerate(user=member)
    response = client.get(f"/mina-sidor/kalender/{token}.ics")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    return vevent


def test_invitation_and_feed_show_one_entry(client, home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration, member = _seated_in_digital_meeting(home)
    (message,) = mail.outbox
    (ics,) = [content for name, content, _type in message.attachments if name == "inbjudan.ics"]
    (invited,) = Calendar.from_ical(ics).walk("VEVENT")
    subscribed = _feed_entry(client, member)
    assert {name: invited.get(name) for name in SHOWN} == {
        name: subscribed.get(name) for name in SHOWN
    }
    assert LINK in str(invited["DESCRIPTION"])
    assert invited["UID"] == f"{registration.uid}@motesplats"
    # Only the invitation names who invites whom (iTIP).
    assert "ORGANIZER" in invited and "ATTENDEE" in invited
    assert "ORGANIZER" not in subscribed and "ATTENDEE" not in subscribed


def test_withdrawn_entry_is_cancelled_in_both_and_shows_no_link(client, home):
    registration, member = _seated_in_digital_meeting(home)
    registration_cancel(registration=registration, actor=member)
    registration.refresh_from_db()
    (withdrawn,) = invitation_calendar(registration, cancel=True).walk("VEVENT")
    subscribed = _feed_entry(client, member)
    for vevent in (withdrawn, subscribed):
        assert vevent["STATUS"] == "CANCELLED"
        assert LINK not in vevent.to_ical().decode()
    assert withdrawn["SEQUENCE"] == subscribed["SEQUENCE"]
    assert withdrawn["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_a_cancelled_meeting_is_cancelled_for_every_participant(home):
    registration, _member = _seated_in_digital_meeting(home)
    event = registration.event
    event.status = EventPage.Status.CANCELLED
    event.status_reason = "Sjukdom"
    event.save_revision().publish()
    registration.refresh_from_db()
    vevent = registration_vevent(registration, stamp=timezone.now())
    assert vevent["STATUS"] == "CANCELLED"
    # The meeting changed once, the seat never: the client replaces its copy.
    assert vevent["SEQUENCE"] == 1
