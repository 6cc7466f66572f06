"""Registration tools in the admin: per-meeting views, a header button and the report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

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


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [
        path(
            "motesplatser/",
            include((urlpatterns, "events_registrations"), namespace="events_registrations"),
        )
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


@hooks.register("register_reports_menu_item")
def register_participation_report():
    return MenuItem(
        _("Deltagande i möten"),
        reverse("events_registrations:report"),
        icon_name="table",
        order=700,
    )
