"""The admin report Reports → "Bevakningar": how many members follow what."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.exports import SafeExportMixin

from .selectors import follower_counts


class FollowReportView(SafeExportMixin, ReportView):
    """Per topic (members' interests), county and article kind: how many active members follow it.

    Counts only, never who: the rows come from aggregate queries
    (``selectors.follower_counts``), their number does not grow with the members.
    """

    page_title = _("Bevakningar")
    header_icon = "view"
    index_url_name = "members_follow_report"
    index_results_url_name = "members_follow_report_results"
    paginate_by = None
    any_permission_required = ["add", "change", "publish"]
    export_filename = "bevakningar"
    list_export = ["group", "name", "members"]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {"group": _("Sort"), "name": _("Namn"), "members": _("Medlemmar som bevakar")}

    @cached_property
    def columns(self) -> list[Column]:
        return [
            Column("group", label=_("Sort")),
            Column("name", label=_("Namn")),
            Column("members", label=_("Medlemmar som bevakar")),
        ]

    @cached_property
    def permission_policy(self):
        # Editors of pages plan the content members follow: they may see the report.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        return follower_counts()
