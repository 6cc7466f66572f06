"""Articles and meetings that relate to each other, shown on both pages."""

from datetime import datetime

import pytest

from events.recurrence import STOCKHOLM
from knowledge.models import ArticleKind
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(home):
    events = EventIndexPageFactory(parent=home)
    start = datetime(datetime.now().year + 1, 5, 20, 10, 0, tzinfo=STOCKHOLM)
    return EventPageFactory(parent=events, title="Träff om servicepunkter", start=start)


def test_article_and_meeting_link_to_each_other(client, library, meeting):
    article = ArticlePageFactory(
        parent=library, title="Lärdomar från träffen", kind=ArticleKind.EXPERIENCE
    )
    article.related_meetings.set([meeting])
    article.save()
    draft = ArticlePageFactory(parent=library, title="Opublicerat utkast", live=False)
    draft.related_meetings.set([meeting])
    draft.save()
    article_html = client.get(article.url).content.decode()
    assert f'<a href="{meeting.url}">Träff om servicepunkter</a>' in article_html
    meeting_html = client.get(meeting.url).content.decode()
    assert f'<a href="{article.url}">Lärdomar från träffen</a>' in meeting_html
    assert "Opublicerat utkast" not in meeting_html


def test_unpublished_meeting_is_not_linked(client, library, meeting):
    article = ArticlePageFactory(parent=library)
    article.related_meetings.set([meeting])
    article.save()
    meeting.unpublish()
    assert "Träff om servicepunkter" not in client.get(article.url).content.decode()
