"""The questions of every form the site asks: registration, evaluations and follow-ups.

One question model: a question is a StreamField block whose type is its kind and whose
value holds the label, help text and whether an answer is required. The block's id (a
UUID Wagtail keeps across revisions) is the key its answers are stored under, so an
editor may reword a question without orphaning its answers.

Registration asks the text and choice kinds (``events.registration.blocks``);
questionnaires (``models.Questionnaire``) ask every kind. ``fields.question_field``
turns a question into its form field and ``results`` counts the answers.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class QuestionBlock(blocks.StructBlock):
    """A question with a label, optional help text and a required flag."""

    label = blocks.CharBlock(label=_("Fråga"), max_length=200)
    help_text = blocks.CharBlock(label=_("Hjälptext"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("Obligatorisk"), required=False)

    class Meta:
        icon = "help"


class ChoiceQuestionBlock(QuestionBlock):
    """A question answered by choosing among the given options."""

    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Alternativ"), max_length=200), label=_("Alternativ"), min_num=2
    )

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for choice in value["choices"]:
            if choice.strip().casefold() in seen:
                raise StructBlockValidationError(
                    block_errors={
                        "choices": ValidationError(
                            _("Alternativet ”%(choice)s” finns två gånger.") % {"choice": choice}
                        )
                    }
                )
            seen.add(choice.strip().casefold())
        return value


class SurveyQuestionBlock(QuestionBlock):
    """A questionnaire's question: whom its answers name, and whether it is per priority."""

    named = blocks.BooleanBlock(
        label=_("Svaret visas med namn"),
        required=False,
        help_text=_("Utvärderingar: redaktörer ser vem som svarade. Annars är svaret anonymt."),
    )
    per_priority = blocks.BooleanBlock(
        label=_("Besvaras per prioritering"),
        required=False,
        help_text=_("Uppföljningar: frågan ställs en gång per prioritering i länets program."),
    )


class SurveyChoiceQuestionBlock(SurveyQuestionBlock, ChoiceQuestionBlock):
    """A questionnaire's choice question."""


class NumberQuestionBlock(SurveyQuestionBlock):
    """A whole number, with its unit (such as ”butiker”) shown after the field."""

    unit = blocks.CharBlock(label=_("Enhet"), required=False, max_length=40)


class SurveyQuestionsBlock(blocks.StreamBlock):
    """The questions of a questionnaire, in the order they are asked."""

    rating = SurveyQuestionBlock(label=_("Betyg 1–5"), icon="pick")
    single_choice = SurveyChoiceQuestionBlock(label=_("Ett val"))
    multiple_choice = SurveyChoiceQuestionBlock(label=_("Flera val"))
    yes_no = SurveyQuestionBlock(label=_("Ja/nej"))
    number = NumberQuestionBlock(label=_("Antal"), icon="order")
    amount = SurveyQuestionBlock(label=_("Belopp i kronor"), icon="order")
    short_text = SurveyQuestionBlock(label=_("Kort text"))
    long_text = SurveyQuestionBlock(label=_("Lång text"))
