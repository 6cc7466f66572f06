"""The admin report of the counties' regional service programmes."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.models import County

from .models import CountyPage, format_period
from .selectors import county_programme_report

STATUS_LABELS = dict(CountyPage.ProgrammeStatus.choices)


def _page_edit_url(county: County) -> str | None:
    return reverse("wagtailadmin_pages:edit", args=[county.page_id]) if county.page_id else None


def _period(county: County) -> str:
    return format_period(county.programme_start_year, county.programme_end_year)


def _status(county: County) -> str:
    if county.page_id is None:
        return _("Länssida saknas")
    label = STATUS_LABELS.get(county.programme_status, "")
    return label if county.live else _("%(status)s (ej publicerad)") % {"status": label}


class CountyProgrammeReportView(ReportView):
    """Per county: the programme's period and status, when it was reviewed and published.

    One row per county, from `selectors.county_programme_report`. The yearly
    follow-up columns belong here once the knowledge app provides follow-up
    articles: annotate the queryset in `get_queryset` with one `Exists(...)` per
    year and append one `Column` per year in `columns`.
    """

    page_title = _("Regionala serviceprogram")
    header_icon = "site"
    index_url_name = "regions_report"
    index_results_url_name = "regions_report_results"
    paginate_by = None
    any_permission_required = ["add", "change", "publish"]
    list_export = [
        "name",
        "programme_period",
        "status",
        "last_reviewed",
        "last_published_at",
    ]
    export_headings = {
        "name": _("Län"),
        "programme_period": _("Programperiod"),
        "status": _("Status"),
        "last_reviewed": _("Senast granskad"),
        "last_published_at": _("Senast publicerad"),
    }
    columns = [
        TitleColumn("name", label=_("Län"), get_url=_page_edit_url),
        Column("programme_period", label=_("Programperiod"), accessor=_period),
        Column("status", label=_("Status"), accessor=_status),
        Column("last_reviewed", label=_("Senast granskad")),
        DateColumn("last_published_at", label=_("Senast publicerad")),
    ]

    @cached_property
    def permission_policy(self):
        # The report lists counties, but it is about pages: page editors may see it.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        return county_programme_report()

    def decorate_paginated_queryset(self, object_list):
        for county in object_list:
            county.programme_period = _period(county)
            county.status = _status(county)
        return object_list
