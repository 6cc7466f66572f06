"""Members' registration views: register, Mina anmälningar, cancel and hand over."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import page_cache
from core.generations import CONTENT
from core.privacy import is_visible
from events.models import EventPage
from members.mfa import second_factor_redirect
from members.selectors import (
    coordinated_organisation_ids,
    shown_as_approved,
    shown_as_coordinating,
)

from .forms import RegistrationForm, TransferForm, colleagues_for
from .models import Registration
from .selectors import (
    SEATS,
    listed_registrations,
    registration_for,
    seat_counts,
    seat_info,
    shows_digital_details,
)
from .services import (
    RegistrationError,
    can_cancel,
    registration_cancel,
    registration_create,
    registration_transfer,
)


def _form_for(
    request: HttpRequest, event: EventPage, data=None, organisation_ids: set[int] | None = None
) -> RegistrationForm:
    if organisation_ids is None:
        organisation_ids = coordinated_organisation_ids(request.user)
    colleagues = colleagues_for(request.user, organisation_ids) if organisation_ids else None
    return RegistrationForm(data, event=event, colleagues=colleagues)


def registration_context(request: HttpRequest, event: EventPage) -> dict:
    """What the event page shows about registration for the visitor.

    The membership is read from the cache (display only): ``register`` asks the database.
    """
    state = event.registration_state()
    if not event.pk:  # a preview of a page not yet saved
        return {"registration_state": state}
    registration = registration_for(event=event, user=request.user)
    approved = shown_as_approved(request.user)
    context = {
        "registration_state": state,
        "my_registration": registration,
        "is_approved_member": approved,
        "show_digital_details": bool(registration and shows_digital_details(registration)),
    }
    if registration and registration.status == Registration.Status.WAITING:
        context["waiting_position"] = registration.waiting_position()
    if state == "open" and registration is None:
        page_cache.depend_on(request, SEATS)
        context["seat_info"] = seat_info(event=event, counts=seat_counts(event=event))
    if state == "open" and approved:
        context["registration_form"] = _form_for(
            request, event, organisation_ids=shown_as_coordinating(request.user)
        )
        context["registration_url"] = reverse("events:registration-create", args=[event.pk])
    return context


@login_required
@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    """Register the member (or, for a coordinator, a colleague) for the meeting.

    A meeting whose privacy setting keeps the member out is a 404, as if it did not
    exist: the ids are sequential.
    """
    event = get_object_or_404(EventPage.objects.live(), pk=event_id)
    if not is_visible(event, request):
        raise Http404(_("Mötet finns inte."))
    form = _form_for(request, event, request.POST)
    if not form.is_valid():
        page = event.serve(request)
        page.context_data["registration_form"] = form
        page.status_code = 400
        return page
    participant = form.cleaned_data.get("participant") or request.user
    if participant.pk != request.user.pk and (response := second_factor_redirect(request)):
        return response  # registering a colleague is a coordinator's power
    try:
        registration = registration_create(
            event=event,
            user=participant,
            actor=request.user,
            answers=form.answers(),
            seat_kind=form.cleaned_data.get("seat_kind", ""),
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        status = 403 if participant.pk != request.user.pk else 409
        response = event.serve(request)
        response.status_code = status
        return response
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Anmälan är klar: platsen är bekräftad."))
    else:
        messages.info(
            request,
            _("Mötet är fullbokat. Du står på reservlistan som nummer %(position)s.")
            % {"position": registration.waiting_position()},
        )
    return redirect(event.get_url(request) + "#anmalan")


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """Mina anmälningar: the member's meetings with cancel and hand-over buttons."""
    generation = CONTENT.current() if settings.PAGE_CACHE_SECONDS else None
    registrations = listed_registrations(request.user, generation)
    for registration in registrations:
        registration.cancellable = registration.status != Registration.Status.CANCELLED and (
            can_cancel(registration=registration, actor=request.user)
        )
    return render(request, "events/my_registrations.html", {"registrations": registrations})


def _own_registration(request: HttpRequest, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=pk, user=request.user
    )
    if not registration.event.live:
        raise Http404
    return registration


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the member's own registration."""
    registration = _own_registration(request, pk)
    try:
        registration_cancel(registration=registration, actor=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
        return redirect("events:my-registrations")
    messages.success(
        request, _("Du är avanmäld från %(title)s.") % {"title": registration.event.title}
    )
    return redirect("events:my-registrations")


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand a confirmed seat to a colleague in the same organisation."""
    registration = _own_registration(request, pk)
    colleagues = colleagues_for(request.user, {registration.organisation_id})
    form = TransferForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            registration_transfer(
                registration=registration,
                actor=request.user,
                colleague=form.cleaned_data["colleague"],
            )
        except RegistrationError as error:
            form.add_error("colleague", error.message)
        else:
            messages.success(request, _("Platsen är överlämnad."))
            return redirect("events:my-registrations")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/registration_transfer.html",
        {"registration": registration, "form": form},
        status=status,
    )
