"""The questions a meeting asks when members register: the text and choice kinds of the
site's one question model (``core.surveys.blocks``)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from core.surveys.blocks import ChoiceQuestionBlock, QuestionBlock


class RegistrationQuestionsBlock(blocks.StreamBlock):
    """The registration form's own questions, after the standard ones."""

    short_text = QuestionBlock(label=_("Kort text"))
    long_text = QuestionBlock(label=_("Lång text"))
    single_choice = ChoiceQuestionBlock(label=_("Ett val"))
    multiple_choice = ChoiceQuestionBlock(label=_("Flera val"))
    yes_no = QuestionBlock(label=_("Ja/nej"))
