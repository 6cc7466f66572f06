"""Registration and evaluation tools in the admin: per-meeting views, header buttons, reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from .evaluations import admin_views as evaluation_views
from .models import EventPage
from .registration import admin_views as views

urlpatterns = [
    path("<int:event_id>/", views.RegistrationsView.as_view(), name="index"),
    path(
        "<int:event_id>/resultat/",
        views.RegistrationsView.as_view(results_only=True),
        name="index-results",
    ),
    path("<int:event_id>/utskrift/<slug:layout>/", views.registrations_print, name="print"),
    path("<int:event_id>/avanmal/<int:pk>/", views.registration_cancel_view, name="cancel"),
    path("<int:event_id>/meddelande/", views.registrations_message_view, name="message"),
    path("<int:event_id>/incheckning/", views.checkin, name="checkin"),
    path("<int:event_id>/incheckning/<int:pk>/", views.checkin_mark, name="checkin-mark"),
    path("incheckning/<str:code>/", views.checkin_code_view, name="checkin-code"),
    path("rapport/", views.ParticipationReportView.as_view(), name="report"),
    path(
        "rapport/resultat/",
        views.ParticipationReportView.as_view(results_only=True),
        name="report-results",
    ),
]


evaluation_urlpatterns = [
    path("<int:event_id>/", evaluation_views.EvaluationResultsView.as_view(), name="results"),
    path(
        "<int:event_id>/resultat/",
        evaluation_views.EvaluationResultsView.as_view(results_only=True),
        name="results-results",
    ),
    path("<int:event_id>/namn/", evaluation_views.NamedAnswersView.as_view(), name="named"),
    path(
        "<int:event_id>/namn/resultat/",
        evaluation_views.NamedAnswersView.as_view(results_only=True),
        name="named-results",
    ),
    path("rapport/", evaluation_views.ComparisonReportView.as_view(), name="report"),
    path(
        "rapport/resultat/",
        evaluation_views.ComparisonReportView.as_view(results_only=True),
        name="report-results",
    ),
]


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [
        path(
            "motesplatser/",
            include((urlpatterns, "events_registrations"), namespace="events_registrations"),
        ),
        path(
            "utvarderingar/",
            include(
                (evaluation_urlpatterns, "events_evaluations"), namespace="events_evaluations"
            ),
        ),
    ]


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    if (
        isinstance(page.specific_deferred, EventPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("Anmälningar"),
            url=reverse("events_registrations:index", args=[page.pk]),
            icon_name="group",
            priority=40,
        )
        if page.specific_deferred.evaluation_id:
            yield Button(
                _("Utvärdering"),
                url=reverse("events_evaluations:results", args=[page.pk]),
                icon_name="list-ul",
                priority=41,
            )


@hooks.register("register_reports_menu_item")
def register_participation_report():
    return MenuItem(
        _("Deltagande i möten"),
        reverse("events_registrations:report"),
        icon_name="table",
        order=700,
    )


@hooks.register("register_reports_menu_item")
def register_evaluation_report():
    return MenuItem(
        _("Utvärderingar"),
        reverse("events_evaluations:report"),
        icon_name="list-ul",
        order=710,
    )
