"""Many members registering at once never overbook (threads, one connection each)."""

import threading

from django.db import connection, connections

import pytest

from events.registration_models import Registration
from events.services import RegistrationError, registration_create
from tests.factories.registration import approved_member, open_event

THREADS = 100
SEATS = 20
# PostgreSQL allows 100 connections in all; at most this many threads hold one at once.
OPEN_CONNECTIONS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hundred_concurrent_registrations_fill_twenty_seats(home):
    event = open_event(home, capacity=SEATS)
    members = [approved_member() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    gate = threading.BoundedSemaphore(OPEN_CONNECTIONS)
    errors: list[BaseException] = []

    def register(member):
        barrier.wait()
        with gate:
            try:
                registration_create(event=event, user=member, actor=member)
            except (RegistrationError, Exception) as error:  # noqa: BLE001 (asserted below)
                errors.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=register, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmed").count() == SEATS
    assert registrations.filter(status="waiting").count() == THREADS - SEATS
    waiting = list(registrations.filter(status="waiting").order_by("pk"))
    assert [r.waiting_position() for r in waiting] == list(range(1, THREADS - SEATS + 1))
    assert connection.vendor in ("sqlite", "postgresql")
