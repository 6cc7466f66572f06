"""Editors' registration views in the Wagtail admin: lists, exports, check-in, report."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button, HeaderButton

import django_filters

from core.charts import BarChart
from core.exports import SafeExportMixin
from events.models import EventPage
from events.recurrence import STOCKHOLM

from .codes import registration_for_checkin_code
from .exports import answer_text, participant_rows
from .models import Registration
from .selectors import (
    participation_report,
    registration_breakdown,
    registration_counts,
    registration_list,
    registrations_matching,
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


def _questions(event: EventPage, answers) -> list[str]:
    """Question labels in form order, then any answered under a label since removed."""
    labels = []
    if event.ask_dietary:
        labels.append(_("Specialkost eller allergier"))
    if event.ask_accessibility:
        labels.append(_("Behov av tillgänglighetsanpassning"))
    labels += [block.value["label"] for block in event.registration_questions]
    for given in answers:
        for label in given or {}:
            if label not in labels:
                labels.append(label)
    return labels


class RegistrationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Registration.Status.choices,
        empty_label=gettext_lazy("Alla"),
    )

    class Meta:
        model = Registration
        fields = ["status"]


class ParticipantColumn(Column):
    """The participant's name and, below it, their e-mail address."""

    cell_template_name = "events/admin/participant_cell.html"


class CancelColumn(Column):
    """A button that withdraws the registration (a POST form to the cancel view)."""

    cell_template_name = "events/admin/cancel_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["registration"] = instance
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def _status_text(registration: Registration) -> str:
    text = registration.get_status_display()
    if registration.status == Registration.Status.WAITING:
        return f"{text} ({registration.position})"
    return text


def _attended_text(registration: Registration) -> str:
    if registration.attended_at is None:
        return "–"
    return date_format(timezone.localtime(registration.attended_at), "j M H.i")


def _answer(question: str):
    def accessor(registration: Registration) -> str:
        return answer_text((registration.answers or {}).get(question, ""))

    return accessor


# The export's columns, in the order of `exports.participant_rows`; questions follow.
EXPORT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "organisation_name",
    "organisation_type",
    "county",
    "status",
    "seat_kind",
    "created_at",
    "attended_at",
]


