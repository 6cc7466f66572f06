"""Editors manage organisations, memberships and organisation requests in the admin."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.exports import SafeExportIndexView

from .models import Consent, Membership, Organisation, OrganisationRequest


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
    """Recorded consents, read-only evidence."""

    name = "members_consents"
    url_prefix = "members/consents"
    model = Consent
    icon = "doc-full"
    menu_label = _("Samtycken")
    list_display = ["user", "kind", "version", "given_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    search_backend_name = None
    form_fields = ["user", "kind", "version"]
    copy_view_enabled = False


class MembersViewSetGroup(ViewSetGroup):
    """The Medlemmar menu."""

    menu_label = _("Medlemmar")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, MembershipViewSet, OrganisationRequestViewSet, ConsentViewSet)


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersViewSetGroup()
