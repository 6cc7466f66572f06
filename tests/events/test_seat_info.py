"""Public seat information on meetings with registration: free seats, full, the deadline."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

import pytest

from events.models import EventPage
from events.registration.models import Registration
from events.registration.selectors import SEATS, SeatInfo, seat_counts, seat_info
from events.registration.services import registration_create
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db


def _register(event, count):
    for _ in range(count):
        member = approved_member()
        registration_create(event=event, user=member, actor=member)


def _info(event):
    return seat_info(event=event, counts=seat_counts(event=event))


def test_seats_left_counts_confirmed_only(home):
    event = open_event(home, capacity=3)
    _register(event, 1)
    Registration.objects.update(status=Registration.Status.CANCELLED)
    _register(event, 2)
    assert _info(event).seats_left == 1
    _register(event, 2)  # one confirmed, one on the waiting list
    info = _info(event)
    assert info.full and info.seats_left == 0


def test_unlimited_and_split_hybrid_seats(home):
    unlimited = open_event(home, capacity=None)
    assert _info(unlimited).seats_left is None
    hybrid = open_event(home, capacity=None, format="hybrid", onsite_seats=2, digital_seats=3)
    member = approved_member()
    registration_create(event=hybrid, user=member, actor=member, seat_kind="digital")
    assert _info(hybrid).seats_left == 4
    # A total capacity below the sum of the kinds is the tighter bound.
    hybrid.capacity = 2
    assert _info(hybrid).seats_left == 1


def test_no_seat_information_unless_registration_is_open(home):
    closed = open_event(home, registration_closes_at=timezone.now() - timedelta(hours=1))
    assert _info(closed) is None
    not_enabled = open_event(home, registration_enabled=False)
    assert _info(not_enabled) is None


def test_texts_in_swedish_and_english():
    now = timezone.now().replace(month=1, day=10)
    closes = now.replace(month=3, day=3, hour=12)
    with override("sv"):
        assert SeatInfo(12, True, closes).texts(now) == [
            "12 platser kvar",
            "Anmälan stänger 3 mars",
        ]
        assert SeatInfo(1, True, None).texts(now) == ["1 plats kvar"]
        assert SeatInfo(0, True, closes).texts(now) == [
            "Fullbokat – du kan ställa dig på reservlistan",
            "Anmälan stänger 3 mars",
        ]
        # Full without a waiting list: the deadline no longer matters.
        assert SeatInfo(0, False, closes).texts(now) == ["Fullbokat"]
        assert SeatInfo(None, True, closes.replace(year=now.year + 1)).texts(now) == [
            f"Anmälan stänger 3 mars {now.year + 1}"
        ]
    with override("en"):
        assert SeatInfo(12, True, closes).texts(now) == [
            "12 seats left",
            "Registration closes 3 March",
        ]
        assert SeatInfo(0, True, None).texts(now) == [
            "Fully booked – you can join the waiting list"
        ]


def test_event_page_shows_seats_to_visitors_but_not_to_the_registered(home, client):
    event = open_event(home, capacity=2, waiting_list=True)
    _register(event, 1)
    html = client.get(event.url).text
    assert '<p class="seat-info">' in html and "1 plats kvar" in html
    _register(event, 1)
    assert "Fullbokat – du kan ställa dig på reservlistan" in client.get(event.url).text
    registered = Registration.objects.first().user
    client.force_login(registered)
    assert "seat-info" not in client.get(event.url).text


def test_cached_listing_is_retired_when_a_seat_is_taken(
    home, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    open_event(home, capacity=5)
    event = open_event(home, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/motesplatser/")  # creates the site's footer setting once
    assert client.get("/motesplatser/").text.count("5 platser kvar") == 2
    assert client.get("/motesplatser/").headers.get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, 1)
    html = client.get("/motesplatser/").text
    assert "4 platser kvar" in html and "5 platser kvar" in html


def test_a_taken_seat_retires_only_the_pages_that_show_seats(
    home, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    event = open_event(home, capacity=5)
    pages = ["/", "/motesplatser/", event.url]
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/")  # creates the site's footer setting once
    for _ in range(2):  # the first view numbers the seats generation, the second is stored
        for path in pages:
            client.get(path)
    assert [client.get(path).headers.get("X-Page-Cache") for path in pages] == ["hit"] * 3

    with django_capture_on_commit_callbacks(execute=True):
        _register(event, 1)

    responses = [client.get(path) for path in pages]
    assert [response.headers.get("X-Page-Cache") for response in responses] == [
        "hit",
        "miss",
        "miss",
    ]
    assert "4 platser kvar" in responses[1].text and "4 platser kvar" in responses[2].text


def test_a_page_with_seats_is_numbered_before_its_seats_are_read_when_the_number_was_lost(
    home, client, settings, django_capture_on_commit_callbacks
):
    """A lost seats number starts again before the listing reads the seats, so it still
    retires the stored page when a seat is taken afterwards."""
    settings.PAGE_CACHE_SECONDS = 600
    event = open_event(home, capacity=5)
    client.get("/motesplatser/")
    cache.delete(SEATS.key)  # evicted, or the first request after a deploy

    assert client.get("/motesplatser/").headers.get("X-Page-Cache") == "miss"
    assert client.get("/motesplatser/").headers.get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, 1)
    response = client.get("/motesplatser/")
    assert response.headers.get("X-Page-Cache") == "miss"
    assert "4 platser kvar" in response.text


def _listing_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/motesplatser/")
    assert response.status_code == 200
    return len(queries), response.text


def test_listing_shows_seats_without_a_query_per_event(home, client):
    def add(count):
        for number in range(count):
            event = open_event(
                home,
                capacity=3,
                start=timezone.now().replace(microsecond=0) + timedelta(days=number + 2),
            )
            _register(event, 1)

    add(3)
    client.get("/motesplatser/")  # creates the site's footer setting once
    small, _ = _listing_queries(client)
    add(12)
    large, html = _listing_queries(client)
    assert large == small
    assert html.count("2 platser kvar") == 15
    full = EventPage.objects.first()
    _register(full, 2)
    _, html = _listing_queries(client)
    assert html.count("2 platser kvar") == 14
    assert html.count("Fullbokat – du kan ställa dig på reservlistan") == 1
