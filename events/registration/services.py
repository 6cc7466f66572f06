"""Registration writes: every change of seat happens here, inside a transaction.

Seats are counted while the event row is locked (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's immediate transactions make writers queue), so concurrent
requests can never exceed the capacity or a quota.
"""

from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventOccurrence, EventPage
from members.models import Membership, User
from members.selectors import coordinated_organisation_ids, user_is_editor

from .emails import MailKind, queue
from .models import Registration

# How long a registration waits for the event's lock before asking the member to retry.
LOCK_TIMEOUT_MS = 5000


class RegistrationError(Exception):
    """A refused registration change, with a message for the member."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _lock_event(event_id: int) -> EventPage:
    """The event row, locked until the transaction ends."""
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
        return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)
    except DatabaseError as error:
        raise RegistrationError(
            _("Många anmäler sig just nu. Försök igen om en liten stund.")
        ) from error


def _has_seat(event: EventPage, seat_kind: str) -> bool:
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    if event.capacity is not None and confirmed.count() >= event.capacity:
        return False
    limit = event.seat_limit(seat_kind)
    return limit is None or confirmed.filter(seat_kind=seat_kind).count() < limit


def _approved_membership(user: User) -> Membership | None:
    return Membership.objects.approved().select_related("organisation").filter(user=user).first()


def _check_quota(event: EventPage, membership: Membership) -> None:
    if not event.quota_kind or event.quota is None:
        return
    active = Registration.objects.active().filter(event=event)
    if event.quota_kind == EventPage.Quota.ORGANISATION:
        taken = active.filter(organisation=membership.organisation).count()
        message = _("Er organisation har redan fyllt sina %(quota)s platser.")
    else:
        county_id = membership.organisation.county_id
        taken = active.filter(county_id=county_id).count() if county_id else 0
        message = _("Ert län har redan fyllt sina %(quota)s platser.")
    if taken >= event.quota:
        raise RegistrationError(message % {"quota": event.quota})


def _state_message(state: str) -> str:
    return {
        "cancelled": _("Mötet är inställt."),
        "past": _("Mötet har redan börjat eller är över."),
        "not_open": _("Mötet tar inte emot anmälningar."),
        "not_yet": _("Anmälan har inte öppnat än."),
        "closed": _("Sista anmälningsdagen har passerat."),
    }[state]


def registration_create(
    *,
    event: EventPage,
    user: User,
    actor: User,
    answers: dict | None = None,
    seat_kind: str = "",
    now: datetime | None = None,
) -> Registration:
    """Register ``user`` (by themselves or their coordinator ``actor``) for the meeting.

    Confirmed while seats remain, on the waiting list when full (if the meeting keeps
    one); otherwise a RegistrationError with a Swedish message and nothing stored.
    """
    membership = _approved_membership(user)
    if membership is None:
        raise RegistrationError(_("Bara godkända medlemmar kan anmäla sig."))
    if actor.pk != user.pk and not (
        membership.organisation_id in coordinated_organisation_ids(actor) or user_is_editor(actor)
    ):
        raise RegistrationError(_("Du kan bara anmäla kollegor i din egen organisation."))
    if not seat_kind or event.format != EventPage.Format.HYBRID:
        seat_kind = event.default_seat_kind()
    if seat_kind not in Registration.SeatKind.values:
        raise RegistrationError(_("Välj om du deltar på plats eller digitalt."))
    with transaction.atomic():
        event = _lock_event(event.pk)
        state = event.registration_state(now)
        if state != "open":
            raise RegistrationError(_state_message(state))
        if Registration.objects.active().filter(event=event, user=user).exists():
            raise RegistrationError(_("Personen är redan anmäld till mötet."))
        _check_quota(event, membership)
        if _has_seat(event, seat_kind):
            status = Registration.Status.CONFIRMED
        elif event.waiting_list:
            status = Registration.Status.WAITING
        else:
            raise RegistrationError(_("Mötet är fullbokat."))
        organisation = membership.organisation
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=user,
                    organisation=organisation,
                    organisation_name=organisation.name,
                    organisation_type=organisation.type,
                    county_id=organisation.county_id or user.county_id,
                    status=status,
                    seat_kind=seat_kind,
                    answers=answers or {},
                    registered_by=actor if actor.pk != user.pk else None,
                    notified_event_sequence=event.sequence,
                )
        except IntegrityError as error:
            raise RegistrationError(_("Personen är redan anmäld till mötet.")) from error
        queue(
            registration,
            MailKind.CONFIRMED if status == Registration.Status.CONFIRMED else MailKind.WAITING,
        )
    return registration


def can_cancel(*, registration: Registration, actor: User, now: datetime | None = None) -> bool:
    """Editors any time; the member and their coordinator until the meeting starts."""
    if user_is_editor(actor):
        return True
    if (now or timezone.now()) >= registration.event.start:
        return False
    return registration.user_id == actor.pk or (
        registration.organisation_id in coordinated_organisation_ids(actor)
    )


def _promote_waiting(event: EventPage) -> list[Registration]:
    """Give freed seats to the waiting list, first come first served."""
    promoted = []
    for waiting in Registration.objects.waiting().filter(event=event):
        if not _has_seat(event, waiting.seat_kind):
            continue
        waiting.status = Registration.Status.CONFIRMED
        waiting.sequence += 1
        waiting.save(update_fields=["status", "sequence", "updated_at"])
        queue(waiting, MailKind.PROMOTED)
        promoted.append(waiting)
    return promoted


def registrations_promote_waiting(*, event: EventPage) -> list[Registration]:
    """Fill seats an editor added (raised capacity) from the waiting list, in order."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        if event.status != EventPage.Status.SCHEDULED:
            return []
        return _promote_waiting(event)


