"""The columns of a meeting's participant export (the admin list writes them as CSV or XLSX)."""

from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def participant_rows(registrations, questions: list[str]) -> tuple[list[str], list[list]]:
    """Headings and one row per registration, answers in the meeting's question order."""
    headings = [
        _("Förnamn"),
        _("Efternamn"),
        _("E-post"),
        _("Organisation"),
        _("Organisationstyp"),
        _("Län"),
        _("Status"),
        _("Deltar"),
        _("Anmäld"),
        _("Närvarande"),
        *questions,
    ]
    rows = []
    for registration in registrations:
        user = registration.user
        answers = registration.answers or {}
        rows.append(
            [
                user.first_name if user else "",
                user.last_name if user else "",
                user.email if user else "",
                registration.organisation_name,
                registration.organisation_type,
                registration.county.name if registration.county else "",
                registration.get_status_display(),
                registration.get_seat_kind_display(),
                localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                localtime(registration.attended_at).strftime("%Y-%m-%d %H:%M")
                if registration.attended_at
                else "",
                *[answer_text(answers.get(question, "")) for question in questions],
            ]
        )
    return headings, rows


def answer_text(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)
