"""Reads about registrations: a member's own, a meeting's counts and lists, the report."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.generations import Generation
from events.models import EventPage
from members.models import Organisation

from .models import Registration

# A withdrawn registration stays in the member's feed (as CANCELLED) this long.
CANCELLED_FEED_DAYS = 28


def registration_for(*, event: EventPage, user) -> Registration | None:
    """The user's active registration for the meeting, or None."""
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(event=event, user=user).first()


def registered_key(user_id: int | str) -> str:
    return f"registration:events:{user_id}"


def registered_event_ids(user) -> frozenset[int]:
    """The meetings the member has an active registration for, kept per SEATS generation."""
    return SEATS.cached(
        registered_key(user.pk),
        lambda: frozenset(
            Registration.objects.active().filter(user=user).values_list("event_id", flat=True)
        ),
        timeout=3600,
    )


def shows_digital_details(registration: Registration, now: datetime | None = None) -> bool:
    """Only confirmed participants, and only from the configured time before the start."""
    event = registration.event
    return (
        registration.status == Registration.Status.CONFIRMED
        and event.status != EventPage.Status.CANCELLED
        and event.format != EventPage.Format.ON_SITE
        and event.digital_details_visible(now)
    )


def registrations_for_member(*, user, now: datetime | None = None) -> QuerySet[Registration]:
    """The member's registrations, newly cancelled ones included, soonest meeting first."""
    now = now or timezone.now()
    recent = now - timedelta(days=CANCELLED_FEED_DAYS)
    return (
        Registration.objects.filter(user=user, event__live=True)
        .filter(~Q(status=Registration.Status.CANCELLED) | Q(cancelled_at__gte=recent))
        .select_related("event")
        .order_by("event__start", "pk")
    )


def with_waiting_positions(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """``registrations`` with ``waiting_ahead``: how many wait before each (in one query)."""
    ahead = (
        Registration.objects.waiting()
        .filter(event=OuterRef("event"), pk__lt=OuterRef("pk"))
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return registrations.annotate(
        waiting_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0)
    )


def listed_registrations(user, content_generation: int | None) -> list[Registration]:
    """Mina anmälningar's rows with their waiting positions.

    Kept until a registration or published content changes when a content generation is
    given (the page cache is on); five minutes at most, the error allowed on the window
    of recent cancellations.
    """

    def rows() -> list[Registration]:
        return list(with_waiting_positions(registrations_for_member(user=user)))

    if content_generation is None:
        return rows()
    return SEATS.cached(f"registration:mine:{user.pk}:{content_generation}", rows, timeout=300)


# Confirmed seats per event, as annotations on a listing (see with_seat_counts).
SEAT_COUNTS = ("seats_confirmed", "seats_confirmed_onsite", "seats_confirmed_digital")
# Bumped by every registration change: retires the cached pages that show free
# seats (they call core.page_cache.depend_on), and only those.
SEATS = Generation("pagecache:seats")


@dataclass(frozen=True)
class SeatInfo:
    """What the public sees about an open registration: free seats and the deadline."""

    seats_left: int | None
    waiting_list: bool
    closes_at: datetime | None

    @property
    def full(self) -> bool:
        return self.seats_left == 0

    def texts(self, now: datetime | None = None) -> list[str]:
        """Short Swedish (or English) lines, e.g. "12 platser kvar", "Anmälan stänger 3 mars"."""
        lines = []
        if self.full:
            lines.append(
                _("Fullbokat – du kan ställa dig på reservlistan")
                if self.waiting_list
                else _("Fullbokat")
            )
        elif self.seats_left is not None:
            lines.append(
                ngettext("%(count)s plats kvar", "%(count)s platser kvar", self.seats_left)
                % {"count": self.seats_left}
            )
        if self.closes_at and not (self.full and not self.waiting_list):
            closes = timezone.localtime(self.closes_at)
            now = timezone.localtime(now or timezone.now())
            fmt = "j F" if closes.year == now.year else "j F Y"
            lines.append(_("Anmälan stänger %(date)s") % {"date": dateformat.format(closes, fmt)})
        return lines


def _confirmed_subquery(event_ref: str, seat_kind: str = "") -> Coalesce:
    confirmed = Registration.objects.filter(
        event=OuterRef(event_ref), status=Registration.Status.CONFIRMED
    )
    if seat_kind:
        confirmed = confirmed.filter(seat_kind=seat_kind)
    count = confirmed.order_by().values("event").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def with_seat_counts(queryset: QuerySet, event_ref: str = "pk") -> QuerySet:
    """Annotate each row with its event's confirmed seats, in the same query."""
    return queryset.annotate(
        seats_confirmed=_confirmed_subquery(event_ref),
        seats_confirmed_onsite=_confirmed_subquery(event_ref, Registration.SeatKind.ONSITE),
        seats_confirmed_digital=_confirmed_subquery(event_ref, Registration.SeatKind.DIGITAL),
    )


def seat_counts(*, event: EventPage) -> dict[str, int]:
    """The meeting's confirmed seats (all, on site, digital) in one query."""
    confirmed = Q(status=Registration.Status.CONFIRMED)
    return Registration.objects.filter(event=event).aggregate(
        seats_confirmed=Count("pk", filter=confirmed),
        seats_confirmed_onsite=Count(
            "pk", filter=confirmed & Q(seat_kind=Registration.SeatKind.ONSITE)
        ),
        seats_confirmed_digital=Count(
            "pk", filter=confirmed & Q(seat_kind=Registration.SeatKind.DIGITAL)
        ),
    )


def seat_info(
    *, event: EventPage, counts: dict[str, int], now: datetime | None = None
) -> SeatInfo | None:
    """Seat information while registration is open, from counts already fetched."""
    if event.registration_state(now) != "open":
        return None
    return SeatInfo(
        seats_left=event.seats_left(*(counts[name] for name in SEAT_COUNTS)),
        waiting_list=event.waiting_list,
        closes_at=event.registration_closes_at,
    )


def registration_counts(*, event: EventPage) -> dict:
    """Confirmed, waiting, cancelled and attended in one query."""
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        attended=Count("pk", filter=Q(attended_at__isnull=False)),
    )


