"""The editors' queue in the Wagtail admin: held and reported comments, and what was decided.

Editors (``members.change_comment``) approve or restore, hide, or remove with a reason
that is mailed to the author.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import RemoveForm
from .models import Comment

PERMISSION = "members.change_comment"


def may_moderate(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def _check(request) -> None:
    if not may_moderate(request.user):
        raise PermissionDenied


def queue(request):
    """Held and reported comments first; below them, the latest hidden or removed ones."""
    _check(request)
    waiting = Paginator(selectors.queue(), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "members/discussion/admin/queue.html",
        {
            "waiting": waiting,
            "moderated": selectors.moderated()[:50],
            "remove_form": RemoveForm(),
        },
    )


@require_POST
def moderate(request, pk: int, action: str):
    """Approve or restore (``restore``), hide (``hide``) or remove (``remove``, with a reason)."""
    _check(request)
    comment = get_object_or_404(Comment, pk=pk)
    try:
        if action == "restore":
            services.restore_comment(comment=comment)
            messages.success(request, _("Kommentaren är publicerad."))
        elif action == "hide":
            services.hide_comment(comment=comment)
            messages.success(request, _("Kommentaren är dold."))
        elif action == "remove":
            form = RemoveForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Skriv skälet till att kommentaren tas bort."))
                return redirect("members_discussion:queue")
            services.remove_comment(comment=comment, reason=form.cleaned_data["reason"])
            messages.success(
                request, _("Kommentaren är borttagen och författaren har fått veta varför.")
            )
        else:
            raise PermissionDenied
    except services.CommentRefused as refused:
        messages.error(request, refused.message)
    return redirect("members_discussion:queue")
