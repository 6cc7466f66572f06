"""The member's registrations in their data export, and anonymised on erasure."""

from members.gdpr import register_eraser, register_exporter

from .models import Registration


@register_exporter
def export_registrations(user) -> tuple[str, list]:
    """Every registration of the member, with answers."""
    return "registrations", [
        {
            "event": registration.event.title,
            "start": registration.event.start.isoformat(),
            "status": registration.status,
            "seat_kind": registration.seat_kind,
            "organisation": registration.organisation_name,
            "answers": registration.answers,
            "attended_at": registration.attended_at.isoformat()
            if registration.attended_at
            else None,
            "created_at": registration.created_at.isoformat(),
        }
        for registration in Registration.objects.filter(user=user).select_related("event")
    ]


@register_eraser
def erase_registrations(user) -> None:
    """Keep the statistics (county, organisation type, attendance); drop the person."""
    Registration.objects.filter(user=user).update(user=None, answers={})
    Registration.objects.filter(registered_by=user).update(registered_by=None)
