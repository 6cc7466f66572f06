"""Event pages: validation, occurrences, SEQUENCE and the iCalendar UID."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from core.models import HomePage
from events.models import (
    EventExceptionDate,
    EventExtraDate,
    EventIndexPage,
    EventOccurrence,
    EventPage,
)
from events.recurrence import STOCKHOLM
from tests.factories.events import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def _event(**fields) -> EventPage:
    defaults = {
        "title": "Träff",
        "slug": "traff",
        "summary": "Om service.",
        "start": datetime(2026, 3, 3, 10, tzinfo=STOCKHOLM),
        "end": datetime(2026, 3, 3, 11, 30, tzinfo=STOCKHOLM),
        "format": EventPage.Format.DIGITAL,
    }
    return EventPage(**{**defaults, **fields})


def _messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def test_page_tree_rules(index):
    assert EventIndexPage.parent_page_types == ["core.HomePage"]
    assert EventPage.parent_page_types == ["events.EventIndexPage"]
    assert EventPage.subpage_types == []
    assert not EventIndexPage.can_create_at(index.get_parent().specific)
    assert EventPage.can_create_at(index)
    assert not EventPage.can_create_at(HomePage.objects.get(pk=index.get_parent().pk))


def test_end_before_start_is_refused_in_swedish():
    event = _event(end=datetime(2026, 3, 3, 9, tzinfo=STOCKHOLM))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert _messages(error.value, "end") == ["Sluttiden måste vara efter starttiden."]


def test_all_day_event_may_end_on_its_start_date_but_not_before():
    same_day = _event(all_day=True, end=datetime(2026, 3, 3, 0, tzinfo=STOCKHOLM))
    same_day.clean()
    before = _event(all_day=True, end=datetime(2026, 3, 2, 0, tzinfo=STOCKHOLM))
    with pytest.raises(ValidationError) as error:
        before.clean()
    assert _messages(error.value, "end") == ["Slutdatumet kan inte vara före startdatumet."]


def test_series_needs_exactly_one_of_count_and_until():
    with pytest.raises(ValidationError) as error:
        _event(repeat_frequency="WEEKLY").clean()
    assert "Ange antal gånger eller ett slutdatum för serien." in _messages(
        error.value, "repeat_count"
    )
    with pytest.raises(ValidationError) as error:
        _event(repeat_frequency="WEEKLY", repeat_count=3, repeat_until=date(2026, 5, 1)).clean()
    assert "repeat_until" in error.value.message_dict


def test_series_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as error:
        _event(repeat_frequency="WEEKLY", repeat_until=date(2026, 3, 1)).clean()
    assert _messages(error.value, "repeat_until") == [
        "Slutdatumet för serien är före första tillfället."
    ]


def test_rule_whose_exceptions_remove_every_occurrence_is_refused():
    event = _event(repeat_frequency="WEEKLY", repeat_count=2)
    event.excluded_dates = [
        EventExceptionDate(date=date(2026, 3, 3)),
        EventExceptionDate(date=date(2026, 3, 10)),
    ]
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert _messages(error.value, "repeat_frequency") == [
        "Upprepningen ger inga tillfällen. Kontrollera regeln och de datum som utgår."
    ]


def test_cancelled_needs_a_reason_and_reserved_slugs_are_refused():
    with pytest.raises(ValidationError) as error:
        _event(status=EventPage.Status.CANCELLED, slug="kalender").clean()
    assert "status_reason" in error.value.message_dict
    assert "slug" in error.value.message_dict


def test_saving_stores_rule_and_occurrences_with_moves(index):
    event = _event(repeat_frequency="WEEKLY", repeat_count=3)
    event.excluded_dates = [EventExceptionDate(date=date(2026, 3, 10))]
    event.extra_dates = [EventExtraDate(date=date(2026, 3, 12), time=time(13, 0))]
    index.add_child(instance=event)

    assert event.rrule == "FREQ=WEEKLY;COUNT=3"
    starts = list(
        EventOccurrence.objects.filter(event=event)
        .values_list("start", flat=True)
        .order_by("start")
    )
    assert starts == [
        datetime(2026, 3, 3, 10, tzinfo=STOCKHOLM),
        datetime(2026, 3, 12, 13, tzinfo=STOCKHOLM),
        datetime(2026, 3, 17, 10, tzinfo=STOCKHOLM),
    ]


def test_sequence_grows_on_publishing_a_new_time_place_or_status_only(index):
    event = EventPageFactory(parent=index)
    assert event.sequence == 0

    event.summary = "Ny sammanfattning."
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 0

    event.start = datetime(2026, 3, 3, 13, tzinfo=STOCKHOLM)
    event.end = datetime(2026, 3, 3, 15, tzinfo=STOCKHOLM)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.occurrences.get().start == datetime(2026, 3, 3, 13, tzinfo=STOCKHOLM)

    event.venue_name = "Stadshuset"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 2

    event.status = EventPage.Status.CANCELLED
    event.status_reason = "För få anmälda."
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 3


def test_saving_a_draft_does_not_touch_the_live_schedule(index):
    event = EventPageFactory(parent=index)
    event.start = datetime(2026, 4, 3, 10, tzinfo=STOCKHOLM)
    event.end = datetime(2026, 4, 3, 11, tzinfo=STOCKHOLM)
    event.save_revision()

    event.refresh_from_db()
    assert event.sequence == 0
    assert event.occurrences.get().start == datetime(2026, 3, 3, 10, tzinfo=STOCKHOLM)


def test_copies_and_translations_get_their_own_uid(index, home_en):
    event = EventPageFactory(parent=index)
    copy = event.copy(update_attrs={"slug": "kopia", "title": "Kopia"})
    assert copy.ical_uid != event.ical_uid
    assert copy.occurrences.count() == 1


def test_admin_shows_errors_for_end_before_start_and_empty_series(index, admin_client):
    """The admin refuses a series whose submitted exceptions remove every occurrence."""
    data = nested_form_data(
        {
            "title": "Serie",
            "slug": "serie",
            "summary": "Om service.",
            "start": "2026-03-03 10:00",
            "end": "2026-03-03 09:00",
            "format": "digitalt",
            "status": "scheduled",
            "repeat_interval": "1",
            "repeat_monthly_by": "date",
            "excluded_dates": inline_formset([]),
            "extra_dates": inline_formset([]),
            "documents": inline_formset([]),
            "body": streamfield([]),
            "programme": streamfield([]),
            "registration_questions": streamfield([]),
            "reminder_hours_before": "24",
            "digital_details_visible_hours_before": "48",
            "evaluation_audience": "confirmed",
            "evaluation_reminder_days": "3",
            "comments": inline_formset([]),
        }
    )
    url = f"/admin/pages/add/events/eventpage/{index.pk}/"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()

    data.update(
        nested_form_data(
            {
                "end": "2026-03-03 11:00",
                "repeat_frequency": "WEEKLY",
                "repeat_count": "1",
                "excluded_dates": inline_formset([{"date": "2026-03-03"}]),
            }
        )
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Upprepningen ger inga tillfällen." in response.content.decode()
    assert not EventPage.objects.filter(slug="serie").exists()

    data.update(nested_form_data({"excluded_dates": inline_formset([])}))
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert EventPage.objects.get(slug="serie").rrule == "FREQ=WEEKLY;COUNT=1"


def test_admin_edit_form_shows_the_digital_details_to_editors(index, admin_client):
    event = EventPageFactory(parent=index, online_link="https://mote.example.se/for-redaktorer")

    response = admin_client.get(f"/admin/pages/{event.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "https://mote.example.se/for-redaktorer" in html
    assert "Tillfällen som utgår" in html
