"""The follow buttons' form and the preferences of the Bevakningar page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from core.models import County, Topic
from members.models import User

from . import kinds

# The fields that say how a member hears of what they follow; the profile form has them too.
PREFERENCE_FIELDS = [
    "notify_new_events",
    "digest_frequency",
    "new_events_at_once",
    "notify_event_updates",
]
PREFERENCE_WIDGETS = {"digest_frequency": forms.RadioSelect}


class FollowForm(forms.Form):
    """What a "Bevaka" or "Sluta bevaka" button names: a target type and its id or key."""

    target = forms.ChoiceField(
        choices=[("topic", "topic"), ("county", "county"), ("kind", "kind"), ("page", "page")],
        error_messages={"invalid_choice": _("Det går inte att bevaka det.")},
    )
    value = forms.CharField(max_length=100)
    next = forms.CharField(max_length=2000, required=False)

    def clean(self):
        cleaned = super().clean()
        target, value = cleaned.get("target"), cleaned.get("value")
        if not target or not value:
            return cleaned
        if target == "kind":
            label = kinds.kind_label(value)
            if label is None:
                raise forms.ValidationError(_("Det finns ingen sådan sort av artikel."))
            cleaned["object"], cleaned["label"] = value, label
            return cleaned
        model, missing = {
            "topic": (Topic, _("Ämnet finns inte.")),
            "county": (County, _("Länet finns inte.")),
            "page": (Page, _("Sidan finns inte.")),
        }[target]
        # Ids are positive 32-bit numbers: a longer one is forged and never asked for.
        plausible = value.isascii() and value.isdigit() and len(value) <= 9
        found = model.objects.filter(pk=int(value)).first() if plausible else None
        if found is None:
            raise forms.ValidationError(missing)
        cleaned["object"] = found
        cleaned["label"] = (
            found.label if target == "topic" else found.name if target == "county" else found.title
        )
        return cleaned


class FollowPreferencesForm(forms.ModelForm):
    """How the member hears of what they follow (the same fields as in the profile)."""

    class Meta:
        model = User
        fields = PREFERENCE_FIELDS
        widgets = PREFERENCE_WIDGETS
