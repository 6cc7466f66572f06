"""Members' posts: a comment or reply, a change, a deletion, a report; refused with a 4xx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from allauth.core import ratelimit

from . import services
from .forms import CommentForm, ReplyTargetForm
from .models import Comment


def _page_url(page: Page, request: HttpRequest, comment: Comment | None = None) -> str:
    url = page.get_url(request) or "/"
    return f"{url}#kommentar-{comment.pk}" if comment is not None else f"{url}#diskussion"


def _refused(request: HttpRequest, message: str, status: int, page: Page | None = None):
    back = _page_url(page, request) if page is not None and page.live else "/"
    return render(
        request,
        "members/discussion/refused.html",
        {"message": message, "back_url": back},
        status=status,
    )


def _form_page(request, form, page, *, comment=None, parent=None, status=200):
    return render(
        request,
        "members/discussion/comment_form.html",
        {"form": form, "page": page, "comment": comment, "parent": parent},
        status=status,
    )


def _rate_limited(request: HttpRequest, action: str) -> bool:
    return not ratelimit.consume(request, action=action, user=request.user)


@login_required
@require_POST
def post(request: HttpRequest, page_id: int) -> HttpResponse:
    """A new comment on the page, or with ``parent`` a reply; back to it on the page."""
    page = get_object_or_404(Page, pk=page_id)
    try:
        services.check_member(request.user)
        page = services.check_page(page, request)
    except services.CommentRefused as refused:
        return _refused(request, refused.message, refused.status)
    target = ReplyTargetForm(request.POST)
    if not target.is_valid():
        return _refused(request, _("Formuläret var felaktigt ifyllt."), 400, page)
    parent = None
    if parent_id := target.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=parent_id).first()
        if parent is None:
            return _refused(request, _("Kommentaren du svarar på finns inte."), 400, page)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, page, parent=parent, status=400)
    if _rate_limited(request, "comment"):
        return _refused(
            request,
            _("Du har skrivit många kommentarer på kort tid. Vänta en stund och försök igen."),
            429,
            page,
        )
    try:
        comment = services.post_comment(
            user=request.user,
            page=page,
            body=form.cleaned_data["body"],
            request=request,
            parent=parent,
        )
    except services.CommentRefused as refused:
        return _refused(request, refused.message, refused.status, page)
    if comment.status == Comment.Status.HELD:
        messages.success(
            request, _("Tack! Kommentaren visas för andra när redaktionen har granskat den.")
        )
    else:
        messages.success(request, _("Din kommentar är publicerad."))
    return redirect(_page_url(page, request, comment))


def _own_comment(request: HttpRequest, pk: int) -> tuple[Comment, Page]:
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=pk)
    return comment, comment.page.specific_deferred


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes their comment within the time allowed."""
    comment, page = _own_comment(request, pk)
    try:
        services.check_page(page, request)
        services.check_editable(request.user, comment)
    except services.CommentRefused as refused:
        return _refused(request, refused.message, refused.status, page)
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    if form.is_bound and form.is_valid():
        try:
            services.edit_comment(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except services.CommentRefused as refused:
            return _refused(request, refused.message, refused.status, page)
        messages.success(request, _("Kommentaren är ändrad."))
        return redirect(_page_url(page, request, comment))
    return _form_page(request, form, page, comment=comment, status=400 if form.is_bound else 200)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The author deletes their comment within the time allowed."""
    comment, page = _own_comment(request, pk)
    try:
        services.check_page(page, request)
        services.delete_comment(user=request.user, comment=comment)
    except services.CommentRefused as refused:
        return _refused(request, refused.message, refused.status, page)
    messages.success(request, _("Kommentaren är borttagen."))
    return redirect(_page_url(page, request))


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A member reports a comment ("Anmäl") to the editors."""
    comment, page = _own_comment(request, pk)
    if _rate_limited(request, "report_comment"):
        return _refused(
            request,
            _("Du har anmält många kommentarer på kort tid. Försök igen senare."),
            429,
            page,
        )
    try:
        services.report_comment(user=request.user, comment=comment, request=request)
    except services.CommentRefused as refused:
        return _refused(request, refused.message, refused.status, page)
    messages.success(request, _("Tack! Redaktionen tittar på kommentaren."))
    return redirect(_page_url(page, request, comment))
