"""The registration form, built from the meeting's settings and questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.surveys.fields import question_field
from core.surveys.questions import questions_of
from events.models import EventPage
from members.models import Membership, User

from .models import Registration


class RegistrationForm(forms.Form):
    """Seat kind for hybrid meetings, the standard questions and the editor's own."""

    def __init__(self, *args, event: EventPage, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions: list[tuple[str, str]] = []
        if colleagues is not None:
            self.fields["participant"] = forms.ModelChoiceField(
                label=_("Vem anmäls?"),
                queryset=colleagues,
                empty_label=_("Mig själv"),
                required=False,
            )
        if event.format == EventPage.Format.HYBRID:
            self.fields["seat_kind"] = forms.ChoiceField(
                label=_("Hur deltar du?"),
                choices=Registration.SeatKind.choices,
                widget=forms.RadioSelect,
            )
        if event.ask_dietary:
            self._add(
                "dietary",
                _("Specialkost eller allergier"),
                forms.CharField(max_length=300, required=False),
            )
        if event.ask_accessibility:
            self._add(
                "accessibility",
                _("Behov av tillgänglighetsanpassning"),
                forms.CharField(max_length=300, required=False),
            )
        for position, question in enumerate(questions_of(event.registration_questions)):
            field = question_field(question)
            self._add(f"q{position}", question.label, field)

    def _add(self, name: str, label, field: forms.Field) -> None:
        field.label = label
        self.fields[name] = field
        self.questions.append((name, str(label)))

    def answers(self) -> dict:
        """Question label to answer, as stored on the registration."""
        result = {}
        for name, label in self.questions:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            result[label] = value
        return result


def colleagues_for(coordinator: User, organisation_ids: set[int]):
    """Approved members of the organisations the user coordinates."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=organisation_ids,
            memberships__status=Membership.Status.APPROVED,
        )
        .exclude(pk=coordinator.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


class TransferForm(forms.Form):
    """Choose the colleague who takes over the seat."""

    colleague = forms.ModelChoiceField(
        label=_("Kollega"), queryset=User.objects.none(), empty_label=_("Välj en kollega")
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
