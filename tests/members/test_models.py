"""Users and organisations."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from members.models import Organisation, User
from members.validators import normalise_organisation_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"), [("202100-5026", "202100-5026"), ("2021005026", "202100-5026")]
)
def test_valid_organisation_numbers_are_normalised(raw, expected):
    assert normalise_organisation_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"), [("202100-5027", "checksum"), ("20210-05026", "format"), ("abc", "format")]
)
def test_invalid_organisation_numbers_are_rejected(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(raw)
    assert error.value.code == code


def test_organisation_full_clean_reports_bad_number():
    organisation = Organisation(
        name="Testkommun", type="kommun", organisation_number="212000-0000"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "organisation_number" in error.value.message_dict


def test_email_is_unique_regardless_of_case():
    User.objects.create_user("Anna@Example.se", "losenord-123")
    assert User.objects.get_by_natural_key("anna@example.se").email == "anna@example.se"
    with pytest.raises(IntegrityError):
        User.objects.create_user("ANNA@example.se", "losenord-123")
