"""Swedish telephone numbers."""

from django.core.exceptions import ValidationError

import pytest

from regions.validators import swedish_phone_to_e164


@pytest.mark.parametrize(
    ("entered", "international"),
    [
        ("070-123 45 67", "+46701234567"),
        ("08-681 91 00", "+4686819100"),
        ("0920-45 60 00", "+46920456000"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046 8 681 91 00", "+4686819100"),
        ("(0771) 12 34 56", "+46771123456"),
    ],
)
def test_accepts_swedish_numbers(entered, international):
    assert swedish_phone_to_e164(entered) == international


@pytest.mark.parametrize(
    "entered",
    ["123", "070-123", "+47 22 33 44 55", "00701234567", "070-123 45 67 89 0", "ring mig", ""],
)
def test_rejects_other_input_in_swedish(entered):
    with pytest.raises(ValidationError) as error:
        swedish_phone_to_e164(entered)
    assert "Ange ett svenskt telefonnummer" in error.value.messages[0]
