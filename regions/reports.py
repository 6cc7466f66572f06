"""The admin report of the counties' regional service programmes."""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.exports import SafeExportMixin
from core.models import County
from knowledge.models import ArticleKind, ArticlePage

from .followups.selectors import latest_round
from .models import CountyPage, FollowUpAnswer, format_period
from .selectors import county_programme_report

STATUS_LABELS = dict(CountyPage.ProgrammeStatus.choices)
ANSWER_LABELS = dict(FollowUpAnswer.Status.choices)

# How many years of follow-ups the report shows, the current year included.
FOLLOW_UP_YEARS = 3


def _page_edit_url(county: County) -> str | None:
    return reverse("wagtailadmin_pages:edit", args=[county.page_id]) if county.page_id else None


def _period(county: County) -> str:
    return format_period(county.programme_start_year, county.programme_end_year)


def _status(county: County) -> str:
    if county.page_id is None:
        return _("Länssida saknas")
    label = STATUS_LABELS.get(county.programme_status, "")
    return label if county.live else _("%(status)s (ej publicerad)") % {"status": label}


def _follow_up(county: County, year: int) -> str:
    if getattr(county, f"follow_up_live_{year}"):
        return _("Publicerad")
    if getattr(county, f"follow_up_any_{year}"):
        return _("Utkast")
    return _("Saknas")


class CountyProgrammeReportView(SafeExportMixin, ReportView):
    """Per county: the programme's period and status, when it was reviewed and published.

    One row per county, from `selectors.county_programme_report`, and one column
    per recent year telling whether the county's follow-up article (a knowledge
    article of kind follow-up about the county, published that year) exists:
    published, only as a draft, or missing.
    """

    page_title = _("Regionala serviceprogram")
    header_icon = "site"
    index_url_name = "regions_report"
    index_results_url_name = "regions_report_results"
    paginate_by = None
    any_permission_required = ["add", "change", "publish"]

    @cached_property
    def years(self) -> list[int]:
        """The years with a follow-up column, oldest first."""
        this_year = timezone.localdate().year
        return list(range(this_year - FOLLOW_UP_YEARS + 1, this_year + 1))

    @cached_property
    def round(self):
        """The latest follow-up round, whose answers' status the report shows."""
        return latest_round()

    @cached_property
    def round_heading(self) -> str:
        return _("Svar på uppföljning %(year)s") % {"year": self.round.year} if self.round else ""

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Län"), get_url=_page_edit_url),
            Column("programme_period", label=_("Programperiod"), accessor=_period),
            Column("status", label=_("Status"), accessor=_status),
            Column("last_reviewed", label=_("Senast granskad")),
            DateColumn("last_published_at", label=_("Senast publicerad")),
            *(
                Column(
                    f"follow_up_{year}",
                    label=_("Uppföljning %(year)s") % {"year": year},
                )
                for year in self.years
            ),
            *([Column("round_status", label=self.round_heading)] if self.round else []),
        ]

    @cached_property
    def list_export(self) -> list[str]:
        return [
            "name",
            "programme_period",
            "status",
            "last_reviewed",
            "last_published_at",
            *(f"follow_up_{year}" for year in self.years),
            *(["round_status"] if self.round else []),
        ]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {
            "name": _("Län"),
            "programme_period": _("Programperiod"),
            "status": _("Status"),
            "last_reviewed": _("Senast granskad"),
            "last_published_at": _("Senast publicerad"),
            **{
                f"follow_up_{year}": _("Uppföljning %(year)s") % {"year": year}
                for year in self.years
            },
            "round_status": self.round_heading,
        }

    @cached_property
    def permission_policy(self):
        # The report lists counties, but it is about pages: page editors may see it.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        follow_ups = ArticlePage.objects.filter(
            kind=ArticleKind.FOLLOW_UP, counties=OuterRef("pk")
        )
        annotations = {}
        for year in self.years:
            of_year = follow_ups.filter(publication_date__year=year)
            annotations[f"follow_up_live_{year}"] = Exists(of_year.filter(live=True))
            annotations[f"follow_up_any_{year}"] = Exists(of_year)
        if self.round:
            annotations["round_answer_status"] = Subquery(
                FollowUpAnswer.objects.filter(round=self.round, county=OuterRef("pk")).values(
                    "status"
                )[:1]
            )
        return county_programme_report().annotate(**annotations)

    def decorate_paginated_queryset(self, object_list):
        for county in object_list:
            county.programme_period = _period(county)
            county.status = _status(county)
            for year in self.years:
                setattr(county, f"follow_up_{year}", _follow_up(county, year))
            if self.round:
                status = county.round_answer_status
                county.round_status = ANSWER_LABELS[status] if status else _("Saknas")
        return object_list
