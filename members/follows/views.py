"""Bevakningar in Mina sidor: the list with its preferences, and the follow buttons' posts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import kinds, selectors, services
from .forms import FollowForm, FollowPreferencesForm
from .models import Follow


def _next_url(request: HttpRequest, candidate: str | None) -> str:
    """Where to go back to: the given address when it is on this site, else Bevakningar."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("members:follows:index")


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "members/follows/refused.html",
        {"message": message, "back_url": _next_url(request, request.POST.get("next"))},
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """What the member follows, each with a "Sluta bevaka" button, and how they hear of it."""
    form = FollowPreferencesForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Dina val för bevakningar är sparade."))
        return redirect("members:follows:index")
    return render(
        request,
        "members/follows/index.html",
        {"groups": selectors.follow_groups(request.user, request), "form": form},
        status=400 if form.is_bound else 200,
    )


def _checked(request: HttpRequest, *, following: bool) -> tuple[FollowForm, HttpResponse | None]:
    """The posted follow form, or the answer that refuses it.

    Following needs a verified address; anyone signed in may stop following.
    """
    if following and not selectors.may_follow(request.user):
        return None, _refused(
            request,
            _("Bekräfta din e-postadress innan du bevakar något: det är dit nyheterna skickas."),
            403,
        )
    form = FollowForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return form, _refused(request, " ".join(errors), 400)
    return form, None


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a topic, county, article kind or page; back to ``next``."""
    form, refusal = _checked(request, following=True)
    if refusal:
        return refusal
    target, thing = form.cleaned_data["target"], form.cleaned_data["object"]
    try:
        if target == "topic":
            services.follow_topic(user=request.user, topic=thing)
        elif target == "county":
            services.follow_county(user=request.user, county=thing)
        elif target == "kind":
            services.follow_kind(user=request.user, kind=thing)
        else:
            services.follow_page(user=request.user, page=thing)
    except services.FollowRefused as refused:
        return _refused(request, refused.message, 400)
    messages.success(request, _("Du bevakar nu %(name)s.") % {"name": form.cleaned_data["label"]})
    return redirect(_next_url(request, form.cleaned_data["next"]))


@login_required
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    """Stop following what a button names; following nothing of it is no error."""
    form, refusal = _checked(request, following=False)
    if refusal:
        return refusal
    target, thing = form.cleaned_data["target"], form.cleaned_data["object"]
    if target == "topic":
        services.unfollow_topic(user=request.user, topic=thing)
    else:
        services.unfollow_target(user=request.user, **{target: thing})
    messages.success(
        request, _("Du bevakar inte längre %(name)s.") % {"name": form.cleaned_data["label"]}
    )
    return redirect(_next_url(request, form.cleaned_data["next"]))


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of the member's follows from the list; another member's is a 404."""
    follow = get_object_or_404(
        Follow.objects.select_related("county", "page"), pk=pk, user=request.user
    )
    name = follow.county.name if follow.county_id else follow.page.title if follow.page_id else ""
    if follow.kind:
        name = kinds.kind_label(follow.kind) or follow.kind
    services.unfollow(follow=follow)
    messages.success(request, _("Du bevakar inte längre %(name)s.") % {"name": name})
    return redirect("members:follows:index")
