"""The comment form: plain text, checked as the service checks it, errors by the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": services.MAX_LENGTH}),
        # Checked in clean_body, so that an over-long text gets the service's message.
        strip=False,
        required=False,
        help_text=_("Ren text; webbadresser blir länkar. Högst 4 000 tecken."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_body(self) -> str:
        try:
            return services.clean_body(self.cleaned_data.get("body", ""))
        except services.CommentRefused as refused:
            raise forms.ValidationError(refused.message) from refused


class ReplyTargetForm(forms.Form):
    """The hidden field of a reply: which comment it answers."""

    parent = forms.IntegerField(required=False, min_value=1)


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl (skickas till författaren)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
