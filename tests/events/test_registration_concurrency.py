"""Many members registering at once never overbook (threads, one connection each)."""

import threading

from django.db import connection, connections

import pytest

from events.registration.models import Registration
from events.registration.services import RegistrationError, registration_create
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lock_wait_timeout_asks_to_try_again(home, monkeypatch):
    """PostgreSQL: a registration that cannot get the event's lock in time stores nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("lock_timeout is PostgreSQL's; SQLite writers queue instead")
    from django.db import transaction

    from events.models import EventPage
    from events.registration import services

    monkeypatch.setattr(services, "LOCK_TIMEOUT_MS", 200)
    event = open_event(home, capacity=SEATS)
    member = approved_member()
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        with transaction.atomic():
            EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(10)
    try:
        with pytest.raises(RegistrationError, match="Försök igen"):
            registration_create(event=event, user=member, actor=member)
    finally:
        release.set()
        holder.join()
    assert not Registration.objects.filter(event=event).exists()
