"""The outbox in the admin: Reports → "E-post som inte gick fram"."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import UndeliveredMailReportView, resend_view


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [
        path("reports/e-post/", UndeliveredMailReportView.as_view(), name="outbox_undelivered"),
        path(
            "reports/e-post/results/",
            UndeliveredMailReportView.as_view(results_only=True),
            name="outbox_undelivered_results",
        ),
        path("reports/e-post/<int:pk>/skicka-igen/", resend_view, name="outbox_resend"),
    ]


class UndeliveredMailMenuItem(MenuItem):
    """Shown to those who may see the outbox (editors)."""

    def is_shown(self, request):
        return request.user.has_perm("outbox.view_message")


@hooks.register("register_reports_menu_item")
def register_undelivered_mail_menu_item():
    return UndeliveredMailMenuItem(
        _("E-post som inte gick fram"),
        reverse("outbox_undelivered"),
        name="outbox-undelivered",
        icon_name="mail",
        order=1200,
    )
