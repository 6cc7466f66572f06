"""The editors' action 'Skriv erfarenhetsartikel från mötet' on a meeting in the admin."""

from datetime import datetime

import pytest

from core.models import County, Topic
from events.recurrence import STOCKHOLM
from knowledge.models import ArticleKind, ArticlePage
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.members import UserFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(home):
    events = EventIndexPageFactory(parent=home)
    meeting = EventPageFactory(
        parent=events,
        title="Träff om hemsändning",
        summary="Kommunerna i länet jämför hemsändningsbidragen.",
        start=datetime(2026, 3, 3, 10, 0, tzinfo=STOCKHOLM),
        county=County.objects.get(code="25"),
    )
    topic = Topic.objects.create(name="Hemsändning", slug="hemsandning", kind="service")
    meeting.topics.set([topic])
    meeting.save()
    return meeting


def test_editor_creates_a_draft_experience_article_from_a_meeting(client, library, meeting):
    editor = UserFactory(is_superuser=True, is_staff=True, totp=True)
    sign_in_with_mfa(client, editor)
    edit_html = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    action_url = f"/admin/kunskapsbank/fran-mote/{meeting.pk}/"
    assert action_url in edit_html
    assert "Skriv erfarenhetsartikel från mötet" in edit_html
    assert client.get(action_url).status_code == 200
    response = client.post(action_url)
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.pk}/edit/"
    assert not article.live
    assert article.owner == editor
    assert article.kind == ArticleKind.EXPERIENCE
    assert article.title == "Erfarenheter från Träff om hemsändning"
    assert "3 mars 2026" in article.summary
    assert list(article.counties.values_list("code", flat=True)) == ["25"]
    assert list(article.topics.values_list("slug", flat=True)) == ["hemsandning"]
    assert list(article.related_meetings.all()) == [meeting]
    assert client.get(response["Location"]).status_code == 200


def test_members_cannot_use_the_action(client, library, meeting):
    client.force_login(UserFactory())
    response = client.post(f"/admin/kunskapsbank/fran-mote/{meeting.pk}/")
    assert response.status_code == 403
    assert not ArticlePage.objects.exists()
