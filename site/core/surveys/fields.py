"""The form field that asks a question, the same for registration and questionnaires."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .questions import NO, RATINGS, YES, Question

# Upper bounds: a count of shops or meetings, and kronor (a programme's budget).
MAX_NUMBER = 1_000_000
MAX_AMOUNT = 100_000_000_000
YES_NO = [(YES, _("Ja")), (NO, _("Nej"))]


def question_field(question: Question) -> forms.Field:
    """A form field for the question, labelled and with its help text."""
    kind = question.kind
    if kind == "short_text":
        field = forms.CharField(max_length=300)
    elif kind == "long_text":
        field = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    elif kind == "single_choice":
        field = forms.ChoiceField(choices=question.options, widget=forms.RadioSelect)
    elif kind == "multiple_choice":
        field = forms.MultipleChoiceField(
            choices=question.options, widget=forms.CheckboxSelectMultiple
        )
    elif kind == "rating":
        field = forms.TypedChoiceField(
            choices=[(value, str(value)) for value in RATINGS],
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "rating"}),
        )
    elif kind == "number":
        field = forms.IntegerField(
            validators=[MinValueValidator(0), MaxValueValidator(MAX_NUMBER)],
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    elif kind == "amount":
        field = forms.IntegerField(
            validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    elif kind == "yes_no":
        field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    else:
        raise ValueError(f"Unknown question kind {kind!r}")
    field.label = question.label
    field.required = question.required
    help_text = question.help_text
    if question.unit:
        help_text = f"{help_text} ({question.unit})" if help_text else question.unit
    elif kind == "amount":
        help_text = f"{help_text} ({_('kronor')})" if help_text else _("Kronor, i hela kronor.")
    field.help_text = help_text
    return field
