"""The public evaluation form that the personal link opens (no sign-in)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.surveys.forms import AnswerForm

from .links import Refusal, invitation_for_token
from .services import AlreadyAnswered, evaluation_answer

# A refused link: the status and the page's reason.
REFUSAL_STATUS = {
    Refusal.INVALID: 404,
    Refusal.EXPIRED: 410,
    Refusal.ANSWERED: 410,
    Refusal.UNAVAILABLE: 410,
}


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    # Not "no-referrer": the form's POST would then carry "Origin: null", which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    return render(
        request,
        "events/evaluation_refused.html",
        {"refusal": str(refusal)},
        status=REFUSAL_STATUS[refusal],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the meeting and the questionnaire's form; POST: store the answer once."""
    invitation, refusal = invitation_for_token(token)
    if refusal is not None:
        return _private(_refused(request, refusal))
    event = invitation.event
    questionnaire = event.evaluation
    questions = questionnaire.question_list
    form = AnswerForm(request.POST or None, questions=questions)
    context = {
        "event": event,
        "occurrence_start": invitation.occurrence_start,
        "questionnaire": questionnaire,
        "form": form,
    }
    if request.method == "POST":
        if not form.is_valid():
            return _private(render(request, "events/evaluation.html", context, status=400))
        try:
            evaluation_answer(
                invitation_id=invitation.pk, questions=questions, answers=form.answers()
            )
        except AlreadyAnswered:
            return _private(_refused(request, Refusal.ANSWERED))
        return _private(render(request, "events/evaluation_done.html", context))
    return _private(render(request, "events/evaluation.html", context))
