"""Editors' evaluation views in the Wagtail admin: results per occurrence, exports, report.

The results of an occurrence and their export show answers without names; the
named answers (questions marked "Svaret visas med namn") have a view and an export of
their own. Until ``MIN_RESPONSES_SHOWN`` have answered only the counts are shown.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.charts import BarChart
from core.exports import SafeExportMixin
from core.surveys.questions import cells
from events.models import EventPage
from events.registration.admin_views import PeriodReportMixin

from .models import EvaluationInvitation, EvaluationResponse
from .selectors import (
    comparison,
    evaluated_occurrences,
    occurrence_results,
    participant_name,
)

OCCURRENCE_PARAMETER = "tillfalle"


def _event_for_editor(request, event_id: int) -> EventPage:
    event = get_object_or_404(EventPage, pk=event_id)
    if not event.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return event


def occurrence_key(start: datetime) -> str:
    """An occurrence in a query string: its start as whole seconds since 1970."""
    return str(int(start.timestamp()))


def _local(start: datetime) -> str:
    return date_format(timezone.localtime(start), "j F Y H.i")


class EventEvaluationMixin:
    """The meeting (its editors only) and the occurrence chosen in the query string."""

    header_icon = "list-ul"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event_id = kwargs["event_id"]

    def dispatch(self, request, *args, **kwargs):
        self.event = _event_for_editor(request, self.event_id)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def occurrences(self) -> list[datetime]:
        return evaluated_occurrences(self.event)

    @cached_property
    def occurrence(self) -> datetime | None:
        """The chosen occurrence, else the latest evaluated one."""
        chosen = self.request.GET.get(OCCURRENCE_PARAMETER, "")
        for start in self.occurrences:
            if occurrence_key(start) == chosen:
                return start
        return self.occurrences[0] if self.occurrences else None

    def get_page_subtitle(self):
        return self.event.title

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.event.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.event.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def filter_queryset(self, queryset):
        return queryset

    def occurrence_links(self, url_name: str) -> list[tuple[str, str, bool]]:
        base = reverse(url_name, args=[self.event.pk])
        return [
            (
                _local(start),
                f"{base}?{OCCURRENCE_PARAMETER}={occurrence_key(start)}",
                start == self.occurrence,
            )
            for start in self.occurrences
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["occurrence"] = self.occurrence
        context["occurrence_links"] = self.occurrence_links(self.index_url_name)
        return context


class EvaluationResultsView(EventEvaluationMixin, SafeExportMixin, ReportView):
    """An occurrence's response rate, a chart per question, texts, and the responses.

    The listing and its export have one row per response and a column per question,
    without names; named answers are in ``NamedAnswersView``.
    """

    page_title = gettext_lazy("Utvärdering")
    template_name = "events/admin/evaluation_results.html"
    results_template_name = "events/admin/evaluation_responses.html"
    index_url_name = "events_evaluations:results"
    index_results_url_name = "events_evaluations:results-results"
    paginate_by = 100

    def get_filename(self):
        return f"utvardering-{self.event.slug}"

    @cached_property
    def summary(self):
        if self.occurrence is None:
            return None
        return occurrence_results(self.event, self.occurrence)

    @cached_property
    def questions(self):
        return self.summary.questions if self.summary else []

    @cached_property
    def no_results_message(self):
        if self.summary and not self.summary.shown:
            # MIN_RESPONSES_SHOWN
            return _("Resultat visas när minst tre har svarat.")
        return _("Inga svar än.")

    def get_queryset(self):
        if self.summary is None or not self.summary.shown:
            return EvaluationResponse.objects.none()
        return EvaluationResponse.objects.filter(
            event=self.event, occurrence_start=self.occurrence
        ).order_by("submitted_on", "pk")

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                _("Svar med namn"),
                url=reverse("events_evaluations:named", args=[self.event.pk])
                + (
                    f"?{OCCURRENCE_PARAMETER}={occurrence_key(self.occurrence)}"
                    if self.occurrence
                    else ""
                ),
                icon_name="user",
                priority=10,
            ),
            *super().header_more_buttons,
        ]

    @cached_property
    def columns(self):
        from wagtail.admin.ui.tables import Column

        return [
            Column("submitted_on", label=_("Besvarad")),
            *(
                Column(f"question_{index}", label=question.label, accessor=self._answer(index))
                for index, question in enumerate(self.questions)
                if not question.named
            ),
        ]

    def _answer(self, index: int):
        question = self.questions[index]

        def accessor(response):
            ((_heading, value),) = cells([question], response.answers or {})
            return value

        return accessor

    @cached_property
    def list_export(self) -> list[str]:
        return [
            "occurrence",
            "submitted_on",
            *(f"question_{i}" for i, q in enumerate(self.questions) if not q.named),
        ]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        headings = {"occurrence": _("Tillfälle"), "submitted_on": _("Besvarad")}
        for index, question in enumerate(self.questions):
            if not question.named:
                headings[f"question_{index}"] = question.label
        return headings

    def to_row_dict(self, item):
        row = {"occurrence": _local(item.occurrence_start), "submitted_on": item.submitted_on}
        anonymous = [q for q in self.questions if not q.named]
        values = [value for _heading, value in cells(anonymous, item.answers or {})]
        keys = [f"question_{i}" for i, q in enumerate(self.questions) if not q.named]
        row.update(zip(keys, values, strict=True))
        return row

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.summary
        return context


@dataclass(frozen=True)
class NamedRow:
    name: str
    email: str
    organisation: str
    occurrence: str
    answers: list[tuple[str, str]]


class NamedAnswersView(EventEvaluationMixin, SafeExportMixin, ReportView):
    """Who answered and their answers to the named questions: the identified export."""

    page_title = gettext_lazy("Svar med namn")
    header_icon = "user"
    index_url_name = "events_evaluations:named"
    index_results_url_name = "events_evaluations:named-results"
    paginate_by = None

    def get_filename(self):
        return f"utvardering-namn-{self.event.slug}"

    @cached_property
    def named_questions(self):
        if self.occurrence is None:
            return []
        return [q for q in occurrence_results(self.event, self.occurrence).questions if q.named]

    @cached_property
    def no_results_message(self):
        if not self.named_questions:
            return _("Utvärderingen har inga frågor vars svar visas med namn.")
        return _("Inga svar än.")

    def get_queryset(self):
        if not self.named_questions:
            return []
        invitations = (
            EvaluationInvitation.objects.filter(
                event=self.event, occurrence_start=self.occurrence, answered=True
            )
            .select_related("user", "registration")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        return [
            NamedRow(
                name=participant_name(invitation),
                email=invitation.user.email if invitation.user else "",
                organisation=invitation.registration.organisation_name
                if invitation.registration
                else "",
                occurrence=_local(invitation.occurrence_start),
                answers=cells(self.named_questions, invitation.named_answers or {}),
            )
            for invitation in invitations
        ]

    @cached_property
    def columns(self):
        from wagtail.admin.ui.tables import Column

        return [
            Column("name", label=_("Namn")),
            Column("email", label=_("E-post")),
            Column("organisation", label=_("Organisation")),
            *(
                Column(f"question_{i}", label=q.label, accessor=self._answer(i))
                for i, q in enumerate(self.named_questions)
            ),
        ]

    def _answer(self, index: int):
        return lambda row: row.answers[index][1]

    @cached_property
    def list_export(self) -> list[str]:
        return [
            "name",
            "email",
            "organisation",
            "occurrence",
            *(f"question_{i}" for i in range(len(self.named_questions))),
        ]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {
            "name": _("Namn"),
            "email": _("E-post"),
            "organisation": _("Organisation"),
            "occurrence": _("Tillfälle"),
            **{f"question_{i}": q.label for i, q in enumerate(self.named_questions)},
        }

    def to_row_dict(self, item):
        return {
            "name": item.name,
            "email": item.email,
            "organisation": item.organisation,
            "occurrence": item.occurrence,
            **{f"question_{i}": value for i, (_h, value) in enumerate(item.answers)},
        }


class ComparisonReportView(PeriodReportMixin, SafeExportMixin, ReportView):
    """Evaluated occurrences in a period: response rate and mean ratings, with a chart.

    Lists the meetings the editor may edit; the period is this year so far unless
    chosen. Means are left out where fewer than ``MIN_RESPONSES_SHOWN`` answered.
    """

    page_title = gettext_lazy("Utvärderingar")
    header_icon = "list-ul"
    index_url_name = "events_evaluations:report"
    index_results_url_name = "events_evaluations:report-results"
    results_template_name = "events/admin/evaluation_report_results.html"
    template_name = "events/admin/report.html"
    paginate_by = None
    export_filename = "utvarderingar"

    @cached_property
    def data(self):
        if self.period is None:
            return [], []
        start, end = self.period_bounds
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            self.request.user, "change"
        )
        return comparison(
            start=start,
            end=end,
            event_ids=editable.type(EventPage).values("pk"),
        )

    @cached_property
    def labels(self) -> list[str]:
        return self.data[0]

    @cached_property
    def no_results_message(self):
        return "" if self.period is None else _("Inga utvärderade möten under perioden.")

    def get_queryset(self):
        return self.data[1]

    @cached_property
    def columns(self):
        from wagtail.admin.ui.tables import Column

        return [
            Column("title", label=_("Möte")),
            Column("when", label=_("Tillfälle"), accessor=lambda r: _local(r.occurrence_start)),
            Column("invited", label=_("Inbjudna")),
            Column("answered", label=_("Svar")),
            Column("rate", label=_("Svarsfrekvens (%)"), accessor=lambda r: _dash(r.rate)),
            *(
                Column(f"mean_{i}", label=label, accessor=self._mean(label))
                for i, label in enumerate(self.labels)
            ),
        ]

    def _mean(self, label: str):
        return lambda row: _dash(row.means.get(label))

    @cached_property
    def list_export(self) -> list[str]:
        return [
            "title",
            "when",
            "invited",
            "answered",
            "rate",
            *(f"mean_{i}" for i in range(len(self.labels))),
        ]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {
            "title": _("Möte"),
            "when": _("Tillfälle"),
            "invited": _("Inbjudna"),
            "answered": _("Svar"),
            "rate": _("Svarsfrekvens (%)"),
            **{
                f"mean_{i}": _("Medelbetyg: %(question)s") % {"question": label}
                for i, label in enumerate(self.labels)
            },
        }

    def to_row_dict(self, item):
        return {
            "title": item.title,
            "when": _local(item.occurrence_start),
            "invited": item.invited,
            "answered": item.answered,
            "rate": "" if item.rate is None else item.rate,
            **{
                f"mean_{i}": "" if item.means.get(label) is None else item.means[label]
                for i, label in enumerate(self.labels)
            },
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rated = [row for row in self.data[1] if row.overall is not None]
        context["charts"] = [
            BarChart(
                title=_("Medelbetyg per möte"),
                label_heading=_("Möte"),
                series=[_("Medelbetyg (1–5)")],
                rows=[
                    (f"{row.title} {_local(row.occurrence_start)}", (row.overall,))
                    for row in rated
                ],
                empty_text=_("Inga betyg under perioden."),
            )
        ]
        return context


def _dash(value) -> str:
    if value is None:
        return "–"
    return number_format(value, 1) if isinstance(value, float) else str(value)
