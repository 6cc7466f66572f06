"""Mina sidor for a county's programme reporter: the follow-ups and the county's form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import County
from members.mfa import second_factor_required

from . import selectors, services
from .forms import follow_up_form
from .models import FollowUpAnswer, FollowUpRound


def _refused(request, message: str, status: int):
    return render(request, "regions/followups/refused.html", {"message": message}, status=status)


@login_required
@second_factor_required(selectors.is_reporter)
def follow_up_list(request):
    """The follow-ups of the counties the member reports for, newest round first."""
    if not selectors.reporter_counties(request.user).exists():
        return _refused(
            request, _("Du är inte uppgiftslämnare för något läns serviceprogram."), 403
        )
    return render(
        request,
        "regions/followups/list.html",
        {"rows": selectors.reporter_rows(request.user)},
    )


@login_required
@second_factor_required(selectors.is_reporter)
def follow_up(request, year: int, county: str):
    """The county's form: save a draft, submit; read-only once submitted or closed."""
    round_ = get_object_or_404(FollowUpRound.objects.select_related("questionnaire"), year=year)
    county_obj = get_object_or_404(County, slug=county)
    if not selectors.reporter_counties(request.user).filter(pk=county_obj.pk).exists():
        return _refused(
            request, _("Du lämnar inte uppgifter för %(county)s.") % {"county": county_obj}, 403
        )
    today = timezone.localdate()
    if today < round_.opens_on:
        try:
            services.check_open(round_, today)
        except services.FollowUpRefused as refused:
            return _refused(request, str(refused), refused.status)
    answer = FollowUpAnswer.objects.filter(round=round_, county=county_obj).first()
    is_open = round_.is_open(today)
    editable = is_open and (answer is None or answer.editable)
    priorities = (
        selectors.county_priorities(county_obj)
        if editable or answer is None
        else answer.priority_list
    )
    context = {
        "round": round_,
        "county": county_obj,
        "answer": answer,
        "editable": editable,
        "is_open": is_open,
    }
    if request.method == "POST":
        if not editable:
            try:
                services.check_open(round_, today)
            except services.FollowUpRefused as refused:
                return _refused(request, str(refused), refused.status)
            return _refused(request, _("Svaren är redan inskickade och kan inte ändras."), 409)
        submit = "submit" in request.POST
        form = follow_up_form(round_, priorities, data=request.POST, submit=submit)
        if form.is_valid():
            try:
                services.save_answers(
                    round=round_,
                    county=county_obj,
                    user=request.user,
                    answers=form.answers(),
                    priorities=priorities,
                    submit=submit,
                )
            except services.FollowUpRefused as refused:
                return _refused(request, str(refused), refused.status)
            if submit:
                messages.success(request, _("Tack! Svaren är inskickade till redaktionen."))
                return redirect("regions:follow-ups")
            messages.success(request, _("Utkastet är sparat."))
            return redirect("regions:follow-up", year=round_.year, county=county_obj.slug)
        return render(
            request, "regions/followups/form.html", {**context, "form": form}, status=400
        )
    if editable:
        context["form"] = follow_up_form(
            round_, priorities, initial_answers=answer.answers if answer else None
        )
    else:
        context["rows"] = selectors.answer_rows(
            round_.questionnaire.question_list, answer.answers if answer else {}, priorities
        )
    return render(request, "regions/followups/form.html", context)
