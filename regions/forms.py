"""The contact directory's filter form, bound to the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import County

from .models import Responsibility


class ContactFilterForm(forms.Form):
    """Filters the directory by county slug (`lan`) and responsibility code (`ansvar`)."""

    lan = forms.ModelChoiceField(
        label=_("Län"),
        queryset=County.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alla län"),
        error_messages={
            "invalid_choice": _("Det finns inget sådant län. Välj ett län i listan."),
        },
    )
    ansvar = forms.ChoiceField(
        label=_("Ansvarsområde"),
        choices=[("", _("Alla ansvarsområden")), *Responsibility.Code.choices],
        required=False,
        error_messages={
            "invalid_choice": _("Det finns inget sådant ansvarsområde. Välj ett i listan."),
        },
    )


class CountyFinderForm(forms.Form):
    """Picks a county by slug (`lan`) for the redirect to its county page."""

    lan = forms.ModelChoiceField(
        label=_("Välj län"),
        queryset=County.objects.all(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": _("Det finns inget sådant län.")},
    )
