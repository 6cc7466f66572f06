"""Editors manage organisations, memberships and organisation requests in the admin."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.exports import SafeExportIndexView

from .discussion import admin_views as discussion_admin
from .follows.reports import FollowReportView
from .models import Consent, DiscussionSettings, Membership, Organisation, OrganisationRequest


class MembershipIndexView(SafeExportIndexView):
    """Membership listing and export without a query per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organisation__county")


class OrganisationViewSet(ModelViewSet):
    """Organisations with their county, type and e-mail domains."""

    name = "members_organisations"
    url_prefix = "members/organisations"
    model = Organisation
    icon = "group"
    menu_label = _("Organisationer")
    index_view_class = SafeExportIndexView
    list_display = ["name", "type", "county", "organisation_number", "email_domains"]
    list_filter = ["county", "type"]
    search_fields = ["name", "organisation_number", "email_domains"]
    search_backend_name = None
    list_export = ["name", "type", "county", "organisation_number", "website", "email_domains"]
    export_filename = "organisationer"
    form_fields = ["name", "type", "county", "organisation_number", "website", "email_domains"]
    copy_view_enabled = False


class MembershipViewSet(ModelViewSet):
    """Who belongs to which organisation, with status and role."""

    name = "members_memberships"
    url_prefix = "members/memberships"
    model = Membership
    icon = "user"
    menu_label = _("Medlemskap")
    index_view_class = MembershipIndexView
    list_display = ["user", "organisation", "status", "role", "created_at"]
    list_filter = ["status", "role", "organisation__county", "organisation__type"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    search_backend_name = None
    list_export = [
        "user.first_name",
        "user.last_name",
        "user.email",
        "user.job_title",
        "user.phone",
        "organisation.name",
        "organisation.county",
        "status",
        "role",
        "created_at",
        "decided_at",
    ]
    export_headings = {
        "user.first_name": _("Förnamn"),
        "user.last_name": _("Efternamn"),
        "user.email": _("E-post"),
        "user.job_title": _("Titel"),
        "user.phone": _("Telefon"),
        "organisation.name": _("Organisation"),
        "organisation.county": _("Län"),
    }
    export_filename = "medlemmar"
    form_fields = ["user", "organisation", "status", "role"]
    copy_view_enabled = False


class OrganisationRequestViewSet(ModelViewSet):
    """Members' requests for organisations missing from the register."""

    name = "members_organisation_requests"
    url_prefix = "members/organisation-requests"
    model = OrganisationRequest
    icon = "help"
    menu_label = _("Nya organisationer")
    list_display = ["name", "user", "county", "created_at", "handled"]
    list_filter = ["handled", "county"]
    search_fields = ["name", "user__email"]
    search_backend_name = None
    form_fields = ["name", "county", "website", "handled"]
    copy_view_enabled = False


class ConsentViewSet(ModelViewSet):
    """Recorded consents, read-only evidence: listed and inspected, never added, edited or deleted.

    ``ReadOnlyPermissionPolicy`` (members/apps.py) refuses every write, to superusers
    too; only the listing and the inspect view are routed, so the addresses of the
    others are 404s rather than Wagtail's redirect to the dashboard.
    """

    name = "members_consents"
    url_prefix = "members/consents"
    model = Consent
    icon = "doc-full"
    menu_label = _("Samtycken")
    list_display = ["user", "kind", "version", "given_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # No view links to (or reverses) the views that are not routed. History and
        # usage are Wagtail's views for those who may write, which no one may here.
        unrouted = ("add", "edit", "delete", "history", "usage")
        return super().get_common_view_kwargs(
            **{f"{name}_url_name": None for name in unrouted}, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
        ]

    @cached_property
    def url_finder_class(self):
        """A consent's admin address is its inspect view; there is no edit view."""
        return type(
            "ConsentAdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_permissions_to_register(self):
        """Only "view" is offered in the group settings: the writes are no one's."""
        return super().get_permissions_to_register().filter(codename="view_consent")


class DiscussionSettingsViewSet(ModelViewSet):
    """Pages whose comments wait for an editor's approval before they show."""

    name = "members_discussion_settings"
    url_prefix = "members/discussion-settings"
    model = DiscussionSettings
    icon = "comment"
    menu_label = _("Granskade diskussioner")
    list_display = ["page", "hold_for_approval"]
    panels = [FieldPanel("page"), FieldPanel("hold_for_approval")]
    copy_view_enabled = False


class CommentQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return discussion_admin.may_moderate(request.user)


class MembersViewSetGroup(ViewSetGroup):
    """The Medlemmar menu."""

    menu_label = _("Medlemmar")
    menu_icon = "group"
    menu_order = 250
    items = (
        OrganisationViewSet,
        MembershipViewSet,
        OrganisationRequestViewSet,
        ConsentViewSet,
        DiscussionSettingsViewSet,
    )


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersViewSetGroup()


class PageEditorsMenuItem(MenuItem):
    """Shown to users who may add, change or publish pages (the report's permission)."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_follow_report_menu_item():
    return PageEditorsMenuItem(
        _("Bevakningar"),
        reverse("members_follow_report"),
        name="members-follows",
        icon_name="view",
        order=1250,
    )


@hooks.register("register_admin_urls")
def register_follow_report_urls():
    return [
        path("reports/bevakningar/", FollowReportView.as_view(), name="members_follow_report"),
        path(
            "reports/bevakningar/results/",
            FollowReportView.as_view(results_only=True),
            name="members_follow_report_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_comment_queue_menu_item():
    return CommentQueueMenuItem(
        _("Kommentarer att granska"),
        reverse("members_discussion:queue"),
        name="members-comments",
        icon_name="comment",
        order=260,
    )


@hooks.register("register_admin_urls")
def register_comment_queue_urls():
    urls = [
        path("", discussion_admin.queue, name="queue"),
        path("<int:pk>/<slug:action>/", discussion_admin.moderate, name="moderate"),
    ]
    return [path("kommentarer/", include((urls, "members_discussion")))]
