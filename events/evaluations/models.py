"""Evaluation settings of a meeting, the personal invitations and the anonymous responses."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

# Fewer responses than this and the results show counts only: no charts, free texts or
# means, which with one or two respondents would tell who said what.
MIN_RESPONSES_SHOWN = 3


def new_key() -> str:
    return secrets.token_urlsafe(24)


class EvaluationSettings(models.Model):
    """Fields of an event page that govern its evaluation (the admin's "Utvärdering" panel)."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Alla bekräftade deltagare")
        ATTENDED = "attended", _("Bara de som checkats in")

    evaluation = models.ForeignKey(
        "surveys.Questionnaire",
        verbose_name=_("utvärdering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        limit_choices_to={"kind": "utvardering"},
        help_text=_("Skickas till deltagarna när mötet (varje tillfälle i en serie) är slut."),
    )
    evaluation_audience = models.CharField(
        _("skickas till"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.CONFIRMED,
        help_text=_(
            "I en serie räknas en incheckning för det tillfälle som ligger närmast i tid."
        ),
    )
    evaluation_reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse efter (dagar)"),
        default=3,
        help_text=_("En påminnelse till dem som inte svarat. 0: ingen påminnelse."),
    )

    evaluation_panels = [
        MultiFieldPanel(
            [
                FieldPanel("evaluation"),
                FieldRowPanel(
                    [FieldPanel("evaluation_audience"), FieldPanel("evaluation_reminder_days")]
                ),
            ],
            heading=_("Utvärdering"),
            classname="collapsed",
        )
    ]

    class Meta:
        abstract = True


class EvaluationInvitation(models.Model):
    """One participant asked to evaluate one occurrence: who, and whether they answered.

    It keeps no time of answering, and the response keeps no link back, so answers
    cannot be joined to people; only answers to named questions are kept here.
    An occurrence is keyed by its start: occurrence rows are rebuilt on every save.
    """

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("möte"),
        on_delete=models.CASCADE,
        related_name="evaluation_invitations",
    )
    occurrence_start = models.DateTimeField(_("tillfälle"))
    registration = models.ForeignKey(
        "events.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_invitations",
    )
    key = models.CharField(max_length=40, default=new_key, editable=False)
    sent_at = models.DateTimeField(_("inbjudan skickad"))
    reminded_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)
    answered = models.BooleanField(_("har svarat"), default=False)
    named_answers = models.JSONField(_("svar med namn"), default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("inbjudan till utvärdering")
        verbose_name_plural = _("inbjudningar till utvärdering")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "occurrence_start"],
                name="evaluation_invitation_once_per_occurrence",
            )
        ]
        indexes = [
            models.Index(fields=["event", "occurrence_start"], name="evaluation_invitation_occ")
        ]

    def __str__(self):
        return f"{self.event_id} {self.occurrence_start:%Y-%m-%d %H:%M}"


class EvaluationResponse(models.Model):
    """One anonymous set of answers to an occurrence's evaluation (no person, no time)."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("möte"),
        on_delete=models.CASCADE,
        related_name="evaluation_responses",
    )
    occurrence_start = models.DateTimeField(_("tillfälle"))
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        verbose_name=_("frågeformulär"),
        on_delete=models.PROTECT,
        related_name="evaluation_responses",
    )
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    submitted_on = models.DateField(_("besvarad"))

    class Meta:
        ordering = ["occurrence_start", "submitted_on", "pk"]
        verbose_name = _("svar på utvärdering")
        verbose_name_plural = _("svar på utvärderingar")
        indexes = [
            models.Index(fields=["event", "occurrence_start"], name="evaluation_response_occ")
        ]

    def __str__(self):
        return f"{self.event_id} {self.occurrence_start:%Y-%m-%d %H:%M}"
