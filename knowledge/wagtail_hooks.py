"""Admin additions of the library: articles due for review, and articles from meetings."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.admin.widgets import Button
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.exports import SafeExportMixin
from events.models import EventPage
from members.mfa import second_factor_redirect

from .models import ArticlePage, LibraryIndexPage
from .permissions import DocumentAccess, document_access
from .services import experience_draft_from_meeting


def _due_for(user):
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ArticlePage.objects.filter(pk__in=editable.values("pk")).review_due()


class ReviewDueReportView(SafeExportMixin, PageReportView):
    """Articles not reviewed for ``KNOWLEDGE_REVIEW_AFTER_DAYS`` days, oldest first."""

    page_title = _("Artiklar att granska")
    header_icon = "time"
    results_template_name = "knowledge/admin/review_due_results.html"
    index_url_name = "knowledge_review_due"
    index_results_url_name = "knowledge_review_due_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "last_reviewed", "publication_date", "content_owner"]
    export_headings = {
        # Context keeps it apart from the members' "Titel" (a person's job title).
        "title": pgettext_lazy("article", "Titel"),
        "last_reviewed": _("Senast granskad"),
        "publication_date": _("Publiceringsdatum"),
        "content_owner": _("Innehållsansvarig"),
    }

    def get_queryset(self):
        self.queryset = (
            _due_for(self.request.user)
            .select_related("content_owner")
            .order_by("last_reviewed", "publication_date")
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_after_days"] = settings.KNOWLEDGE_REVIEW_AFTER_DAYS
        return context


class ReviewDuePanel(Component):
    """A dashboard reminder of how many articles are due for review."""

    name = "knowledge_review_due"
    order = 150
    template_name = "knowledge/admin/review_due_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "report_url": reverse("knowledge_review_due")}


@hooks.register("register_admin_urls")
def register_review_due_urls():
    return [
        path(
            "reports/granska-artiklar/", ReviewDueReportView.as_view(), name="knowledge_review_due"
        ),
        path(
            "reports/granska-artiklar/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="knowledge_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    """Shown to those who may edit pages."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ReviewDueMenuItem(
        _("Artiklar att granska"),
        reverse("knowledge_review_due"),
        name="knowledge-review-due",
        icon_name="time",
        order=1150,
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    count = _due_for(request.user).count()
    if count:
        panels.append(ReviewDuePanel(count))


def experience_from_meeting(request: HttpRequest, event_id: int) -> HttpResponse:
    """Confirm, then create a draft experience article from a meeting and open it."""
    event = get_object_or_404(EventPage, pk=event_id)
    library = LibraryIndexPage.objects.filter(locale=event.locale_id).first()
    if library is None:
        raise Http404("No library in the meeting's language")
    if not library.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if request.method == "POST":
        article = experience_draft_from_meeting(event=event, library=library, user=request.user)
        messages.success(request, _("Ett utkast till erfarenhetsartikel har skapats."))
        return redirect("wagtailadmin_pages:edit", article.pk)
    return TemplateResponse(
        request, "knowledge/admin/experience_from_meeting.html", {"event": event}
    )


@hooks.register("register_admin_urls")
def register_experience_from_meeting_url():
    return [
        path(
            "kunskapsbank/fran-mote/<int:event_id>/",
            experience_from_meeting,
            name="knowledge_experience_from_meeting",
        )
    ]


@hooks.register("register_page_header_buttons")
def experience_from_meeting_button(page, user, view_name, next_url=None):
    if page.specific_class is EventPage:
        yield Button(
            _("Skriv erfarenhetsartikel från mötet"),
            reverse("knowledge_experience_from_meeting", args=[page.pk]),
            icon_name="doc-full",
            priority=40,
        )


@hooks.register("before_serve_document")
def hold_back_unpublished_member_uploads(document, request):
    """A 404 for a member's attachment the visitor may not fetch yet (see document_access).

    Runs before Wagtail serves the file or redirects to object storage, so the
    signed S3 URL is never handed out. A 404, not a 403, does not confirm that
    an unpublished article exists. Reviewers reading it use an editor's power,
    which needs the second factor.
    """
    access = document_access(request.user, document)
    if access is DocumentAccess.NONE:
        raise Http404("Unpublished attachment")
    if access is DocumentAccess.REVIEWER:
        return second_factor_redirect(request)
    return None
