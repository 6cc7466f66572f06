"""Registration's models in their package: the same app, tables and schema as before.

The package moved code, not data: Django must find the models under the ``events``
label with their tables, the migrations must describe them without a new one, and a
database migrated and filled with registrations must read through the package.
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

import pytest

from events.registration.models import Registration, RegistrationEmail
from events.registration.selectors import (
    registration_counts,
    registration_list,
    registrations_for_member,
)
from events.registration.services import registration_cancel, registration_create
from tests.factories.registration import approved_member, open_event


def test_models_keep_the_events_label_and_tables():
    assert apps.get_model("events", "Registration") is Registration
    assert apps.get_model("events", "RegistrationEmail") is RegistrationEmail
    assert Registration._meta.db_table == "events_registration"
    assert RegistrationEmail._meta.db_table == "events_registrationemail"


@pytest.mark.django_db
def test_migrations_describe_the_models_without_a_new_one():
    out = StringIO()
    # --check exits non-zero when the models differ from the migrations.
    call_command("makemigrations", "events", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_a_migrated_database_with_registrations_reads_through_the_package(home):
    event = open_event(home, capacity=1)
    seated, waiting, gone = approved_member(), approved_member(), approved_member()
    for member in (seated, waiting, gone):
        registration_create(event=event, user=member, actor=member)
    (withdrawn,) = Registration.objects.filter(user=gone)
    registration_cancel(registration=withdrawn, actor=gone)
    assert registration_counts(event=event) == {
        "confirmed": 1,
        "waiting": 1,
        "cancelled": 1,
        "attended": 0,
    }
    assert [item.user for item in registration_list(event=event, status="waiting")] == [waiting]
    (own,) = registrations_for_member(user=seated)
    assert own.event == event and own.status == Registration.Status.CONFIRMED
    kinds = RegistrationEmail.objects.filter(registration__event=event).values_list("kind")
    assert [kind for (kind,) in kinds] == ["confirmed", "waiting", "waiting", "cancelled"]
