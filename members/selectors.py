"""Read-only queries about members, for this app and the apps above it."""

from django.contrib.auth.models import Permission
from django.db.models import OuterRef, Q, QuerySet, Subquery

from wagtail.models import Page

from allauth.account.models import EmailAddress

from core.generations import Generation
from core.models import SiteFooter

from .models import Membership, Organisation, User

# Bumped whenever any membership or organisation changes (members/signals.py):
# retires every cached open membership at once, on every app server.
MEMBERSHIPS = Generation("members:memberships:generation")
MEMBERSHIP_TIMEOUT = 300


def membership_key(user_id: object) -> str:
    """Cache key of the user's open membership."""
    return f"members:open-membership:{user_id}"


def membership_for(user) -> Membership | None:
    """The user's open (pending or approved) membership, with its organisation, or None.

    Shown on every page of Mina sidor, so read from the cache while no membership or
    organisation has changed (``MEMBERSHIPS``). For display only: decisions about
    access ask the database (``member_is_approved``).
    """
    if not user.is_authenticated:
        return None
    return MEMBERSHIPS.cached(
        membership_key(user.pk),
        # A callable, so that a cache hit builds no query either.
        lambda: (
            Membership.objects.active().select_related("organisation").filter(user=user).first()
        ),
        MEMBERSHIP_TIMEOUT,
    )


def member_is_approved(user) -> bool:
    """True when the user is an approved member of an organisation."""
    if not user.is_authenticated:
        return False
    return Membership.objects.approved().filter(user=user).exists()


def shown_as_approved(user) -> bool:
    """For display only: whether the user's open membership is approved (``membership_for``).

    Read from the cache, so a page can show a form the action behind it then refuses
    within the moment a change takes to retire the cached membership: actions ask
    ``member_is_approved``.
    """
    membership = membership_for(user)
    return membership is not None and membership.status == Membership.Status.APPROVED


def shown_as_coordinating(user) -> set[int]:
    """For display only: ``coordinated_organisation_ids`` from the cached membership."""
    membership = membership_for(user)
    if membership is None or membership.status != Membership.Status.APPROVED:
        return set()
    return (
        {membership.organisation_id} if membership.role == Membership.Role.COORDINATOR else set()
    )


def approved_organisation(user) -> Organisation | None:
    """The organisation of the user's approved membership, read from the database, or None."""
    if not user.is_authenticated:
        return None
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.APPROVED
    ).first()


def member_for_feed_token(token: str) -> User | None:
    """The active user owning this private calendar feed token, or None."""
    if not token:
        return None
    return User.objects.filter(feed_token=token, is_active=True).first()


def user_is_editor(user) -> bool:
    """Editors (and administrators) review every organisation's members."""
    return user.is_authenticated and user.has_perm("members.change_membership")


def coordinated_organisation_ids(user) -> set[int]:
    """Ids of the organisations the user is an approved coordinator of."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.approved()
        .filter(user=user, role=Membership.Role.COORDINATOR)
        .values_list("organisation_id", flat=True)
    )


def user_reviews_memberships(user) -> bool:
    """True for editors and for coordinators of an organisation."""
    return user_is_editor(user) or bool(coordinated_organisation_ids(user))


def user_may_see_directory(user) -> bool:
    """Approved members and editors: the directory shows members to other members only."""
    return user_is_editor(user) or member_is_approved(user)


def user_can_review(user, membership: Membership) -> bool:
    """True when the user may approve, decline or remove this membership."""
    return user_is_editor(user) or membership.organisation_id in coordinated_organisation_ids(user)


def memberships_for_review(user) -> QuerySet[Membership]:
    """Memberships the user may act on: all for editors, their organisations' for coordinators."""
    queryset = Membership.objects.active().select_related("user", "organisation")
    if not user_is_editor(user):
        queryset = queryset.filter(organisation_id__in=coordinated_organisation_ids(user))
    return queryset.order_by("organisation__name", "status", "user__last_name", "user__first_name")


def reviewers_for(membership: Membership) -> QuerySet[User]:
    """Who is told about a pending membership: its coordinators, else the editors."""
    coordinators = User.objects.filter(
        is_active=True,
        memberships__organisation_id=membership.organisation_id,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.APPROVED,
    )
    if coordinators.exists():
        return coordinators.distinct()
    return editors()


def editors() -> QuerySet[User]:
    """Active users allowed to manage memberships (through a group, directly, or superuser)."""
    permissions = Permission.objects.filter(
        codename="change_membership", content_type__app_label="members"
    )
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=permissions)
        | Q(user_permissions__in=permissions),
        is_active=True,
    ).distinct()


def verified_domains(user) -> set[str]:
    """Domains of the user's verified e-mail addresses, lower-cased."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return {address.rsplit("@", 1)[-1].lower() for address in addresses}


def organisation_search(query: str, *, limit: int = 20) -> QuerySet[Organisation]:
    """Organisations whose name contains the query (case-insensitive)."""
    query = query.strip()
    queryset = Organisation.objects.select_related("county")
    if not query:
        return queryset.none()
    return queryset.filter(name__icontains=query)[:limit]


def organisation_by_name(name: str) -> Organisation | None:
    """The organisation with exactly this name, ignoring case."""
    return Organisation.objects.filter(name__iexact=name.strip()).first()


def directory_members(
    *,
    county_id: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[User]:
    """Approved, active members who let other members see their profile.

    Only what the profile setting promises is annotated: name, job title, county and
    organisation are on the user; nothing else is read.
    """
    approved = Q(memberships__status=Membership.Status.APPROVED)
    if organisation_id:
        # In the same filter(), so that it is the approved membership that is in it.
        approved &= Q(memberships__organisation_id=organisation_id)
    queryset = (
        User.objects.filter(approved, is_active=True, visible_to_members=True)
        .select_related("county")
        .annotate(
            organisation_name=Subquery(
                Membership.objects.approved()
                .filter(user=OuterRef("pk"))
                .values("organisation__name")[:1]
            )
        )
    )
    if county_id:
        queryset = queryset.filter(county_id=county_id)
    return queryset.distinct().order_by("last_name", "first_name")


def privacy_page(request) -> Page | None:
    """The privacy policy page named in the site footer settings, if published."""
    page = SiteFooter.for_request(request).privacy_page
    if page is None or not page.live:
        return None
    return page
