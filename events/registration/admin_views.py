"""Editors' registration views in the Wagtail admin: lists, exports, check-in, report."""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.models import EventPage
from events.recurrence import STOCKHOLM

from .codes import registration_for_checkin_code
from .exports import participant_rows, table_response
from .models import Registration
from .selectors import (
    participation_report,
    registration_breakdown,
    registration_counts,
    registration_list,
)
from .services import (
    RegistrationError,
    registration_cancel,
    registration_mark_attended,
    registrations_message,
)


def _event_for_editor(request, event_id: int) -> EventPage:
    event = get_object_or_404(EventPage, pk=event_id)
    if not event.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return event


def _questions(event: EventPage, registrations) -> list[str]:
    """Question labels in form order, then any answered under a label since removed."""
    labels = []
    if event.ask_dietary:
        labels.append(_("Specialkost eller allergier"))
    if event.ask_accessibility:
        labels.append(_("Behov av tillgänglighetsanpassning"))
    labels += [block.value["label"] for block in event.registration_questions]
    for registration in registrations:
        for label in registration.answers or {}:
            if label not in labels:
                labels.append(label)
    return labels


class ListFilterForm(forms.Form):
    """Status filter and free-text search over the participant list."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Alla"))] + Registration.Status.choices,
    )
    q = forms.CharField(label=gettext_lazy("Sök namn, e-post eller organisation"), required=False)


def registrations_index(request, event_id: int):
    """Counts, breakdowns and the participant list with answers, filters and search."""
    event = _event_for_editor(request, event_id)
    form = ListFilterForm(request.GET or None)
    status = query = ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    registrations = list(registration_list(event=event, status=status, query=query))
    fmt = request.GET.get("format")
    questions = _questions(event, registrations)
    if fmt in ("csv", "xlsx"):
        headings, rows = participant_rows(registrations, questions)
        return table_response(headings, rows, filename=f"deltagare-{event.slug}", fmt=fmt)
    return render(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "form": form,
            "counts": registration_counts(event=event),
            "breakdown": registration_breakdown(event=event),
            "registrations": registrations,
            "questions": questions,
            "rows": [
                (registration, [(registration.answers or {}).get(q, "") for q in questions])
                for registration in registrations
            ],
            "query_string": request.GET.urlencode(),
        },
    )


def registrations_print(request, event_id: int, layout: str):
    """A printable participant list or name badges of the confirmed participants."""
    event = _event_for_editor(request, event_id)
    registrations = registration_list(event=event, status=Registration.Status.CONFIRMED)
    return render(
        request,
        "events/admin/registrations_print.html",
        {"event": event, "registrations": registrations, "badges": layout == "namnskyltar"},
    )


@require_POST
def registration_cancel_view(request, event_id: int, pk: int):
    """An editor withdraws a registration (any time); the waiting list moves up."""
    event = _event_for_editor(request, event_id)
    registration = get_object_or_404(
        Registration.objects.select_related("event", "user"), pk=pk, event=event
    )
    try:
        promoted = registration_cancel(registration=registration, actor=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s är avanmäld; %(count)s fick plats från reservlistan.")
            % {"name": registration.participant_name, "count": len(promoted)},
        )
    return redirect("events_registrations:index", event_id=event.pk)


class MessageForm(forms.Form):
    """An editor's message to a meeting's participants."""

    recipients = forms.MultipleChoiceField(
        label=gettext_lazy("Till"),
        choices=[
            (Registration.Status.CONFIRMED, gettext_lazy("Bekräftade deltagare")),
            (Registration.Status.WAITING, gettext_lazy("Reservlistan")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=gettext_lazy("Ämne"), max_length=150)
    body = forms.CharField(
        label=gettext_lazy("Meddelande"), widget=forms.Textarea, max_length=5000
    )


def registrations_message_view(request, event_id: int):
    """Write to all confirmed and/or waiting participants; sent through the task backend."""
    event = _event_for_editor(request, event_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = registrations_message(
            event=event,
            statuses=form.cleaned_data["recipients"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, _("Meddelandet skickas till %(count)s deltagare.") % {"count": count}
        )
        return redirect("events_registrations:index", event_id=event.pk)
    return render(
        request,
        "events/admin/registrations_message.html",
        {"event": event, "form": form},
        status=400 if form.is_bound else 200,
    )


def checkin(request, event_id: int):
    """Door check-in on a phone: search by name and mark attendance."""
    event = _event_for_editor(request, event_id)
    query = request.GET.get("q", "").strip()[:100]
    found = (
        registration_list(event=event, status=Registration.Status.CONFIRMED, query=query)[:30]
        if query
        else []
    )
    return render(
        request,
        "events/admin/checkin.html",
        {
            "event": event,
            "query": query,
            "found": found,
            "counts": registration_counts(event=event),
        },
    )


@require_POST
def checkin_mark(request, event_id: int, pk: int):
    """Mark one confirmed participant as present."""
    event = _event_for_editor(request, event_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user"),
        pk=pk,
        event=event,
        status=Registration.Status.CONFIRMED,
    )
    registration_mark_attended(registration=registration)
    messages.success(
        request, _("%(name)s är incheckad.") % {"name": registration.participant_name}
    )
    query = request.POST.get("q", "").strip()[:100]
    return redirect(
        reverse("events_registrations:checkin", args=[event.pk]) + "?" + urlencode({"q": query})
    )


def checkin_code_view(request, code: str):
    """What the QR code from the confirmation e-mail opens: confirm and mark attendance."""
    registration = registration_for_checkin_code(code)
    if registration is None:
        return render(request, "events/admin/checkin_code.html", {"invalid": True}, status=400)
    event = _event_for_editor(request, registration.event_id)
    confirmed = registration.status == Registration.Status.CONFIRMED
    if request.method == "POST" and confirmed:
        registration_mark_attended(registration=registration)
        messages.success(
            request, _("%(name)s är incheckad.") % {"name": registration.participant_name}
        )
        return redirect("events_registrations:checkin", event_id=event.pk)
    return render(
        request,
        "events/admin/checkin_code.html",
        {"registration": registration, "event": event, "confirmed": confirmed},
        status=200 if confirmed else 409,
    )


class ReportForm(forms.Form):
    """The report's period."""

    start = forms.DateField(
        label=gettext_lazy("Från och med"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Till och med"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("Slutdatumet är före startdatumet."))
        return cleaned


def _bars(rows: list[tuple]) -> dict:
    """Geometry of a horizontal SVG bar chart: registered and attended per row."""
    width, bar, gap, label_width = 640, 14, 10, 220
    peak = max([row[1] for row in rows] or [1]) or 1
    scale = (width - label_width - 60) / peak
    items = []
    for position, (label, registered, attended) in enumerate(rows):
        y = position * (2 * bar + gap)
        items.append(
            {
                "label": label,
                "registered": registered,
                "attended": attended,
                "y": y,
                "y2": y + bar,
                "text_y": y + bar,
                "w1": max(1, round(registered * scale)),
                "w2": round(attended * scale),
            }
        )
    return {
        "width": width,
        "height": max(1, len(rows)) * (2 * bar + gap),
        "label_width": label_width,
        "bar": bar,
        "items": items,
    }


def report(request):
    """Participation per county and organisation type over a period, with chart and CSV."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    today = date.today()
    form = ReportForm(request.GET or {"start": date(today.year, 1, 1), "end": today})
    if not form.is_valid():
        return render(request, "events/admin/report.html", {"form": form}, status=400)
    start = datetime.combine(form.cleaned_data["start"], time.min, tzinfo=STOCKHOLM)
    end = datetime.combine(
        form.cleaned_data["end"] + timedelta(days=1), time.min, tzinfo=STOCKHOLM
    )
    data = participation_report(start=start, end=end)
    if request.GET.get("format") == "csv":
        headings = [_("Grupp"), _("Namn"), _("Bekräftade"), _("Närvarande")]
        rows = [[_("Län"), *row] for row in data["county"]] + [
            [_("Organisationstyp"), *row] for row in data["organisation_type"]
        ]
        return table_response(headings, rows, filename="deltagande", fmt="csv")
    return render(
        request,
        "events/admin/report.html",
        {
            "form": form,
            "data": data,
            "county_chart": _bars(data["county"]),
            "type_chart": _bars(data["organisation_type"]),
            "query_string": request.GET.urlencode(),
        },
    )
