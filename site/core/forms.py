"""Form fields shared by the apps' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import County


class CountyChoiceField(forms.ModelChoiceField):
    """A county chosen by its slug, the value of the ``lan`` query parameter across the site.

    Optional and labelled "Län" with an "Alla län" choice unless told otherwise.
    """

    default_error_messages = {
        "invalid_choice": _("Det finns inget sådant län. Välj ett län i listan."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Län"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("Alla län"))
        super().__init__(queryset=County.objects.all(), to_field_name="slug", **kwargs)
