"""Admin registrations: the contact person snippet and the programme report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .followups import admin_views as follow_up_admin
from .followups.admin_views import NationalReportView
from .models import ContactPerson, FollowUpRound, ProgrammeReporter
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


class FollowUpRoundViewSet(SnippetViewSet):
    """The years' follow-up rounds; each links to its review."""

    model = FollowUpRound
    icon = "tasks"
    menu_label = _("Uppföljningsomgångar")
    list_display = [
        "year",
        "questionnaire",
        "opens_on",
        "closes_on",
        TitleColumn(
            "review",
            label=_("Granskning"),
            accessor=lambda round_: _("Granska svaren"),
            get_url=lambda round_: reverse("regions_follow_ups:review-list", args=[round_.year]),
        ),
    ]
    search_fields = []


class ProgrammeReporterViewSet(SnippetViewSet):
    """Who answers the follow-up for which county."""

    model = ProgrammeReporter
    icon = "user"
    menu_label = _("Uppgiftslämnare")
    list_display = ["user", "county", "created_at"]
    list_filter = ["county"]


class FollowUpViewSetGroup(SnippetViewSetGroup):
    items = (FollowUpRoundViewSet, ProgrammeReporterViewSet)
    menu_icon = "tasks"
    menu_label = _("Uppföljning")
    menu_name = "follow-ups"


register_snippet(FollowUpViewSetGroup)

follow_up_urlpatterns = [
    path("rapport/", NationalReportView.as_view(), name="report"),
    path(
        "rapport/resultat/", NationalReportView.as_view(results_only=True), name="report-results"
    ),
    path("<int:year>/", follow_up_admin.review_list, name="review-list"),
    path("<int:year>/<slug:county>/", follow_up_admin.review, name="review"),
]


@hooks.register("register_admin_urls")
def register_follow_up_urls():
    return [
        path(
            "uppfoljning/",
            include((follow_up_urlpatterns, "regions_follow_ups"), namespace="regions_follow_ups"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_follow_up_report_menu_item():
    return PageEditorsMenuItem(
        _("Uppföljning av serviceprogram"),
        reverse("regions_follow_ups:report"),
        name="follow-up-report",
        icon_name="table",
        order=1310,
    )
