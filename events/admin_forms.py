"""The admin form of event pages: validates a series together with its exceptions."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """Checks that the rule, minus the removed dates plus the extra ones, still has occurrences."""

    def _child_rows(self, name: str) -> list[dict]:
        formset = self.formsets.get(name)
        if formset is None or not formset.is_valid():
            return []
        return [
            row
            for row in formset.cleaned_data
            if row and not row.get("DELETE") and row.get("date")
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        page = self.instance
        for name in (
            "start",
            "end",
            "all_day",
            "repeat_frequency",
            "repeat_interval",
            "repeat_monthly_by",
            "repeat_count",
            "repeat_until",
        ):
            if name in cleaned_data:
                setattr(page, name, cleaned_data[name])
        try:
            page.validate_occurrences(
                exdates=[row["date"] for row in self._child_rows("excluded_dates")],
                rdates=[(row["date"], row.get("time")) for row in self._child_rows("extra_dates")],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        page._occurrences_validated_by_form = True
        return cleaned_data
