"""Registration services: seats, waiting list, quotas, cancellation, transfer."""

from datetime import timedelta

from django.utils import timezone

import pytest

from events.models import EventPage
from events.registration.models import Registration
from events.registration.services import (
    RegistrationError,
    registration_cancel,
    registration_create,
    registration_transfer,
)
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.registration import (
    approved_member,
    mail_kinds,
    open_event,
    registration_mail,
)

pytestmark = pytest.mark.django_db


def register(event, user, **kwargs):
    return registration_create(event=event, user=user, actor=kwargs.pop("actor", user), **kwargs)


def test_confirmed_until_full_then_waiting_in_order(home):
    event = open_event(home, capacity=2)
    members = [approved_member() for _ in range(4)]
    registrations = [register(event, member) for member in members]
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [r.waiting_position() for r in registrations[2:]] == [1, 2]
    kinds = mail_kinds()
    assert kinds == ["confirmed", "confirmed", "waiting", "waiting"]


def test_full_without_waiting_list_refuses(home):
    event = open_event(home, capacity=1, waiting_list=False)
    register(event, approved_member())
    with pytest.raises(RegistrationError, match="fullbokat"):
        register(event, approved_member())
    assert Registration.objects.count() == 1


def test_cancel_promotes_first_waiting(home):
    event = open_event(home, capacity=1)
    first, second, third = (approved_member() for _ in range(3))
    seated = register(event, first)
    waiting_a = register(event, second)
    waiting_b = register(event, third)
    promoted = registration_cancel(registration=seated, actor=first)
    assert [r.pk for r in promoted] == [waiting_a.pk]
    waiting_a.refresh_from_db()
    waiting_b.refresh_from_db()
    assert waiting_a.status == "confirmed"
    assert waiting_b.waiting_position() == 1
    assert "promoted" in mail_kinds(registration=waiting_a.pk)
    registration_cancel(registration=waiting_a, actor=second)
    waiting_b.refresh_from_db()
    assert waiting_b.status == "confirmed"


def test_twice_is_refused_and_cancel_allows_again(home):
    event = open_event(home)
    member = approved_member()
    registration = register(event, member)
    with pytest.raises(RegistrationError, match="redan anmäld"):
        register(event, member)
    registration_cancel(registration=registration, actor=member)
    assert register(event, member).status == "confirmed"
    assert Registration.objects.filter(user=member).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_enabled": False}, "tar inte emot"),
        ({"status": EventPage.Status.CANCELLED, "status_reason": "Sjukdom"}, "inställt"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "Sista anmälningsdagen"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "inte öppnat"),
    ],
)
def test_refused_states_store_nothing(home, changes, message):
    event = open_event(home, **changes)
    with pytest.raises(RegistrationError, match=message):
        register(event, approved_member())
    assert not Registration.objects.exists()
    assert not registration_mail().exists()


def test_past_meeting_refused(home):
    start = timezone.now() - timedelta(hours=1)
    event = open_event(home, start=start)
    with pytest.raises(RegistrationError, match="börjat"):
        register(event, approved_member())


def test_unapproved_member_refused(home):
    event = open_event(home)
    pending = MembershipFactory(status="pending").user
    with pytest.raises(RegistrationError, match="godkända"):
        register(event, pending)
    with pytest.raises(RegistrationError, match="godkända"):
        register(event, UserFactory())


def test_organisation_quota(home):
    event = open_event(home, quota_kind="organisation", quota=2)
    organisation = OrganisationFactory()
    register(event, approved_member(organisation))
    register(event, approved_member(organisation))
    with pytest.raises(RegistrationError, match="organisation har redan"):
        register(event, approved_member(organisation))
    assert register(event, approved_member()).status == "confirmed"


def test_county_quota(home):
    from core.models import County

    county, other = County.objects.all()[:2]
    event = open_event(home, quota_kind="county", quota=1)
    register(event, approved_member(OrganisationFactory(county=county)))
    with pytest.raises(RegistrationError, match="län har redan"):
        register(event, approved_member(OrganisationFactory(county=county)))
    register(event, approved_member(OrganisationFactory(county=other)))
    assert Registration.objects.filter(county=county).count() == 1


def test_hybrid_split_seats(home):
    event = open_event(
        home, format=EventPage.Format.HYBRID, capacity=None, onsite_seats=1, digital_seats=1
    )
    assert register(event, approved_member(), seat_kind="onsite").status == "confirmed"
    assert register(event, approved_member(), seat_kind="onsite").status == "waiting"
    assert register(event, approved_member(), seat_kind="digital").status == "confirmed"


def test_coordinator_registers_colleague_but_not_others(home):
    event = open_event(home)
    organisation = OrganisationFactory()
    coordinator = approved_member(organisation, coordinator=True)
    colleague = approved_member(organisation)
    registration = register(event, colleague, actor=coordinator)
    assert registration.registered_by == coordinator
    stranger = approved_member()
    with pytest.raises(RegistrationError, match="egen organisation"):
        register(event, stranger, actor=coordinator)
    with pytest.raises(RegistrationError, match="egen organisation"):
        register(event, colleague, actor=approved_member(organisation))


def test_member_cannot_cancel_after_start_but_editor_can(home, admin_user):
    event = open_event(home)
    member = approved_member()
    registration = register(event, member)
    later = event.start + timedelta(minutes=5)
    with pytest.raises(RegistrationError, match="inte längre"):
        registration_cancel(registration=registration, actor=member, now=later)
    registration_cancel(registration=registration, actor=admin_user, now=later)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_transfer_to_colleague(home):
    event = open_event(home, capacity=1)
    organisation = OrganisationFactory()
    member = approved_member(organisation)
    colleague = approved_member(organisation)
    registration = register(event, member)
    with pytest.raises(RegistrationError, match="kollega"):
        registration_transfer(registration=registration, actor=member, colleague=approved_member())
    successor = registration_transfer(registration=registration, actor=member, colleague=colleague)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert successor.status == "confirmed" and successor.user == colleague
    assert Registration.objects.confirmed().filter(event=event).count() == 1
    kinds = set(mail_kinds())
    assert {"transferred", "confirmed"} <= kinds


def test_raising_capacity_on_publish_promotes_waiting(home):
    event = open_event(home, capacity=1)
    register(event, approved_member())
    waiting = register(event, approved_member())
    event.capacity = 2
    event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert "promoted" in mail_kinds(registration=waiting.pk)