class RegistrationsView(SafeExportMixin, ReportView):
    """A meeting's counts, breakdowns and participants, with answers, filter and search.

    For those who may edit the meeting's page. The list and its export (CSV, XLSX)
    have a column per registration question, also for answers given under a label
    since removed from the form.
    """

    page_title = gettext_lazy("Anmälningar")
    header_icon = "group"
    template_name = "events/admin/registrations.html"
    results_template_name = "events/admin/registrations_results.html"
    index_url_name = "events_registrations:index"
    index_results_url_name = "events_registrations:index-results"
    filterset_class = RegistrationFilterSet
    is_searchable = True
    default_ordering = ["user__last_name", "user__first_name", "pk"]
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event_id = kwargs["event_id"]

    def dispatch(self, request, *args, **kwargs):
        self.event = _event_for_editor(request, self.event_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.event.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.event.pk])

    def get_filename(self):
        return f"deltagare-{self.event.slug}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def _url(self, name: str, *args) -> str:
        return reverse(f"events_registrations:{name}", args=[self.event.pk, *args])

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(_("Incheckning"), url=self._url("checkin"), icon_name="calendar-check")
        ]
        if self.event.evaluation_id:
            buttons.append(
                HeaderButton(
                    _("Utvärdering"),
                    url=reverse("events_evaluations:results", args=[self.event.pk]),
                    icon_name="list-ul",
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # Printing and writing first, then the downloads of SpreadsheetExportMixin.
        return [
            Button(
                _("Utskrivbar deltagarlista"),
                url=self._url("print", "deltagarlista"),
                icon_name="list-ul",
                priority=10,
            ),
            Button(
                _("Namnskyltar"),
                url=self._url("print", "namnskyltar"),
                icon_name="user",
                priority=20,
            ),
            Button(
                _("Skriv till deltagarna"), url=self._url("message"), icon_name="mail", priority=30
            ),
            *super().header_more_buttons,
        ]

    def get_queryset(self):
        queryset = Registration.objects.filter(event=self.event).select_related("user", "county")
        return self.search_queryset(self.order_queryset(queryset))  # ReportView filters it

    def search_queryset(self, queryset):
        return registrations_matching(queryset, self.search_query)

    @cached_property
    def questions(self) -> list[str]:
        # Of the registrations listed: columns follow the filter and the search.
        listed = self.search_queryset(
            self.filter_queryset(Registration.objects.filter(event=self.event))
        )
        return _questions(self.event, listed.values_list("answers", flat=True))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            ParticipantColumn("participant_name", label=_("Namn")),
            Column("organisation_name", label=_("Organisation")),
            Column("county.name", label=_("Län")),
            Column("status_text", label=_("Status"), accessor=_status_text),
            Column("seat_kind", label=_("Deltar"), accessor="get_seat_kind_display"),
            Column("attended", label=_("Närvarande"), accessor=_attended_text),
            *(
                Column(f"question_{index}", label=question, accessor=_answer(question))
                for index, question in enumerate(self.questions)
            ),
            CancelColumn("cancel", label=_("Åtgärd")),
        ]

    @cached_property
    def list_export(self) -> list[str]:
        return [*EXPORT_FIELDS, *(f"question_{i}" for i in range(len(self.questions)))]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        headings, _rows = participant_rows([], self.questions)
        return dict(zip(self.list_export, headings, strict=True))

    def to_row_dict(self, item):
        _headings, (row,) = participant_rows([item], self.questions)
        return dict(zip(self.list_export, row, strict=True))

    def decorate_paginated_queryset(self, object_list):
        object_list = list(object_list)
        if any(r.status == Registration.Status.WAITING for r in object_list):
            waiting = Registration.objects.filter(
                event=self.event, status=Registration.Status.WAITING
            ).order_by("pk")
            positions = {pk: n for n, pk in enumerate(waiting.values_list("pk", flat=True), 1)}
            for registration in object_list:
                registration.position = positions.get(registration.pk)
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["event"] = self.event
            context["counts"] = registration_counts(event=self.event)
            context["breakdown"] = registration_breakdown(event=self.event)
        return context


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


class PeriodForm(forms.Form):
    """The report's period; the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("Slutdatumet är före startdatumet."))
        return cleaned


class PeriodFilterSet(WagtailFilterSet):
    """From and to which day the report counts meetings (by their start)."""

    start = django_filters.DateFilter(label=gettext_lazy("Från och med"), widget=AdminDateInput)
    end = django_filters.DateFilter(label=gettext_lazy("Till och med"), widget=AdminDateInput)

    class Meta:
        model = Registration  # counted per meeting's start; the view applies the period
        form = PeriodForm
        fields = ["start", "end"]


class PeriodReportMixin:
    """A report over the days of ``PeriodFilterSet``: this year so far unless chosen.

    ``period`` is the chosen first and last day, or None when the filter is invalid;
    ``period_bounds`` the same as aware datetimes (the end exclusive). An invalid period
    answers 400 with the form's error, never an export of nothing.
    """

    filterset_class = PeriodFilterSet

    @cached_property
    def period(self) -> tuple[date, date] | None:
        if not self.filters.is_valid():
            return None
        today = timezone.localdate()
        cleaned = self.filters.form.cleaned_data
        # Unless chosen: from the first of January to today, as far as the other day allows.
        end = cleaned.get("end") or max(today, cleaned.get("start") or today)
        start = cleaned.get("start") or min(date(today.year, 1, 1), end)
        return start, end

    @property
    def period_bounds(self) -> tuple[datetime, datetime]:
        first, last = self.period
        return (
            datetime.combine(first, time.min, tzinfo=STOCKHOLM),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=STOCKHOLM),
        )

    def filter_queryset(self, queryset):
        return queryset  # the period chose the rows already

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["period"] = self.period
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.period is None:
            self.is_export = False
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


@dataclass(frozen=True)
class ReportRow:
    """One line of the participation report and of its export."""

    group: str
    name: str
    confirmed: int
    attended: int


def _chart(title: str, label_heading: str, rows: list[tuple[str, int, int]]) -> BarChart:
    return BarChart(
        title=title,
        label_heading=label_heading,
        series=[_("Bekräftade"), _("Närvarande")],
        rows=[(name, (confirmed, attended)) for name, confirmed, attended in rows],
        empty_text=_("Inga deltagare under perioden."),
    )


class ParticipationReportView(PeriodReportMixin, SafeExportMixin, ReportView):
    """Confirmed and attended participants per county and organisation type in a period.

    The period is a filter (this year so far unless chosen); each grouping is shown as
    a bar chart with its table (``core.charts``), and the export has one row per group
    and name.
    """

    page_title = gettext_lazy("Deltagande i möten")
    header_icon = "table"
    index_url_name = "events_registrations:report"
    index_results_url_name = "events_registrations:report-results"
    results_template_name = "events/admin/report_results.html"
    template_name = "events/admin/report.html"
    paginate_by = None
    export_filename = "deltagande"
    list_export = ["group", "name", "confirmed", "attended"]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {
            "group": _("Grupp"),
            "name": _("Namn"),
            "confirmed": _("Bekräftade"),
            "attended": _("Närvarande"),
        }

    @cached_property
    def data(self) -> dict[str, list[tuple[str, int, int]]]:
        if self.period is None:
            return {"county": [], "organisation_type": []}
        start, end = self.period_bounds
        return participation_report(start=start, end=end)

    @cached_property
    def no_results_message(self):
        return "" if self.period is None else _("Inga deltagare under perioden.")

    def get_queryset(self):
        county, organisation_type = _("Län"), _("Organisationstyp")
        return [ReportRow(county, *row) for row in self.data["county"]] + [
            ReportRow(organisation_type, *row) for row in self.data["organisation_type"]
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["charts"] = [
            _chart(_("Per län"), _("Län"), self.data["county"]),
            _chart(
                _("Per organisationstyp"), _("Organisationstyp"), self.data["organisation_type"]
            ),
        ]
        return context
