"""StreamField blocks for the questions a meeting asks when members register."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


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


class RegistrationQuestionsBlock(blocks.StreamBlock):
    """The registration form's own questions, after the standard ones."""

    short_text = QuestionBlock(label=_("Kort text"))
    long_text = QuestionBlock(label=_("Lång text"))
    single_choice = ChoiceQuestionBlock(label=_("Ett val"))
    multiple_choice = ChoiceQuestionBlock(label=_("Flera val"))
    yes_no = QuestionBlock(label=_("Ja/nej"))
