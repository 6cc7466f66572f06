"""Admin registrations: the contact person snippet and the programme report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContactPerson
from .reports import CountyProgrammeReportView


class ContactPersonViewSet(SnippetViewSet):
    """Regional contact persons, filtered by county and responsibility."""

    model = ContactPerson
    icon = "user"
    menu_label = _("Kontaktpersoner")
    list_display = ["name", "role", "organisation_display", "county", "email"]
    list_filter = ["county", "responsibilities"]
    search_fields = ["name", "role", "organisation_name", "email"]
    search_backend_name = None
    add_to_admin_menu = True


register_snippet(ContactPersonViewSet)


class PageEditorsMenuItem(MenuItem):
    """Shown to users who may add, change or publish pages."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_county_programme_report_menu_item():
    return PageEditorsMenuItem(
        _("Regionala serviceprogram"),
        reverse("regions_report"),
        name="regional-service-programmes",
        icon_name="site",
        order=1300,
    )


@hooks.register("register_admin_urls")
def register_county_programme_report_urls():
    return [
        path(
            "reports/regionala-serviceprogram/",
            CountyProgrammeReportView.as_view(),
            name="regions_report",
        ),
        path(
            "reports/regionala-serviceprogram/results/",
            CountyProgrammeReportView.as_view(results_only=True),
            name="regions_report_results",
        ),
    ]
