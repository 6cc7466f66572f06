"""Mina sidor: the member's profile, organisation, directory, calendar token and data."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import links, selectors, services
from .follows import services as follow_services
from .forms import (
    DeleteAccountForm,
    DirectoryFilterForm,
    OrganisationChoiceForm,
    OrganisationRequestForm,
    ProfileForm,
)
from .mfa import second_factor_required
from .models import Membership, OrganisationRequest

DIRECTORY_PAGE_SIZE = 50


@login_required
def dashboard(request):
    """Overview of the member's account, membership and tasks."""
    membership = selectors.membership_for(request.user)
    return render(
        request,
        "members/dashboard.html",
        {
            "membership": membership,
            # A member has one open membership at most (a constraint), so it tells
            # whether they coordinate an organisation.
            "can_review": bool(membership and membership.is_coordinator)
            or selectors.user_is_editor(request.user),
            "links": links.links_for(request.user),
        },
    )


@login_required
def profile(request):
    """Edit the member's own profile."""
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_bound and form.is_valid():
        form.save()
        if "county" in form.changed_data:
            # A member who follows no county yet follows their own.
            follow_services.follow_own_county(user=request.user)
        messages.success(request, _("Din profil är sparad."))
        return redirect("members:profile")
    return render(
        request,
        "members/profile.html",
        {"form": form, "membership": selectors.membership_for(request.user)},
        status=400 if form.is_bound else 200,
    )


def _day(moment) -> str:
    """The local date of a moment, as a sentence in the page's language writes it."""
    return formats.date_format(timezone.localdate(moment), "j F Y")


def _already_member(membership: Membership) -> str:
    if membership.status == Membership.Status.APPROVED:
        return _("Du är redan medlem i %(organisation)s.") % {
            "organisation": membership.organisation
        }
    return _(
        "Du har redan ansökt om medlemskap i %(organisation)s; ansökan väntar på godkännande "
        "sedan %(date)s."
    ) % {"organisation": membership.organisation, "date": _day(membership.created_at)}


def _already_requested(organisation_request: OrganisationRequest) -> str:
    return _(
        "Du har redan bett redaktionen lägga till %(name)s; begäran väntar sedan %(date)s."
    ) % {"name": organisation_request.name, "date": _day(organisation_request.created_at)}


@login_required
def organisation(request):
    """Search for and choose an organisation, or ask for a new one.

    Asking again for what is already open (the same organisation, a new one of the
    same name) creates nothing: the member is told what waits since when (409).
    """
    query = request.GET.get("q", "")[:200]
    choice_form = OrganisationChoiceForm(
        request.POST if request.POST.get("action") == "choose" else None
    )
    request_form = OrganisationRequestForm(
        request.POST if request.POST.get("action") == "request" else None
    )
    # A POST that is not redirected was refused: its form shows why.
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        if choice_form.is_bound and choice_form.is_valid():
            try:
                membership = services.membership_request(
                    user=request.user, organisation=choice_form.cleaned_data["organisation"]
                )
            except services.MembershipExists as exists:
                choice_form.add_error("organisation", _already_member(exists.membership))
                status = 409
            else:
                if membership.status == Membership.Status.APPROVED:
                    messages.success(request, _("Du är nu medlem i %s.") % membership.organisation)
                else:
                    messages.success(
                        request,
                        _("Din ansökan om medlemskap i %s väntar på godkännande.")
                        % membership.organisation,
                    )
                return redirect("members:organisation")
        if request_form.is_bound and request_form.is_valid():
            try:
                services.organisation_request_create(
                    user=request.user, **request_form.cleaned_data
                )
            except services.OrganisationRequestExists as exists:
                request_form.add_error("name", _already_requested(exists.organisation_request))
                status = 409
            except ValueError:
                request_form.add_error(
                    None,
                    _(
                        "Du har redan flera obehandlade begäranden. Vänta tills redaktionen "
                        "har hanterat dem."
                    ),
                )
            else:
                messages.success(
                    request, _("Tack! Redaktionen har fått din begäran om en ny organisation.")
                )
                return redirect("members:organisation")
    return render(
        request,
        "members/organisation.html",
        {
            "membership": selectors.membership_for(request.user),
            "query": query,
            "results": selectors.organisation_search(query) if query else None,
            "choice_form": choice_form,
            "request_form": request_form,
        },
        status=status,
    )


@login_required
def directory(request):
    """Approved members who made their profile visible, with filters; for members only."""
    if not selectors.user_may_see_directory(request.user):
        return render(
            request,
            "members/directory_not_allowed.html",
            {"membership": selectors.membership_for(request.user)},
            status=403,
        )
    form = DirectoryFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "county_id": data["county"].pk if data["county"] else None,
            "organisation_id": data["organisation"].pk if data["organisation"] else None,
        }
    paginator = Paginator(selectors.directory_members(**filters), DIRECTORY_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {"form": form, "page_obj": page, "members": page.object_list, "query": query.urlencode()},
    )


@login_required
@second_factor_required(selectors.user_reviews_memberships)
def review(request):
    """Members of the organisations the user coordinates (of all organisations, for editors)."""
    if not selectors.user_reviews_memberships(request.user):
        raise PermissionDenied
    memberships = list(selectors.memberships_for_review(request.user))
    pending = [m for m in memberships if m.status == Membership.Status.PENDING]
    approved = [m for m in memberships if m.status == Membership.Status.APPROVED]
    return render(request, "members/review.html", {"pending": pending, "approved": approved})


# Lazy: the message is translated per request, in the visitor's language.
REVIEW_ACTIONS = {
    "approve": (services.membership_approve, gettext_lazy("%s är godkänd.")),
    "decline": (services.membership_decline, gettext_lazy("Ansökan från %s är avböjd.")),
    "remove": (services.membership_remove, gettext_lazy("%s är borttagen ur organisationen.")),
}


@login_required
@require_POST
@second_factor_required(selectors.user_reviews_memberships)
def review_action(request, pk: int, action: str):
    """Approve, decline or remove one membership; 403 outside the user's organisations."""
    if action not in REVIEW_ACTIONS:
        raise Http404
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if not selectors.user_can_review(request.user, membership):
        raise PermissionDenied
    service, message = REVIEW_ACTIONS[action]
    try:
        service(membership=membership, actor=request.user)
    except ValueError:
        messages.error(request, _("Medlemskapet har redan hanterats."))
    else:
        messages.success(request, str(message) % membership.user)
    return redirect("members:review")


@login_required
def calendar(request):
    """Show the private calendar feed address; POST makes a new one."""
    if request.method == "POST":
        services.feed_token_regenerate(user=request.user)
        messages.success(
            request, _("Du har fått en ny kalenderadress. Den gamla fungerar inte längre.")
        )
        return redirect("members:calendar")
    feed_url = None
    if request.user.feed_token:
        feed_url = request.build_absolute_uri(
            reverse("members:calendar-feed", args=[request.user.feed_token])
        )
    return render(
        request,
        "members/calendar.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else None,
        },
    )


@login_required
def data_export(request):
    """Download everything stored about the member as JSON."""
    data = services.member_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    """Delete the account after the password is confirmed."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("Ditt konto och dina personuppgifter är raderade."))
        return redirect("/")
    return render(
        request,
        "members/account_delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def admin_login(request):
    """Wagtail's admin login goes to allauth's, keeping the ``next`` address."""
    next_url = request.GET.get("next") or reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