def registration_cancel(
    *, registration: Registration, actor: User, now: datetime | None = None
) -> list[Registration]:
    """Cancel the registration and promote the waiting list; returns those promoted."""
    if not can_cancel(registration=registration, actor=actor, now=now):
        raise RegistrationError(_("Anmälan kan inte längre ändras."))
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("Anmälan är redan avanmäld."))
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now or timezone.now()
        registration.sequence += 1
        registration.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        queue(registration, MailKind.CANCELLED)
        return _promote_waiting(event)


def registration_transfer(
    *, registration: Registration, actor: User, colleague: User, now: datetime | None = None
) -> Registration:
    """Hand a confirmed seat to a colleague of the same organisation."""
    if not can_cancel(registration=registration, actor=actor, now=now):
        raise RegistrationError(_("Anmälan kan inte längre ändras."))
    membership = _approved_membership(colleague)
    if membership is None or membership.organisation_id != registration.organisation_id:
        raise RegistrationError(
            _("Platsen kan bara lämnas över till en kollega i organisationen.")
        )
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError(_("Bara en bekräftad plats kan lämnas över."))
        if Registration.objects.active().filter(event=event, user=colleague).exists():
            raise RegistrationError(_("Personen är redan anmäld till mötet."))
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now or timezone.now()
        registration.sequence += 1
        registration.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        queue(registration, MailKind.TRANSFERRED)
        successor = Registration.objects.create(
            event=event,
            user=colleague,
            organisation=registration.organisation,
            organisation_name=registration.organisation_name,
            organisation_type=registration.organisation_type,
            county_id=registration.county_id,
            status=Registration.Status.CONFIRMED,
            seat_kind=registration.seat_kind,
            registered_by=actor,
            notified_event_sequence=event.sequence,
        )
        queue(successor, MailKind.CONFIRMED)
    return successor


def registration_mark_attended(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """Record that the participant came (once; a second scan keeps the first time)."""
    with transaction.atomic():
        Registration.objects.filter(pk=registration.pk, attended_at__isnull=True).update(
            attended_at=now or timezone.now()
        )
    registration.refresh_from_db(fields=["attended_at"])
    return registration


def registrations_notify_event_change(*, event: EventPage) -> int:
    """After publishing: tell active participants that time, place or status changed."""
    kind = (
        MailKind.EVENT_CANCELLED
        if event.status == EventPage.Status.CANCELLED
        else MailKind.EVENT_CHANGED
    )
    count = 0
    with transaction.atomic():
        stale = Registration.objects.active().filter(
            event=event, notified_event_sequence__lt=event.sequence
        )
        for registration in stale.select_for_update():
            registration.notified_event_sequence = event.sequence
            registration.save(update_fields=["notified_event_sequence", "updated_at"])
            queue(registration, kind)
            count += 1
    return count


def registrations_message(
    *, event: EventPage, statuses: list[str], subject: str, body: str
) -> int:
    """Queue an editor's message to the meeting's confirmed and/or waiting participants."""
    count = 0
    with transaction.atomic():
        recipients = Registration.objects.filter(
            event=event, status__in=statuses, user__isnull=False
        )
        for registration in recipients:
            queue(registration, MailKind.MESSAGE, subject=subject, body=body)
            count += 1
    return count


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue due reminders: one before each occurrence (a series is registered as a whole).

    Each registration is reminded once per occurrence, however often this runs: the
    claim moves ``reminded_for`` to the occurrence's start in one conditional update.
    """
    now = now or timezone.now()
    next_start = Subquery(
        EventOccurrence.objects.filter(event=OuterRef("event_id"), start__gt=now)
        .order_by("start")
        .values("start")[:1]
    )
    candidates = (
        Registration.objects.confirmed()
        .filter(
            user__isnull=False,
            event__live=True,
            event__status=EventPage.Status.SCHEDULED,
        )
        .annotate(next_start=next_start)
        .filter(next_start__isnull=False)
        .exclude(reminded_for__gte=F("next_start"))
        .select_related("event")
    )
    count = 0
    for registration in candidates:
        event, start = registration.event, registration.next_start
        if now < start - timedelta(hours=event.reminder_hours_before):
            continue
        with transaction.atomic():
            claimed = (
                Registration.objects.filter(pk=registration.pk)
                .filter(Q(reminded_for__isnull=True) | Q(reminded_for__lt=start))
                .update(reminded_for=start, reminder_sent_at=now)
            )
            if claimed:
                queue(registration, MailKind.REMINDER, occurrence_start=start)
                count += 1
    return count
