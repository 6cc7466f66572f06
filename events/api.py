"""The meetings dataset of the open-data API (``/api/v2/moten/``).

A meeting carries what its public page shows: time, form, place, organiser, the
public contact fields, topics and the documents anyone may download, and, for a
series, its rule and its occurrences within the requested window. It never carries
what the page keeps to registered participants (the online link, telephone number
and meeting code), registrations, participants or evaluations.

The shared pieces (computed fields with their OpenAPI types, counties, topics,
documents, the ``order`` check) are used by the library's endpoint too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.parameters import Parameter
from core.api.views import OpenDataPagesEndpoint
from core.models import County, Topic
from core.privacy import public_documents, visible_to

from .forms import MONTH_PATTERN
from .models import EventDocument, EventOccurrence, EventPage
from .recurrence import STOCKHOLM

# The longest window (fran to till) a caller may ask for, in days: two years.
MAX_WINDOW_DAYS = 731
# Dates outside these years are refused rather than turned into instants.
FIRST_YEAR, LAST_YEAR = 1900, 2200


# -- Shared pieces of the open-data endpoints ---------------------------------------


class ComputedField(serializers.Field):
    """A read-only field whose value ``compute(instance, context)`` gives."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    @staticmethod
    def compute(instance, context):
        raise NotImplementedError

    def to_representation(self, instance):
        return self.compute(instance, self.context)


def computed(name: str, schema: dict, compute: Callable) -> APIField:
    """An API field ``name`` of the OpenAPI type ``schema``, its value from ``compute``."""
    field_class = type(
        f"{name.title().replace('_', '')}Field",
        (ComputedField,),
        {"compute": staticmethod(compute), "__doc__": schema.get("description", "")},
    )
    return APIField(name, serializer=extend_schema_field(schema)(field_class)())


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


STRING = {"type": "string"}
INSTANT = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
COUNTY = {
    "type": "object",
    "properties": {"slug": STRING, "name": STRING, "code": STRING},
    "required": ["slug", "name", "code"],
}
TOPICS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"slug": STRING, "name": STRING},
        "required": ["slug", "name"],
    },
}
DOCUMENTS = {
    "type": "array",
    "description": "Dokument som vem som helst får hämta.",
    "items": {
        "type": "object",
        "properties": {
            "title": STRING,
            "url": URL,
            "size": nullable({"type": "integer", "description": "Storlek i byte."}),
            "file_type": {"type": "string", "description": "Filändelse, t.ex. pdf."},
        },
        "required": ["title", "url", "size", "file_type"],
    },
}


def text_or_none(value: str) -> str | None:
    """An optional text: null when the editor left it empty."""
    return value or None


def county_data(county: County | None) -> dict | None:
    if county is None:
        return None
    return {"slug": county.slug, "name": county.name, "code": county.code}


def topic_data(topics: Iterable[Topic]) -> list[dict]:
    """Topics with their names in the active language (``?locale=``)."""
    return [{"slug": topic.slug, "name": topic.label} for topic in topics]


def county_slugs() -> list[str]:
    return list(County.objects.order_by("slug").values_list("slug", flat=True))


def topic_slugs() -> list[str]:
    return list(Topic.objects.order_by("slug").values_list("slug", flat=True))


def attach_public_documents(pages: list, relation: str) -> None:
    """Set ``public_documents`` on each page: its attached documents anyone may download.

    The attachments (``relation``, with ``document__collection``) are prefetched;
    their privacy is read for all pages at once (``core.privacy.public_documents``).
    """
    attached = {
        page.pk: [item.document for item in getattr(page, relation).all()] for page in pages
    }
    public = {
        document.pk
        for document in public_documents(
            document for documents in attached.values() for document in documents
        )
    }
    for page in pages:
        page.public_documents = [doc for doc in attached[page.pk] if doc.pk in public]


def document_data(instance, context) -> list[dict]:
    request = context["request"]
    return [
        {
            "title": document.title,
            "url": request.build_absolute_uri(
                reverse("wagtaildocs_serve", args=[document.pk, document.filename])
            ),
            "size": document.file_size,
            "file_type": document.file_extension.lower(),
        }
        for document in instance.public_documents
    ]


# -- The window of occurrences -------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Local days from ``first`` to ``last`` inclusive; ``last`` None is open-ended."""

    first: date
    last: date | None

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=STOCKHOLM)

    @property
    def end(self) -> datetime | None:
        if self.last is None:
            return None
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=STOCKHOLM)

    def occurrences(self):
        """Occurrences that overlap the window, soonest first."""
        occurrences = EventOccurrence.objects.filter(end__gt=self.start)
        if self.end is not None:
            occurrences = occurrences.filter(start__lt=self.end)
        return occurrences.order_by("start", "pk")


