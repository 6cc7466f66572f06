"""The follow-up form of a county: the questionnaire's questions and the review comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.surveys.forms import AnswerForm
from core.surveys.questions import Priority

from .models import FollowUpRound


def follow_up_form(
    round_: FollowUpRound,
    priorities: list[Priority],
    *,
    data=None,
    initial_answers: dict | None = None,
    submit: bool = False,
) -> AnswerForm:
    """The county's form; a draft (``submit=False``) requires no answer."""
    return AnswerForm(
        data,
        questions=round_.questionnaire.question_list,
        priorities=priorities,
        initial_answers=initial_answers,
        require=submit,
        prefix="svar",
    )


class ReturnForm(forms.Form):
    """Why the answers go back to the county (required)."""

    comment = forms.CharField(
        label=_("Kommentar till länet"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skickas till länets uppgiftslämnare och visas i formuläret."),
    )
