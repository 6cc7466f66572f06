"""Questionnaires that editors write once and attach to meetings or to a year's follow-up."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from .blocks import SurveyQuestionsBlock
from .questions import Priority, Question, questions_of


class Questionnaire(PreviewableMixin, index.Indexed, models.Model):
    """A titled list of questions, for meeting evaluations or for the annual follow-up.

    Answers are stored by each question's block id, so rewording a question keeps its
    answers; removing one leaves its answers out of results.
    """

    class Kind(models.TextChoices):
        EVALUATION = "utvardering", _("Utvärdering av möte")
        FOLLOW_UP = "uppfoljning", _("Årlig uppföljning av serviceprogram")

    title = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("används till"), max_length=20, choices=Kind.choices)
    intro = models.TextField(
        _("inledning"),
        blank=True,
        max_length=2000,
        help_text=_("Visas överst i formuläret."),
    )
    questions = StreamField(SurveyQuestionsBlock(), verbose_name=_("frågor"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("questions"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("frågeformulär")
        verbose_name_plural = _("frågeformulär")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.questions:
            raise ValidationError({"questions": _("Lägg till minst en fråga.")})
        if self.kind == self.Kind.EVALUATION:
            flag = "per_priority"
            message = _("”%(label)s”: en utvärdering har inga prioriteringar att fråga per.")
        else:
            flag = "named"
            message = _("”%(label)s”: svaren i en uppföljning lämnas per län, inte med namn.")
        for block in self.questions:
            if block.value.get(flag):
                raise ValidationError({"questions": message % {"label": block.value["label"]}})

    @cached_property
    def question_list(self) -> list[Question]:
        return questions_of(self.questions)

    def get_preview_template(self, request, mode_name):
        return "surveys/questionnaire_preview.html"

    def get_preview_context(self, request, mode_name):
        from .forms import AnswerForm

        context = super().get_preview_context(request, mode_name)
        # Per-priority questions are asked once per priority of the county's programme.
        example = Priority(key="exempel", title=_("en av länets prioriteringar"))
        context["form"] = AnswerForm(questions=self.question_list, priorities=[example])
        return context
