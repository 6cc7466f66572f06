"""The follow-up in the admin: the review per round and county, and the national report."""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

import django_filters

from core.exports import SafeExportMixin
from core.models import County

from . import selectors, services
from .forms import ReturnForm
from .models import FollowUpAnswer, FollowUpRound
from .report import national_report


def is_page_editor(user) -> bool:
    """Those who may see the programme reports (they add, change or publish pages)."""
    return policy_registry.get_by_type(Page).user_has_any_permission(
        user, ["add", "change", "publish"]
    )


def _editor(request) -> None:
    if not is_page_editor(request.user):
        raise PermissionDenied


def review_list(request, year: int):
    """Every county and the status of its answers to the round."""
    _editor(request)
    round_ = get_object_or_404(FollowUpRound, year=year)
    statuses = selectors.statuses(round_)
    labels = dict(FollowUpAnswer.Status.choices)
    rows = [
        (county, labels.get(statuses.get(county.pk), _("Saknas")), county.pk in statuses)
        for county in County.objects.all()
    ]
    return render(
        request, "regions/followups/admin/review_list.html", {"round": round_, "rows": rows}
    )


def review(request, year: int, county: str):
    """A county's answers; a submitted answer is approved or returned with a comment."""
    _editor(request)
    answer = get_object_or_404(
        FollowUpAnswer.objects.select_related("round__questionnaire", "county", "submitted_by"),
        round__year=year,
        county__slug=county,
    )
    form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve(answer, actor=request.user)
                messages.success(
                    request, _("Svaren från %(county)s är godkända.") % {"county": answer.county}
                )
                return redirect("regions_follow_ups:review-list", year=year)
            if action == "return":
                if form.is_valid():
                    services.send_back(
                        answer, actor=request.user, comment=form.cleaned_data["comment"]
                    )
                    messages.success(
                        request,
                        _("Svaren är skickade tillbaka till %(county)s.")
                        % {"county": answer.county},
                    )
                    return redirect("regions_follow_ups:review-list", year=year)
                status = 400
            else:
                status = 400
        except services.FollowUpRefused as refused:
            messages.error(request, str(refused))
            status = refused.status
            answer.refresh_from_db()
    rows = selectors.answer_rows(
        answer.round.questionnaire.question_list, answer.answers, answer.priority_list
    )
    return render(
        request,
        "regions/followups/admin/review.html",
        {
            "answer": answer,
            "rows": rows,
            "form": form,
            "submitted": answer.status == FollowUpAnswer.Status.SUBMITTED,
        },
        status=status,
    )


class RoundFilterSet(WagtailFilterSet):
    """Which year's round the report shows (the latest unless chosen)."""

    round = django_filters.ModelChoiceFilter(
        label=gettext_lazy("År"),
        queryset=FollowUpRound.objects.all(),
        to_field_name="year",
        empty_label=None,
    )

    class Meta:
        model = FollowUpAnswer
        fields = ["round"]


class NationalReportView(SafeExportMixin, ReportView):
    """Every county's approved figures of a round beside the previous round's, and statuses."""

    page_title = gettext_lazy("Uppföljning av serviceprogram")
    header_icon = "table"
    index_url_name = "regions_follow_ups:report"
    index_results_url_name = "regions_follow_ups:report-results"
    results_template_name = "regions/followups/admin/report_results.html"
    template_name = "events/admin/report.html"
    filterset_class = RoundFilterSet
    paginate_by = None
    export_filename = "uppfoljning"
    any_permission_required = ["add", "change", "publish"]

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    @cached_property
    def round(self) -> FollowUpRound | None:
        chosen = self.filters.form.cleaned_data.get("round") if self.filters.is_valid() else None
        return chosen or selectors.latest_round()

    @cached_property
    def report(self):
        return national_report(self.round) if self.round else None

    @cached_property
    def list_export(self) -> list[str]:
        return list(self.export_headings)

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return self.report.headings if self.report else {"county": _("Län")}

    def get_filename(self):
        return f"uppfoljning-{self.round.year}" if self.round else self.export_filename

    def get_queryset(self):
        return self.report.rows if self.report else []

    def filter_queryset(self, queryset):
        return queryset  # the chosen round made the rows

    def to_row_dict(self, item):
        return OrderedDict((key, item.get(key)) for key in self.list_export)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        if self.report:
            headings = self.report.headings
            context["table_headings"] = list(headings.values())
            context["table_rows"] = [
                [row.get(key) for key in headings] for row in self.report.rows
            ]
        return context
