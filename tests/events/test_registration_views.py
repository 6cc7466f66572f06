"""Members register on the event page, see their state, cancel and hand over; the feed follows."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from icalendar import Calendar

from events.models import EventPage
from events.registration.models import Registration
from events.registration.services import registration_cancel, registration_create
from members.services import feed_token_regenerate
from tests.factories.members import (
    MembershipFactory,
    OrganisationFactory,
    assert_asked_for_code,
    assert_sent_to_set_up,
    sign_in_with_mfa,
)
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.se/hemligt-rum"


def digital_event(home, **kwargs):
    start = timezone.now() + timedelta(hours=10)
    return open_event(
        home, format=EventPage.Format.DIGITAL, online_link=LINK, start=start, **kwargs
    )


def post_registration(client, event, data=None, **kwargs):
    return client.post(f"/anmalan/{event.pk}/", data or {}, **kwargs)


def test_anonymous_sees_login_link_and_no_form(client, home):
    event = open_event(home)
    response = client.get(event.url)
    assert response.status_code == 200
    assert "Logga in för att anmäla dig" in response.text
    assert "registration__form" not in response.text
    assert post_registration(client, event).status_code == 302  # to login
    assert not Registration.objects.exists()


def test_member_registers_and_sees_confirmed_state(client, home):
    event = open_event(home, capacity=1)
    member = approved_member()
    client.force_login(member)
    page = client.get(event.url)
    assert 'id="id_dietary"' in page.text
    response = post_registration(client, event, {"dietary": "Vegetarisk"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.answers == {"Specialkost eller allergier": "Vegetarisk"}
    page = client.get(event.url)
    assert "Du är anmäld och har en plats." in page.text
    # A repeated post (double click) is refused and stores nothing new.
    again = post_registration(client, event)
    assert again.status_code == 409
    assert "redan anmäld" in again.text
    assert Registration.objects.count() == 1


def test_waiting_member_sees_position(client, home):
    event = open_event(home, capacity=1)
    registration_create(event=event, user=(first := approved_member()), actor=first)
    member = approved_member()
    client.force_login(member)
    post_registration(client, event)
    page = client.get(event.url)
    assert "Du står på reservlistan som nummer 1." in page.text


def test_required_question_and_bad_choice_give_400(client, home):
    event = open_event(home)
    event.registration_questions = [
        (
            "single_choice",
            {"label": "Lunch", "help_text": "", "required": True, "choices": ["Ja", "Nej"]},
        ),
    ]
    event.save()
    client.force_login(approved_member())
    response = post_registration(client, event, {"q0": "Kanske"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.text
    assert not Registration.objects.exists()
    assert post_registration(client, event, {"q0": "Ja"}).status_code == 302
    assert Registration.objects.get().answers == {"Lunch": "Ja"}


def test_after_deadline_is_a_clear_message(client, home):
    event = open_event(home, registration_closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(approved_member())
    page = client.get(event.url)
    assert "Sista anmälningsdagen har passerat." in page.text
    response = post_registration(client, event)
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_coordinator_registers_colleague_not_stranger(client, home):
    event = open_event(home)
    organisation = OrganisationFactory()
    coordinator = approved_member(organisation, coordinator=True, totp=True)
    colleague = approved_member(organisation)
    stranger = approved_member()
    sign_in_with_mfa(client, coordinator)
    response = post_registration(client, event, {"participant": stranger.pk})
    assert response.status_code == 400  # not among the choices
    assert post_registration(client, event, {"participant": colleague.pk}).status_code == 302
    assert Registration.objects.get().user == colleague


def test_registering_a_colleague_needs_the_second_factor(client, home):
    """Acting for a colleague is the coordinator's power; registering oneself is not."""
    event = open_event(home)
    organisation = OrganisationFactory()
    coordinator = approved_member(organisation, coordinator=True)
    colleague = approved_member(organisation)
    client.force_login(coordinator)
    assert_sent_to_set_up(post_registration(client, event, {"participant": colleague.pk}))
    TOTP.activate(coordinator, generate_totp_secret())
    response = post_registration(
        client,
        event,
        {"participant": colleague.pk},
        headers={"referer": f"http://testserver{event.url}"},
    )
    assert_asked_for_code(response, event.url)
    assert not Registration.objects.exists()
    # Themselves, in the same session: no code needed.
    assert post_registration(client, event).status_code == 302
    assert Registration.objects.get().user == coordinator

    sign_in_with_mfa(client, coordinator)
    assert post_registration(client, event, {"participant": colleague.pk}).status_code == 302
    assert Registration.objects.filter(user=colleague).exists()


def test_plain_member_cannot_choose_participant(client, home):
    event = open_event(home)
    member = approved_member()
    other = approved_member()
    client.force_login(member)
    post_registration(client, event, {"participant": other.pk})
    assert Registration.objects.get().user == member


def test_unapproved_member_gets_no_form(client, home):
    event = open_event(home)
    client.force_login(MembershipFactory(status="pending").user)
    assert "inte godkänt" in client.get(event.url).text
    assert post_registration(client, event).status_code == 409
    assert not Registration.objects.exists()


