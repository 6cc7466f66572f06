"""Follow-up rounds, the counties' programme reporters and the counties' answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.surveys.models import Questionnaire
from core.surveys.questions import Priority


class FollowUpRound(models.Model):
    """One year's follow-up: the questionnaire asked and when answers are accepted."""

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("frågeformulär"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Questionnaire.Kind.FOLLOW_UP},
        related_name="follow_up_rounds",
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"), help_text=_("Sista dagen som svar tas emot."))
    intro = models.TextField(
        _("inledning"), blank=True, max_length=2000, help_text=_("Visas överst i formuläret.")
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("questionnaire"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="followup_round_closes_after_opening",
            )
        ]

    def __str__(self):
        return _("Uppföljning %(year)s") % {"year": self.year}

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("Stängningsdagen kan inte vara före öppningsdagen.")}
            )
        if self.questionnaire_id and self.questionnaire.kind != Questionnaire.Kind.FOLLOW_UP:
            raise ValidationError(
                {"questionnaire": _("Välj ett frågeformulär för årlig uppföljning.")}
            )

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class ProgrammeReporter(models.Model):
    """A member who answers the follow-up for a county (the county's RSP contact)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="programme_reporting",
    )
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        related_name="programme_reporters",
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("county")]

    class Meta:
        verbose_name = _("uppgiftslämnare för serviceprogram")
        verbose_name_plural = _("uppgiftslämnare för serviceprogram")
        ordering = ["county__code", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "county"], name="unique_programme_reporter")
        ]

    def __str__(self):
        return f"{self.user} – {self.county}"


class FollowUpAnswer(models.Model):
    """A county's answers to one round, from draft to approved.

    ``answers`` has the shape of ``AnswerForm.answers()``; ``priorities`` is the
    county's programme priorities when last saved (``[{"key", "title"}]``), so
    per-priority answers keep their titles when the programme changes.
    """

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "inskickad", _("Inskickad")
        RETURNED = "aterskickad", _("Återskickad")
        APPROVED = "godkand", _("Godkänd")

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("omgång"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        related_name="follow_up_answers",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    priorities = models.JSONField(_("prioriteringar"), default=list, blank=True)
    review_comment = models.TextField(_("kommentar från redaktionen"), blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inskickad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("uppföljningssvar")
        verbose_name_plural = _("uppföljningssvar")
        ordering = ["round", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "county"], name="unique_follow_up_answer")
        ]

    def __str__(self):
        return f"{self.county} {self.round.year}"

    @property
    def priority_list(self) -> list[Priority]:
        return [Priority(key=item["key"], title=item["title"]) for item in self.priorities]

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
