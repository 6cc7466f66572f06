"""Meetings: the events index (Mötesplatser), event pages and their occurrences."""

import hashlib
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import AttachedDocument

from .admin_forms import EventPageForm
from .blocks import ProgrammeBlock

# Django finds an app's models in its models module; registration's and evaluations' live
# in their packages.
from .evaluations.models import (  # noqa: F401
    EvaluationInvitation,
    EvaluationResponse,
    EvaluationSettings,
)
from .recurrence import MAX_OCCURRENCES, MAX_SERIES_YEARS, build_rrule, expand
from .registration.models import (  # noqa: F401
    Registration,
    RegistrationSettings,
)

# Routes of the index page; an event with one of these slugs would be unreachable.
RESERVED_SLUGS = {"kalender", "prenumerera", "tidigare"}


class EventIndexPage(RoutablePageMixin, Page):
    """Mötesplatser: the list of meetings with filters, month view, feeds and subscribe help."""

    intro = RichTextField(_("ingress"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    # What its listing, month view and feeds read (EventFilterForm, the pages).
    cache_query_parameters = ("lan", "amne", "format", "manad", "page")

    class Meta:
        verbose_name = _("mötesplatser (lista)")

    # The views live in views.py, which imports this module; hence the local imports.
    @path("")
    def upcoming(self, request):
        """Upcoming meetings, filtered by the query string."""
        from .views import event_list

        return event_list(request, self, past=False)

    @path("tidigare/")
    def archive(self, request):
        """Past meetings, newest first."""
        from .views import event_list

        return event_list(request, self, past=True)

    @path("kalender/")
    def month(self, request):
        """A month as a calendar table."""
        from .views import event_month

        return event_month(request, self)

    @path("prenumerera/")
    def subscribe(self, request):
        """How to subscribe to the calendar feeds."""
        from .views import subscribe

        return subscribe(request, self)


class EventPage(RegistrationSettings, EvaluationSettings, Page):
    """A meeting: a single event, a multi-day event or a recurring series."""

    class Format(models.TextChoices):
        ON_SITE = "pa-plats", _("På plats")
        DIGITAL = "digitalt", _("Digitalt")
        HYBRID = "hybrid", _("På plats och digitalt")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Planerad")
        CANCELLED = "cancelled", _("Inställd")
        POSTPONED = "postponed", _("Uppskjuten")

    class Frequency(models.TextChoices):
        DAILY = "DAILY", _("Dagligen")
        WEEKLY = "WEEKLY", _("Varje vecka")
        MONTHLY = "MONTHLY", _("Varje månad")

    class MonthlyBy(models.TextChoices):
        DATE = "date", _("Samma datum varje månad")
        WEEKDAY = "weekday", _("Samma veckodag i ordningen (t.ex. första torsdagen)")
        LAST_WEEKDAY = "last_weekday", _("Sista veckodagen i månaden (t.ex. sista torsdagen)")

    summary = models.TextField(
        _("sammanfattning"), max_length=600, help_text=_("Visas i listor och kalendrar.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("beskrivning"), blank=True)

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("slut"))
    all_day = models.BooleanField(
        _("heldag"), default=False, help_text=_("Tiderna ignoreras; bara datumen gäller.")
    )

    repeat_frequency = models.CharField(
        _("upprepas"), max_length=10, choices=Frequency.choices, blank=True
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("intervall"), default=1, help_text=_("2 betyder varannan dag, vecka eller månad.")
    )
    repeat_monthly_by = models.CharField(
        _("månadsvis enligt"), max_length=15, choices=MonthlyBy.choices, default=MonthlyBy.DATE
    )
    repeat_count = models.PositiveSmallIntegerField(_("antal gånger"), null=True, blank=True)
    repeat_until = models.DateField(_("till och med"), null=True, blank=True)
    rrule = models.CharField(_("upprepningsregel (RRULE)"), max_length=200, editable=False)

    format = models.CharField(_("form"), max_length=10, choices=Format.choices)
    venue_name = models.CharField(_("plats"), max_length=200, blank=True)
    venue_address = models.CharField(_("adress"), max_length=255, blank=True)
    municipality = models.CharField(_("kommun"), max_length=100, blank=True)
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    latitude = models.DecimalField(
        _("latitud"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitud"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    # Only editors see these until registered participants can (a later issue).
    online_link = models.URLField(_("länk till mötet"), blank=True)
    online_phone = models.CharField(_("telefonnummer för uppringning"), max_length=40, blank=True)
    online_code = models.CharField(_("mötes-id eller kod"), max_length=100, blank=True)

    organiser = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("arrangör"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    topics = ParentalManyToManyField("core.Topic", verbose_name=_("ämnen"), blank=True)
    target_audience = models.CharField(_("målgrupp"), max_length=255, blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("program"), blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    status_reason = models.TextField(
        _("orsak"), blank=True, help_text=_("Visas när mötet är inställt eller uppskjutet.")
    )

    # iCalendar identity: the UID never changes, SEQUENCE grows when time, place or
    # status change, so that calendar clients replace their copy.
    ical_uid = models.UUIDField(_("kalender-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("version i kalendrar"), default=0, editable=False)
    schedule_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    modified_at = models.DateTimeField(_("ändrad"), auto_now=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading=_("Tid"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("repeat_frequency"), FieldPanel("repeat_interval")]),
                FieldPanel("repeat_monthly_by"),
                FieldRowPanel([FieldPanel("repeat_count"), FieldPanel("repeat_until")]),
                InlinePanel("excluded_dates", heading=_("Tillfällen som utgår"), label=_("Datum")),
                InlinePanel(
                    "extra_dates",
                    heading=_("Extra eller flyttade tillfällen"),
                    label=_("Tillfälle"),
                ),
            ],
            heading=_("Återkommande serie"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("municipality"), FieldPanel("county")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Mötesform och plats"),
        ),
        MultiFieldPanel(
            [FieldPanel("online_link"), FieldPanel("online_phone"), FieldPanel("online_code")],
            heading=_("Digital anslutning (visas inte publikt)"),
        ),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_reason")], heading=_("Status")),
        FieldPanel("body"),
        FieldPanel("programme"),
        InlinePanel("documents", heading=_("Dokument"), label=_("Dokument")),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("target_audience"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Arrangör, kontakt och ämnen"),
        ),
        *RegistrationSettings.registration_panels,
        *EvaluationSettings.evaluation_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.SearchField("municipality"),
        index.FilterField("start"),
        index.RelatedFields("county", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    base_form_class = EventPageForm

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["ical_uid", "sequence", "schedule_fingerprint"]

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def get_context(self, request, *args, **kwargs):
        from .views import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(request, self))
        return context

    # -- validation -------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Adressen ”%(slug)s” är reserverad, välj en annan.") % {
                "slug": self.slug
            }
        if self.start and self.end:
            if self.all_day and localtime(self.end).date() < localtime(self.start).date():
                errors["end"] = _("Slutdatumet kan inte vara före startdatumet.")
            elif not self.all_day and self.end <= self.start:
                errors["end"] = _("Sluttiden måste vara efter starttiden.")
        if self.status != self.Status.SCHEDULED and not self.status_reason.strip():
            errors["status_reason"] = _("Skriv varför mötet är inställt eller uppskjutet.")
        if self.repeat_frequency:
            if not self.repeat_count and not self.repeat_until:
                errors["repeat_count"] = _("Ange antal gånger eller ett slutdatum för serien.")
            elif self.repeat_count and self.repeat_until:
                errors["repeat_until"] = _("Ange antal gånger eller slutdatum, inte båda.")
            elif self.repeat_count and self.repeat_count > MAX_OCCURRENCES:
                errors["repeat_count"] = _("En serie kan ha högst %(max)s tillfällen.") % {
                    "max": MAX_OCCURRENCES
                }
            elif self.repeat_until and self.start:
                start_date = localtime(self.start).date()
                if self.repeat_until < start_date:
                    errors["repeat_until"] = _("Slutdatumet för serien är före första tillfället.")
                elif (self.repeat_until - start_date).days > 366 * MAX_SERIES_YEARS:
                    errors["repeat_until"] = _("En serie kan pågå i högst %(years)s år.") % {
                        "years": MAX_SERIES_YEARS
                    }
        if errors:
            raise ValidationError(errors)
        # The admin form checks the submitted exceptions itself: while it validates, the
        # page's child rows are still the stored ones.
        if not getattr(self, "_occurrences_validated_by_form", False):
            self.validate_occurrences(
                exdates=self.exception_dates(), rdates=self.additional_dates()
            )

    def validate_occurrences(self, *, exdates, rdates) -> None:
        """Refuse a series whose rule and exceptions leave no occurrence, or too many."""
        if not (self.start and self.end):
            return
        occurrences = expand(
            start=self.start,
            end=self.end,
            all_day=self.all_day,
            rrule=self.build_rrule(),
            exdates=exdates,
            rdates=rdates,
        )
        if not occurrences:
            raise ValidationError(
                {
                    "repeat_frequency": _(
                        "Upprepningen ger inga tillfällen. "
                        "Kontrollera regeln och de datum som utgår."
                    )
                }
            )
        if len(occurrences) > MAX_OCCURRENCES:
            raise ValidationError(
                {
                    "repeat_frequency": _("En serie kan ha högst %(max)s tillfällen.")
                    % {"max": MAX_OCCURRENCES}
                }
            )

    # -- schedule -------------------------------------------------------------

    def build_rrule(self) -> str:
        """The RRULE for the editor's recurrence fields, empty for a single event."""
        if not (self.repeat_frequency and self.start):
            return ""
        return build_rrule(
            frequency=self.repeat_frequency,
            interval=self.repeat_interval,
            monthly_by=self.repeat_monthly_by,
            count=self.repeat_count,
            until=self.repeat_until,
            start=self.start,
            all_day=self.all_day,
        )

    @property
    def is_series(self) -> bool:
        return bool(self.rrule)

    def exception_dates(self) -> list:
        return sorted(item.date for item in self.excluded_dates.all())

    def additional_dates(self) -> list:
        return sorted((item.date, item.time) for item in self.extra_dates.all())

    def occurrence_list(self):
        """Every occurrence of this event, from the stored rule and exceptions."""
        return expand(
            start=self.start,
            end=self.end,
            all_day=self.all_day,
            rrule=self.rrule,
            exdates=self.exception_dates(),
            rdates=self.additional_dates(),
        )

    def _fingerprint(self) -> str:
        """A digest of what calendar clients must notice: time, place and status."""
        parts = [
            self.start.isoformat(),
            self.end.isoformat(),
            str(self.all_day),
            self.rrule,
            repr(self.exception_dates()),
            repr(self.additional_dates()),
            self.format,
            self.venue_name,
            self.venue_address,
            self.municipality,
            str(self.county_id),
            self.status,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def save(self, *args, **kwargs):
        # Draft revisions save with update_fields and leave the live row alone; only a
        # full save (creation, publishing, unpublishing) changes what the public sees.
        full_save = kwargs.get("update_fields") is None
        if full_save:
            self.rrule = self.build_rrule()
            fingerprint = self._fingerprint()
            stored = (
                EventPage.objects.filter(pk=self.pk)
                .values_list("sequence", "schedule_fingerprint")
                .first()
                if self.pk
                else None
            )
            if stored:
                sequence, previous = stored
                self.sequence = sequence + (1 if previous and previous != fingerprint else 0)
            self.schedule_fingerprint = fingerprint
        super().save(*args, **kwargs)
        if full_save:
            self.refresh_occurrences()

    def refresh_occurrences(self) -> None:
        """Store the occurrences that listings filter and paginate on."""
        self.occurrences.all().delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event=self, start=item.start, end=item.end)
            for item in self.occurrence_list()
        )


class EventExceptionDate(Orderable):
    """A date on which a series' occurrence does not take place."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="excluded_dates")
    date = models.DateField(_("datum"))

    panels = [FieldPanel("date")]


class EventExtraDate(Orderable):
    """An extra occurrence of a series, or the new date of a moved one."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="extra_dates")
    date = models.DateField(_("datum"))
    time = models.TimeField(
        _("starttid"), null=True, blank=True, help_text=_("Tom: samma tid som serien.")
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("time")])]


class EventDocument(AttachedDocument):
    """A document attached to a meeting: invitation, slides, minutes."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")


class EventOccurrenceQuerySet(models.QuerySet):
    """Occurrences of live events, the unit that listings and calendars show."""

    def live(self):
        return self.filter(event__live=True)

    def for_listing(self):
        return self.select_related("event", "event__county").prefetch_related("event__topics")


class EventOccurrence(models.Model):
    """One occurrence of an event, derived from its rule on every full save."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(db_index=True)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "event_id"]
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")

    def __str__(self):
        return f"{self.event.title} {self.start:%Y-%m-%d %H:%M}"
