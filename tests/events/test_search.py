"""Meetings in the site search, as the search type 'mote'."""

import pytest

from core.models import County
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [hit["page"].title for hit in response.context["hits"]]


@pytest.fixture
def content(home):
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=events,
        title="Nätverksträff om drivmedel",
        summary="Hur håller vi drivmedelsstationerna öppna i glesbygden?",
        county=County.objects.get(code="25"),
    )
    EventPageFactory(parent=events, title="Opublicerad träff om drivmedel", live=False)
    library = LibraryIndexPageFactory(parent=home)
    ArticlePageFactory(parent=library, title="Drivmedel i glesbygd", summary="Om drivmedel.")


def test_meeting_is_found_with_the_meeting_type(client, content):
    response = client.get("/sok/", {"q": "drivmedel", "type": "mote"})
    assert response.status_code == 200
    assert _titles(response) == ["Nätverksträff om drivmedel"]


def test_meeting_is_found_by_its_county(client, content):
    response = client.get("/sok/", {"q": "Norrbottens", "type": "mote"})
    assert _titles(response) == ["Nätverksträff om drivmedel"]


def test_meeting_type_is_offered_on_the_search_page(client, content):
    html = client.get("/sok/", {"q": "drivmedel"}).content.decode()
    assert 'value="mote"' in html
    assert "Möten" in html