def _in_years(name: str, day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadRequestError(
            _("%(name)s: ange ett datum mellan år %(first)s och %(last)s.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day


def window_of(filters: dict, today: date) -> Window:
    """The window the parameters ask for: ``manad``, or ``fran`` (default today) to ``till``."""
    if "manad" in filters:
        if "fran" in filters or "till" in filters:
            raise BadRequestError(_("manad: ange antingen manad eller fran och till, inte båda."))
        match = MONTH_PATTERN.match(filters["manad"])
        if not match or not 1 <= int(match[2]) <= 12:
            raise BadRequestError(
                _("manad: ange månaden som ÅÅÅÅ-MM, inte ”%(value)s”.")
                % {"value": filters["manad"][:50]}
            )
        first = _in_years("manad", date(int(match[1]), int(match[2]), 1))
        following = (first + timedelta(days=32)).replace(day=1)
        return Window(first, following - timedelta(days=1))
    first = _in_years("fran", filters.get("fran", today))
    last = filters.get("till")
    if last is None:
        return Window(first, None)
    _in_years("till", last)
    if last < first:
        raise BadRequestError(
            _("till: slutdatumet %(till)s är före startdatumet %(fran)s.")
            % {"till": last.isoformat(), "fran": first.isoformat()}
        )
    if (last - first).days + 1 > MAX_WINDOW_DAYS:
        raise BadRequestError(
            _("till: ett fönster från fran till till får vara högst %(days)s dagar.")
            % {"days": MAX_WINDOW_DAYS}
        )
    return Window(first, last)


# -- Meetings -------------------------------------------------------------------------


def local(moment: datetime) -> str:
    """ISO 8601 with the offset of Europe/Stockholm."""
    return moment.astimezone(STOCKHOLM).isoformat()


def meeting_start(event: EventPage, context) -> str:
    """The first occurrence's start; local midnight for an all-day meeting."""
    if event.all_day:
        day = timezone.localtime(event.start, STOCKHOLM).date()
        return local(datetime.combine(day, time.min, tzinfo=STOCKHOLM))
    return local(event.start)


def meeting_end(event: EventPage, context) -> str:
    """The first occurrence's end; for an all-day meeting the midnight after its last day."""
    if event.all_day:
        day = timezone.localtime(event.end, STOCKHOLM).date() + timedelta(days=1)
        return local(datetime.combine(day, time.min, tzinfo=STOCKHOLM))
    return local(event.end)


def _on_site(event: EventPage) -> bool:
    """Whether the page shows a place: not for digital meetings."""
    return event.format != EventPage.Format.DIGITAL


def _coordinate(value) -> float | None:
    return float(value) if value is not None else None


def ics_url(event: EventPage, context) -> str | None:
    """The meeting's own calendar file, next to its page (``events.urls``)."""
    url = event.full_url
    return f"{url.rstrip('/')}.ics" if url else None


MEETING_FIELDS = [
    "id",
    "title",
    computed("summary", STRING, lambda event, context: event.summary),
    computed(
        "start",
        {**INSTANT, "description": "Första tillfällets start (lokal tid med förskjutning)."},
        meeting_start,
    ),
    computed("end", {**INSTANT, "description": "Första tillfällets slut."}, meeting_end),
    computed("all_day", {"type": "boolean"}, lambda event, context: event.all_day),
    computed(
        "format",
        {"type": "string", "enum": EventPage.Format.values},
        lambda event, context: event.format,
    ),
    computed("format_label", STRING, lambda event, context: event.get_format_display()),
    computed(
        "status",
        {"type": "string", "enum": EventPage.Status.values},
        lambda event, context: event.status,
    ),
    computed("status_label", STRING, lambda event, context: event.get_status_display()),
    computed(
        "status_reason",
        nullable(STRING),
        lambda event, context: (
            text_or_none(event.status_reason)
            if event.status != EventPage.Status.SCHEDULED
            else None
        ),
    ),
    computed(
        "venue_name",
        nullable(STRING),
        lambda event, context: text_or_none(event.venue_name) if _on_site(event) else None,
    ),
    computed(
        "venue_address",
        nullable(STRING),
        lambda event, context: text_or_none(event.venue_address) if _on_site(event) else None,
    ),
    computed(
        "municipality",
        nullable(STRING),
        lambda event, context: text_or_none(event.municipality) if _on_site(event) else None,
    ),
    computed(
        "latitude",
        nullable({"type": "number"}),
        lambda event, context: _coordinate(event.latitude) if _on_site(event) else None,
    ),
    computed(
        "longitude",
        nullable({"type": "number"}),
        lambda event, context: _coordinate(event.longitude) if _on_site(event) else None,
    ),
    computed("county", nullable(COUNTY), lambda event, context: county_data(event.county)),
    computed("topics", TOPICS, lambda event, context: topic_data(event.topics.all())),
    computed(
        "organiser",
        nullable(STRING),
        lambda event, context: event.organiser.name if event.organiser else None,
    ),
    computed(
        "target_audience",
        nullable(STRING),
        lambda event, context: text_or_none(event.target_audience),
    ),
    computed(
        "contact_name", nullable(STRING), lambda event, context: text_or_none(event.contact_name)
    ),
    computed(
        "contact_email", nullable(STRING), lambda event, context: text_or_none(event.contact_email)
    ),
    computed(
        "contact_phone", nullable(STRING), lambda event, context: text_or_none(event.contact_phone)
    ),
    computed(
        "rrule",
        nullable({"type": "string", "description": "Upprepningsregel (RFC 5545), för serier."}),
        lambda event, context: text_or_none(event.rrule),
    ),
    computed(
        "occurrences",
        {
            "type": "array",
            "description": "Tillfällena inom det begärda fönstret, tidigast först.",
            "items": {
                "type": "object",
                "properties": {"start": INSTANT, "end": INSTANT},
                "required": ["start", "end"],
            },
        },
        lambda event, context: [
            {"start": local(item.start), "end": local(item.end)}
            for item in event.window_occurrences
        ],
    ),
    computed("documents", DOCUMENTS, document_data),
    computed("ics_url", nullable(URL), ics_url),
]
MEETING_ORDER = ("id", "title", "start", "end", "first_published_at")


class MeetingsEndpoint(OpenDataPagesEndpoint):
    """Published meetings that no view restriction hides, with their occurrences.

    Those with an occurrence in the window of local days ``fran``–``till`` (from
    today, open-ended, by default), by their first occurrence in it; each lists its
    occurrences in the window. Never the connection details of digital meetings,
    registrations or participants.
    """

    model = EventPage
    name = "moten"
    order_fields = MEETING_ORDER
    description = gettext_lazy(
        "Mötesplatser: publicerade möten med sina tillfällen inom ett fönster av dagar "
        "(fran–till, som standard från i dag). Listan tar med möten som har minst ett "
        "tillfälle i fönstret, ordnade efter det första av dem. Anslutningsuppgifter till "
        "digitala möten, anmälningar och deltagare ingår aldrig."
    )
    api_parameters = (
        Parameter("lan", gettext_lazy("Län (slug), t.ex. jamtlands-lan."), choices=county_slugs),
        Parameter("amne", gettext_lazy("Ämne (slug)."), choices=topic_slugs),
        Parameter(
            "format",
            gettext_lazy("Mötesform: pa-plats, digitalt eller hybrid."),
            choices=lambda: list(EventPage.Format.values),
        ),
        Parameter(
            "fran",
            gettext_lazy("Fönstrets första dag (ÅÅÅÅ-MM-DD, svensk tid); som standard i dag."),
            kind="date",
        ),
        Parameter(
            "till",
            gettext_lazy(
                "Fönstrets sista dag, inräknad; utan den alla kommande. Högst två år efter fran."
            ),
            kind="date",
        ),
        Parameter(
            "manad",
            gettext_lazy("En hel månad (ÅÅÅÅ-MM) i stället för fran och till."),
        ),
    )
    body_fields = MEETING_FIELDS
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "slug",
        *(field if isinstance(field, str) else field.name for field in MEETING_FIELDS[1:]),
    ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.window = window_of(self.filters, timezone.localdate())

    def filter_by(self, queryset, filters):
        if "lan" in filters:
            queryset = queryset.filter(county__slug=filters["lan"])
        if "amne" in filters:
            queryset = queryset.filter(topics__slug=filters["amne"])
        if "format" in filters:
            queryset = queryset.filter(format=filters["format"])
        return queryset

    def with_related(self, queryset):
        """Everything the fields read, in a fixed number of queries."""
        documents = EventDocument.objects.select_related("document__collection").order_by(
            "sort_order", "pk"
        )
        return queryset.select_related("county", "organiser", "locale").prefetch_related(
            "topics",
            Prefetch("documents", queryset=documents),
            Prefetch(
                "occurrences", queryset=self.window.occurrences(), to_attr="window_occurrences"
            ),
        )

    def get_queryset(self):
        in_window = self.window.occurrences().filter(event=OuterRef("pk"))
        queryset = self.filter_by(visible_to(self.get_base_queryset(), None), self.filters)
        return self.with_related(
            queryset.filter(Exists(in_window))
            .annotate(first_in_window=Subquery(in_window.values("start")[:1]))
            .order_by("first_in_window", "pk")
        )

    def prepare(self, pages):
        attach_public_documents(pages, "documents")
