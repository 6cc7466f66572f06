"""The contact directory's filter form, bound to the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CountyChoiceField

from .models import Responsibility


class ContactFilterForm(forms.Form):
    """Filters the directory by county slug (`lan`) and responsibility code (`ansvar`)."""

    lan = CountyChoiceField()
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

    lan = CountyChoiceField(label=_("Välj län"), required=True, empty_label=None)
