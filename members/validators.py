"""Validators for Swedish identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISATION_NUMBER_RE = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_is_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError."""
    match = ORGANISATION_NUMBER_RE.match(value.strip())
    if not match:
        raise ValidationError(
            _("Ange organisationsnumret som tio siffror, till exempel 202100-2114."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if not luhn_is_valid(digits):
        raise ValidationError(_("Organisationsnumret har fel kontrollsiffra."), code="checksum")
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str) -> None:
    """Model-field validator for Swedish organisation numbers."""
    normalise_organisation_number(value)
