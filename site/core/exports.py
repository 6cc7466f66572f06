"""Spreadsheet exports that cannot smuggle formulas into Excel or LibreOffice."""

import codecs

from wagtail.admin.views.generic import IndexView

from .text import representable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a text cell that a spreadsheet would read as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_cell(value):
    """A cell as typed, but with control characters replaced (XLSX cannot hold them) and
    a formula held back as text."""
    if isinstance(value, str):
        return neutralise_formula(representable(value))
    return value


class SafeExportMixin:
    """For a Wagtail listing or report: CSV and XLSX exports that neutralise every text cell.

    Put it before the Wagtail view in the bases.
    """

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        # Headings may be editors' words too (a registration question's label).
        return spreadsheet_cell(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        # A byte-order mark first: without it Excel reads UTF-8 as Windows-1252 ("LÃ¤n").
        yield codecs.BOM_UTF8
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class SafeExportIndexView(SafeExportMixin, IndexView):
    """Wagtail's listing whose CSV and XLSX exports neutralise formulas (CSV injection)."""