def registration_breakdown(*, event: EventPage) -> dict[str, list[tuple[str, int]]]:
    """Active registrations per county and per organisation type."""
    active = Registration.objects.active().filter(event=event)
    counties = active.values("county__name").annotate(n=Count("pk")).order_by("county__name")
    types = (
        active.values("organisation_type").annotate(n=Count("pk")).order_by("organisation_type")
    )
    labels = dict(Organisation.Type.choices)
    return {
        "county": [(row["county__name"] or "–", row["n"]) for row in counties],
        "organisation_type": [
            (str(labels.get(row["organisation_type"], row["organisation_type"] or "–")), row["n"])
            for row in types
        ],
    }


def registration_list(
    *, event: EventPage, status: str = "", query: str = ""
) -> QuerySet[Registration]:
    """The meeting's registrations for the editors' list, filtered and searched."""
    registrations = Registration.objects.filter(event=event).select_related("user", "county")
    if status:
        registrations = registrations.filter(status=status)
    registrations = registrations_matching(registrations, query)
    return registrations.order_by("user__last_name", "user__first_name", "pk")


def registrations_matching(
    registrations: QuerySet[Registration], query: str
) -> QuerySet[Registration]:
    """Those whose name, e-mail address or organisation contains every word of the query."""
    for word in query.split():
        registrations = registrations.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return registrations


def participation_report(*, start: datetime, end: datetime) -> dict:
    """Confirmed and attended participants per county and organisation type in a period."""
    rows = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, event__start__gte=start, event__start__lt=end
    ).values_list("county__name", "organisation_type", "attended_at")
    labels = dict(Organisation.Type.choices)
    by_county: Counter = Counter()
    by_type: Counter = Counter()
    attended_county: Counter = Counter()
    attended_type: Counter = Counter()
    for county, organisation_type, attended_at in rows:
        county = county or "–"
        type_label = str(labels.get(organisation_type, organisation_type or "–"))
        by_county[county] += 1
        by_type[type_label] += 1
        if attended_at:
            attended_county[county] += 1
            attended_type[type_label] += 1
    return {
        "county": [(k, by_county[k], attended_county[k]) for k in sorted(by_county)],
        "organisation_type": [(k, by_type[k], attended_type[k]) for k in sorted(by_type)],
    }
