"""Registration: the per-meeting settings, the registrations and their outgoing e-mail.

A recurring series is registered for as a whole (one registration per series).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from .blocks import RegistrationQuestionsBlock


class RegistrationSettings(models.Model):
    """Fields of an event page that govern registration (the admin's "Anmälan" panel)."""

    class Quota(models.TextChoices):
        NONE = "", _("Ingen kvot")
        ORGANISATION = "organisation", _("Per organisation")
        COUNTY = "county", _("Per län")

    registration_enabled = models.BooleanField(_("anmälan öppen"), default=False)
    registration_opens_at = models.DateTimeField(_("anmälan öppnar"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("sista anmälningsdag"), null=True, blank=True, help_text=_("Tom: till mötets start.")
    )
    capacity = models.PositiveIntegerField(
        _("antal platser"), null=True, blank=True, help_text=_("Tom: obegränsat.")
    )
    onsite_seats = models.PositiveIntegerField(
        _("platser på plats"), null=True, blank=True, help_text=_("Bara för hybridmöten.")
    )
    digital_seats = models.PositiveIntegerField(
        _("digitala platser"), null=True, blank=True, help_text=_("Bara för hybridmöten.")
    )
    waiting_list = models.BooleanField(_("reservlista"), default=True)
    quota_kind = models.CharField(
        _("kvot"), max_length=12, choices=Quota.choices, blank=True, default=""
    )
    quota = models.PositiveIntegerField(
        _("platser per organisation eller län"), null=True, blank=True
    )
    ask_dietary = models.BooleanField(_("fråga om specialkost"), default=True)
    ask_accessibility = models.BooleanField(_("fråga om tillgänglighetsbehov"), default=True)
    registration_questions = StreamField(
        RegistrationQuestionsBlock(), verbose_name=_("egna frågor"), blank=True
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("påminnelse (timmar före start)"), default=24
    )
    digital_details_visible_hours_before = models.PositiveSmallIntegerField(
        _("visa anslutningsuppgifter (timmar före start)"), default=48
    )

    registration_panels = [
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("capacity"),
                        FieldPanel("onsite_seats"),
                        FieldPanel("digital_seats"),
                    ]
                ),
                FieldPanel("waiting_list"),
                FieldRowPanel([FieldPanel("quota_kind"), FieldPanel("quota")]),
                FieldRowPanel([FieldPanel("ask_dietary"), FieldPanel("ask_accessibility")]),
                FieldPanel("registration_questions"),
                FieldRowPanel(
                    [
                        FieldPanel("reminder_hours_before"),
                        FieldPanel("digital_details_visible_hours_before"),
                    ]
                ),
            ],
            heading=_("Anmälan"),
            classname="collapsed",
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_split_seats(self) -> bool:
        """A hybrid meeting with separate on-site and digital seat counts."""
        return self.format == "hybrid" and (
            self.onsite_seats is not None or self.digital_seats is not None
        )

    def seat_limit(self, seat_kind: str) -> int | None:
        """Seats of this kind, None when unlimited."""
        if self.has_split_seats:
            return (
                self.onsite_seats
                if seat_kind == Registration.SeatKind.ONSITE
                else (self.digital_seats)
            )
        return None

    def seats_left(
        self, confirmed: int, confirmed_onsite: int = 0, confirmed_digital: int = 0
    ) -> int | None:
        """Seats still free given the confirmed counts, None when unlimited."""
        bounds = []
        if self.capacity is not None:
            bounds.append(self.capacity - confirmed)
        if (
            self.has_split_seats
            and self.onsite_seats is not None
            and self.digital_seats is not None
        ):
            bounds.append(
                max(0, self.onsite_seats - confirmed_onsite)
                + max(0, self.digital_seats - confirmed_digital)
            )
        return max(0, min(bounds)) if bounds else None

    def default_seat_kind(self) -> str:
        return (
            Registration.SeatKind.DIGITAL
            if self.format == "digitalt"
            else Registration.SeatKind.ONSITE
        )

    def digital_details_visible(self, now=None) -> bool:
        """True from the configured number of hours before the start."""
        now = now or timezone.now()
        return now >= self.start - timedelta(hours=self.digital_details_visible_hours_before)

    def registration_state(self, now=None) -> str:
        """'open', 'not_open', 'not_yet', 'closed', 'cancelled' or 'past'."""
        now = now or timezone.now()
        if self.status == "cancelled":
            return "cancelled"
        if now >= self.start:
            return "past"
        if not self.registration_enabled:
            return "not_open"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"


class RegistrationQuerySet(models.QuerySet):
    """Registrations, active ones first-class."""

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("pk")


class Registration(models.Model):
    """A member's registration for a meeting (a whole series for a recurring one)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Bekräftad")
        WAITING = "waiting", _("Reservlista")
        CANCELLED = "cancelled", _("Avanmäld")

    class SeatKind(models.TextChoices):
        ONSITE = "onsite", _("På plats")
        DIGITAL = "digital", _("Digitalt")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("möte"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    organisation_name = models.CharField(_("organisationens namn"), max_length=200, blank=True)
    organisation_type = models.CharField(_("organisationstyp"), max_length=20, blank=True)
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    seat_kind = models.CharField(_("deltar"), max_length=10, choices=SeatKind.choices)
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    attended_at = models.DateTimeField(_("närvarande"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmäld av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Grows with each change of status, so that calendar clients replace their copy.
    sequence = models.PositiveIntegerField(default=0)
    notified_event_sequence = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)
    # Start of the occurrence the latest reminder was for: a series gets one per occurrence.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    cancelled_at = models.DateTimeField(_("avanmäld"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_member",
            )
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self):
        return f"{self.participant_name} – {self.event_id}"

    @property
    def participant_name(self) -> str:
        if self.user is None:
            return str(_("(borttagen deltagare)"))
        return self.user.get_full_name() or self.user.email

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list; None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        return (
            Registration.objects.filter(
                event_id=self.event_id, status=self.Status.WAITING, pk__lt=self.pk
            ).count()
            + 1
        )
