"""The admin report of e-mail that did not go through, and sending a failed message again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from core.exports import SafeExportMixin

from . import services
from .delivery import INTERRUPTED
from .models import Message

# Who may send a failed message again (the Editors group has it, migration 0002).
RESEND_PERMISSION = "outbox.change_message"
# Long SMTP answers are cut in the listing; the export has them whole.
ERROR_SHOWN = 200


def _kinds() -> list[tuple[str, str]]:
    kinds = Message.objects.order_by("kind").values_list("kind", flat=True).distinct()
    return [(kind, kind) for kind in kinds]


class UndeliveredFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (Message.Status.FAILED, Message.Status.FAILED.label),
            (Message.Status.PENDING, Message.Status.PENDING.label),
            (Message.Status.SENDING, Message.Status.SENDING.label),
        ],
        empty_label=_("Alla"),
    )
    kind = django_filters.ChoiceFilter(label=_("Sort"), choices=_kinds, empty_label=_("Alla"))

    class Meta:
        model = Message
        fields = ["status", "kind"]


class StatusColumn(Column):
    """The status and, for a failed message, a "Skicka igen" button (a POST form)."""

    cell_template_name = "outbox/admin/status_cell.html"

    def __init__(self, *args, can_resend: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_resend = can_resend

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["can_resend"] = self.can_resend and instance.status == Message.Status.FAILED
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def error_text(message: Message) -> str:
    """The last error in the reader's language where it is the site's own words."""
    return gettext(INTERRUPTED) if message.last_error == INTERRUPTED else message.last_error


class UndeliveredMailReportView(SafeExportMixin, ReportView):
    """Messages that failed, are being retried or were left waiting, newest first.

    Shows whom, what and why, never the text: a message may carry a password-reset
    link. Editors with ``outbox.change_message`` may send a failed one again.
    """

    page_title = _("E-post som inte gick fram")
    header_icon = "mail"
    index_url_name = "outbox_undelivered"
    index_results_url_name = "outbox_undelivered_results"
    filterset_class = UndeliveredFilterSet
    permission_policy = ModelPermissionPolicy(Message)
    any_permission_required = ["view"]
    export_filename = "e-post-som-inte-gick-fram"
    list_export = [
        "created_at",
        "recipients",
        "kind",
        "subject",
        "status_label",
        "attempts",
        "error",
        "last_attempt_at",
    ]

    @cached_property
    def export_headings(self) -> dict[str, str]:
        return {
            "created_at": _("Skapat"),
            "recipients": _("Mottagare"),
            "kind": _("Sort"),
            "subject": _("Ämnesrad"),
            "status_label": _("Status"),
            "attempts": _("Försök"),
            "error": _("Senaste fel"),
            "last_attempt_at": _("Senaste försök"),
        }

    @cached_property
    def columns(self) -> list[Column]:
        # When it was written is in the export; the listing keeps to what an editor acts on.
        return [
            Column("recipients", label=_("Mottagare")),
            Column("subject", label=_("Ämnesrad")),
            Column("kind", label=_("Sort")),
            StatusColumn(
                "status_label",
                label=_("Status"),
                can_resend=self.request.user.has_perm(RESEND_PERMISSION),
            ),
            Column("attempts", label=_("Försök")),
            Column("error_shown", label=_("Senaste fel")),
            DateColumn("last_attempt_at", label=_("Senaste försök")),
        ]

    def get_queryset(self):
        return Message.objects.undelivered(timezone.now()).defer(
            "body_text", "body_html", "attachments"
        )

    def decorate_paginated_queryset(self, object_list):
        for message in object_list:
            message.status_label = message.get_status_display()
            message.error = error_text(message)
            message.error_shown = (
                message.error
                if len(message.error) <= ERROR_SHOWN
                else message.error[:ERROR_SHOWN] + "…"
            )
        return object_list


@require_POST
def resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed message again from its first attempt."""
    if not request.user.has_perm(RESEND_PERMISSION):
        raise PermissionDenied
    message = get_object_or_404(Message, pk=pk)
    if services.resend(message=message):
        messages.success(
            request,
            _("E-posten till %(recipients)s skickas igen.") % {"recipients": message.recipients},
        )
    else:
        messages.warning(
            request, _("E-posten hade redan skickats eller väntar på ett nytt försök.")
        )
    return redirect("outbox_undelivered")
