"""Validation of Swedish telephone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces, hyphens and brackets are layout; a leading +46 or 0046 replaces the trunk 0.
_LAYOUT_RE = re.compile(r"[\s\-()]")
_NATIONAL_RE = re.compile(r"^0[1-9]\d{6,8}$")

PHONE_FORMAT_MESSAGE = _(
    "Ange ett svenskt telefonnummer med riktnummer, till exempel 070-123 45 67, "
    "08-681 91 00 eller +46 70 123 45 67."
)


def swedish_phone_to_e164(value: str) -> str:
    """Return the number in international form (+46…), or raise ValidationError.

    Swedish numbers are 8 to 10 digits with the trunk prefix 0, which the
    international form replaces with +46.
    """
    digits = _LAYOUT_RE.sub("", value.strip())
    if digits.startswith("+46"):
        digits = "0" + digits[3:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    if not _NATIONAL_RE.match(digits):
        raise ValidationError(PHONE_FORMAT_MESSAGE, code="phone_format")
    return "+46" + digits[1:]


def validate_swedish_phone(value: str) -> None:
    """Model-field validator for Swedish telephone numbers."""
    swedish_phone_to_e164(value)
