"""The filters of the meeting listing, month view and calendar feeds."""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CountyChoiceField
from core.models import County, Topic

from .models import EventPage

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class EventFilters:
    """Validated filter values; every one is optional."""

    county: County | None = None
    topic: Topic | None = None
    format: str = ""
    month: date | None = None

    def query(self, *, with_month: bool = True) -> dict[str, str]:
        """The query-string parameters that reproduce these filters."""
        params = {}
        if self.county:
            params["lan"] = self.county.slug
        if self.topic:
            params["amne"] = self.topic.slug
        if self.format:
            params["format"] = self.format
        if with_month and self.month:
            params["manad"] = f"{self.month:%Y-%m}"
        return params

    @property
    def is_empty(self) -> bool:
        return not (self.county or self.topic or self.format or self.month)


class MonthField(forms.CharField):
    """A month as YYYY-MM, cleaned to the first day of that month."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(_("Ange månaden som ÅÅÅÅ-MM, till exempel 2026-03."))
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise forms.ValidationError(_("Det finns ingen sådan månad."))
        return date(year, month, 1)


class EventFilterForm(forms.Form):
    """County, topic, format and month, all optional and combinable, taken from GET."""

    lan = CountyChoiceField()
    amne = forms.ModelChoiceField(
        label=_("Ämne"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alla ämnen"),
        error_messages={"invalid_choice": _("Det ämnet finns inte.")},
    )
    format = forms.ChoiceField(
        label=_("Mötesform"),
        choices=[("", _("Alla former")), *EventPage.Format.choices],
        required=False,
        error_messages={"invalid_choice": _("Det finns ingen sådan mötesform.")},
    )
    manad = MonthField(
        label=_("Månad (ÅÅÅÅ-MM)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, with_month: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_month:
            del self.fields["manad"]

    def filters(self) -> EventFilters:
        """The cleaned filters; call only when the form is valid."""
        data = self.cleaned_data
        return EventFilters(
            county=data.get("lan"),
            topic=data.get("amne"),
            format=data.get("format") or "",
            month=data.get("manad"),
        )
