"""Spreadsheet exports that cannot smuggle formulas into Excel or LibreOffice."""

from wagtail.admin.views.generic import IndexView

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a text cell that a spreadsheet would read as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeExportIndexView(IndexView):
    """Wagtail's listing whose CSV and XLSX exports neutralise formulas (CSV injection)."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))