def test_csrf_is_enforced(home):
    from django.test import Client

    event = open_event(home)
    client = Client(enforce_csrf_checks=True)
    client.force_login(approved_member())
    assert post_registration(client, event).status_code == 403


def test_digital_link_only_for_confirmed(client, home):
    event = digital_event(home, capacity=1)
    seated = approved_member()
    waiting = approved_member()
    registration_create(event=event, user=seated, actor=seated)
    registration_create(event=event, user=waiting, actor=waiting)
    assert LINK not in client.get(event.url).text
    client.force_login(waiting)
    assert LINK not in client.get(event.url).text
    client.force_login(seated)
    assert LINK in client.get(event.url).text


def test_digital_link_hidden_until_visibility_window(client, home):
    event = digital_event(home, digital_details_visible_hours_before=2)
    member = approved_member()
    registration_create(event=event, user=member, actor=member)
    client.force_login(member)
    page = client.get(event.url)
    assert LINK not in page.text
    assert "visas här 2 timmar före start" in page.text


def test_my_registrations_cancel_and_transfer(client, home):
    organisation = OrganisationFactory()
    member = approved_member(organisation)
    colleague = approved_member(organisation)
    first = open_event(home, title="Första")
    second = open_event(home, title="Andra")
    one = registration_create(event=first, user=member, actor=member)
    two = registration_create(event=second, user=member, actor=member)
    client.force_login(member)
    page = client.get("/mina-sidor/anmalningar/")
    assert page.status_code == 200
    assert "Första" in page.text and "Andra" in page.text
    assert client.get(f"/mina-sidor/anmalningar/{one.pk}/avanmal/").status_code == 405
    assert client.post(f"/mina-sidor/anmalningar/{one.pk}/avanmal/").status_code == 302
    one.refresh_from_db()
    assert one.status == "cancelled"
    transfer_url = f"/mina-sidor/anmalningar/{two.pk}/overlamna/"
    assert client.get(transfer_url).status_code == 200
    assert client.post(transfer_url, {"colleague": approved_member().pk}).status_code == 400
    assert client.post(transfer_url, {"colleague": colleague.pk}).status_code == 302
    assert Registration.objects.active().get(event=second).user == colleague


def test_cannot_cancel_someone_elses_registration(client, home):
    event = open_event(home)
    owner = approved_member()
    registration = registration_create(event=event, user=owner, actor=owner)
    client.force_login(approved_member())
    assert client.post(f"/mina-sidor/anmalningar/{registration.pk}/avanmal/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_private_feed_follows_registration(client, home):
    event = digital_event(home, capacity=1)
    seated = approved_member()
    waiting = approved_member()
    seat = registration_create(event=event, user=seated, actor=seated)
    registration_create(event=event, user=waiting, actor=waiting)

    def feed(user):
        token = feed_token_regenerate(user=user)
        response = client.get(f"/mina-sidor/kalender/{token}.ics")
        assert response.status_code == 200
        return Calendar.from_ical(response.content).walk("VEVENT")

    (tentative,) = feed(waiting)
    assert tentative["STATUS"] == "TENTATIVE"
    assert LINK not in tentative.to_ical().decode()
    (confirmed,) = feed(seated)
    assert confirmed["STATUS"] == "CONFIRMED"
    assert LINK in confirmed.to_ical().decode()
    registration_cancel(registration=seat, actor=seated)
    (cancelled,) = feed(seated)
    assert cancelled["STATUS"] == "CANCELLED"
    assert LINK not in cancelled.to_ical().decode()
    (promoted,) = feed(waiting)
    assert promoted["STATUS"] == "CONFIRMED"
    # Four weeks after the withdrawal, it is gone.
    type(seat).objects.filter(pk=seat.pk).update(cancelled_at=timezone.now() - timedelta(days=29))
    assert feed(seated) == []


def test_gdpr_export_and_erasure(client, home):
    from members.services import account_delete, member_data_export

    event = open_event(home)
    member = approved_member()
    registration_create(event=event, user=member, actor=member, answers={"Kost": "Vegan"})
    export = member_data_export(user=member)
    assert export["registrations"][0]["answers"] == {"Kost": "Vegan"}
    account_delete(user=member)
    registration = Registration.objects.get()
    assert registration.user is None and registration.answers == {}
    assert registration.organisation_name


def test_my_registrations_costs_the_same_queries_however_many_wait(client, home):
    member = approved_member()
    client.force_login(member)
    url = "/mina-sidor/anmalningar/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def wait_for(event):
        registration_create(event=event, user=(first := approved_member()), actor=first)
        registration_create(event=event, user=member, actor=member)

    wait_for(open_event(home, capacity=1))
    queries()  # the session, the site and the menus are read once
    first = queries()
    for _ in range(3):
        wait_for(open_event(home, capacity=1))
    queries()  # new members retired the cached memberships
    assert queries() == first
    page = client.get(url).content.decode()
    assert page.count("Reservlista, nummer 1") == 4
