"""CSV and XLSX exports of a meeting's participants and of the participation report."""

import csv
import io

from django.http import HttpResponse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from openpyxl import Workbook

from core.exports import spreadsheet_cell


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
                *[_answer_text(answers.get(question, "")) for question in questions],
            ]
        )
    return headings, rows


def _answer_text(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def table_response(headings: list, rows: list[list], *, filename: str, fmt: str) -> HttpResponse:
    """The table as a download, every text cell neutralised against formulas."""
    safe_rows = [[spreadsheet_cell(str(cell)) for cell in row] for row in rows]
    safe_headings = [spreadsheet_cell(str(cell)) for cell in headings]
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(safe_headings)
        for row in safe_rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(safe_headings)
        writer.writerows(safe_rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
