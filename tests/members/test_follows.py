"""Following: the services and their refusals, Bevakningar, the buttons, the report, GDPR."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest
from allauth.account.models import EmailAddress

from core.models import County
from knowledge.models import ArticleKind
from members import services as member_services
from members.follows import kinds, selectors, services
from members.follows.models import DigestEntry, Follow
from members.models import User
from tests.factories.core import StandardPageFactory, TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import UserFactory, sign_in_with_mfa
from tests.factories.regions import CountyPageFactory, RegionalCoordinationPageFactory

pytestmark = pytest.mark.django_db

INDEX = "/mina-sidor/bevakningar/"
FOLLOW = "/mina-sidor/bevakningar/bevaka/"
UNFOLLOW = "/mina-sidor/bevakningar/sluta-bevaka/"
REPORT_URL = "/admin/reports/bevakningar/"


@pytest.fixture
def norrbotten():
    return County.objects.get(code="25")


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)


@pytest.fixture
def events_index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def member(client):
    user = UserFactory(first_name="Berit", last_name="Bevakare")
    client.force_login(user)
    return user


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


# -- services -------------------------------------------------------------------------


class TestServices:
    def test_follow_county_twice_keeps_one_row(self, norrbotten):
        user = UserFactory()
        first = services.follow_county(user=user, county=norrbotten)
        second = services.follow_county(user=user, county=norrbotten)
        assert first == second
        assert Follow.objects.filter(user=user).count() == 1

    def test_topic_follow_is_an_interest(self):
        user, topic = UserFactory(), TopicFactory()
        services.follow_topic(user=user, topic=topic)
        services.follow_topic(user=user, topic=topic)
        assert list(user.interests.all()) == [topic]
        services.unfollow_topic(user=user, topic=topic)
        assert not user.interests.exists()

    def test_kinds_are_registered_by_knowledge(self):
        assert kinds.kind_label(ArticleKind.METHOD_SUPPORT) == "Metodstöd"
        follow = services.follow_kind(user=UserFactory(), kind=ArticleKind.METHOD_SUPPORT)
        assert follow.kind == "metodstod"

    def test_unknown_kind_is_refused(self):
        user = UserFactory()
        with pytest.raises(services.FollowRefused) as refused:
            services.follow_kind(user=user, kind="hemligt")
        assert refused.value.message == "Det finns ingen sådan sort av artikel."
        assert not Follow.objects.exists()

    def test_follow_public_meeting_and_article(self, events_index, library):
        user = UserFactory()
        meeting = EventPageFactory(parent=events_index)
        article = ArticlePageFactory(parent=library)
        services.follow_page(user=user, page=meeting)
        services.follow_page(user=user, page=Page.objects.get(pk=article.pk))
        services.follow_page(user=user, page=article)
        assert set(Follow.objects.values_list("page_id", flat=True)) == {meeting.pk, article.pk}

    def test_restricted_page_is_refused(self, events_index):
        meeting = EventPageFactory(parent=events_index)
        restrict(meeting)
        with pytest.raises(services.FollowRefused) as refused:
            services.follow_page(user=UserFactory(), page=meeting)
        assert "inte öppen för alla" in refused.value.message
        assert not Follow.objects.exists()

    def test_page_under_a_restricted_page_is_refused(self, library):
        restrict(library)
        article = ArticlePageFactory(parent=library)
        with pytest.raises(services.FollowRefused):
            services.follow_page(user=UserFactory(), page=article)

    def test_unpublished_page_is_refused(self, library):
        draft = ArticlePageFactory(parent=library, live=False)
        with pytest.raises(services.FollowRefused) as refused:
            services.follow_page(user=UserFactory(), page=draft)
        assert "inte publicerad" in refused.value.message

    def test_page_of_another_type_is_refused(self, home):
        page = StandardPageFactory(parent=home)
        with pytest.raises(services.FollowRefused) as refused:
            services.follow_page(user=UserFactory(), page=page)
        assert refused.value.message == "Den här sidan kan inte bevakas."

    def test_own_county_is_followed_when_none_is(self, norrbotten):
        gotland = County.objects.get(code="09")
        user = UserFactory(county=norrbotten)
        services.follow_own_county(user=user)
        user.county = gotland
        services.follow_own_county(user=user)  # follows a county already: kept as it is
        assert list(Follow.objects.filter(user=user).values_list("county", flat=True)) == [
            norrbotten.pk
        ]


# -- the Bevakningar page --------------------------------------------------------------


class TestBevakningarPage:
    def test_needs_sign_in(self, client):
        response = client.get(INDEX)
        assert response.status_code == 302
        assert response.url == f"/konto/login/?next={INDEX}"

    def test_follow_needs_sign_in_and_post(self, client, member):
        assert client.get(FOLLOW).status_code == 405
        client.logout()
        response = client.post(FOLLOW, {"target": "county", "value": "1"})
        assert response.status_code == 302
        assert response.url.startswith("/konto/login/?next=")
        assert not Follow.objects.exists()

    def test_lists_each_group(self, client, member, norrbotten, events_index, library):
        topic = TopicFactory(name="Drivmedel")
        member.interests.add(topic)
        services.follow_county(user=member, county=norrbotten)
        services.follow_kind(user=member, kind=ArticleKind.GUIDELINE)
        meeting = EventPageFactory(parent=events_index, title="Träff i Luleå")
        article = ArticlePageFactory(parent=library, title="Lanthandeln lever")
        hidden = ArticlePageFactory(parent=library, title="Numera dold")
        services.follow_page(user=member, page=meeting)
        services.follow_page(user=member, page=article)
        services.follow_page(user=member, page=hidden)
        hidden.unpublish()
        response = client.get(INDEX)
        assert response.status_code == 200
        html = response.content.decode()
        for text in ["Drivmedel", "Norrbottens län", "Riktlinje", "Träff i Luleå"]:
            assert text in html
        assert "Lanthandeln lever" in html
        assert "Numera dold" not in html
        assert article.url in html
        assert html.count("Sluta bevaka<span") == 5
        groups = {g.key: [i.label for i in g.items] for g in selectors.follow_groups(member)}
        assert groups == {
            "topics": ["Drivmedel"],
            "counties": ["Norrbottens län"],
            "kinds": ["Riktlinje"],
            "meetings": ["Träff i Luleå"],
            "articles": ["Lanthandeln lever"],
        }

    def test_removes_a_follow(self, client, member, norrbotten):
        follow = services.follow_county(user=member, county=norrbotten)
        response = client.post(f"{INDEX}{follow.pk}/sluta-bevaka/")
        assert response.status_code == 302
        assert response.url == INDEX
        assert not Follow.objects.exists()

    def test_another_member_cannot_remove_my_follow(self, client, norrbotten):
        mine = services.follow_county(user=UserFactory(), county=norrbotten)
        client.force_login(UserFactory())
        response = client.post(f"{INDEX}{mine.pk}/sluta-bevaka/")
        assert response.status_code == 404
        assert Follow.objects.filter(pk=mine.pk).exists()

    def test_removes_a_topic_from_the_list(self, client, member):
        topic = TopicFactory()
        member.interests.add(topic)
        response = client.post(UNFOLLOW, {"target": "topic", "value": topic.pk, "next": INDEX})
        assert response.status_code == 302
        assert response.url == INDEX
        assert not member.interests.exists()

    def test_saves_preferences(self, client, member):
        response = client.post(
            INDEX,
            {"digest_frequency": "daily", "new_events_at_once": "on", "notify_new_events": "on"},
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.digest_frequency == User.DigestFrequency.DAILY
        assert member.new_events_at_once and member.notify_new_events
        assert not member.notify_event_updates

    def test_bad_preference_is_a_400(self, client, member):
        response = client.post(INDEX, {"digest_frequency": "hourly"})
        assert response.status_code == 400
        member.refresh_from_db()
        assert member.digest_frequency == User.DigestFrequency.WEEKLY

    def test_query_count_does_not_grow_with_follows(self, client, member, events_index, library):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(INDEX).status_code == 200
            return len(queries)

        services.follow_page(user=member, page=EventPageFactory(parent=events_index))
        member.interests.add(TopicFactory())
        count()  # the first request fills caches (site, permissions, generations)
        few = count()
        for code in ["01", "03", "09", "25"]:
            services.follow_county(user=member, county=County.objects.get(code=code))
        for _ in range(4):
            services.follow_page(user=member, page=EventPageFactory(parent=events_index))
            services.follow_page(user=member, page=ArticlePageFactory(parent=library))
            member.interests.add(TopicFactory())
        for kind in ArticleKind.values:
            services.follow_kind(user=member, kind=kind)
        assert count() == few


class TestProfileForm:
    def test_preferences_are_in_the_profile_too(self, client, member, norrbotten):
        response = client.post(
            "/mina-sidor/profil/",
            {
                "first_name": "Berit",
                "last_name": "Bevakare",
                "language": "sv",
                "county": norrbotten.pk,
                "digest_frequency": "off",
                "notify_event_updates": "on",
            },
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.digest_frequency == User.DigestFrequency.OFF
        assert not member.new_events_at_once and not member.notify_new_events
        assert member.notify_event_updates
        # The county was set and none was followed: now it is.
        assert list(Follow.objects.values_list("county", flat=True)) == [norrbotten.pk]
        html = client.get(INDEX).content.decode()
        assert 'value="off" required id="id_digest_frequency_2" checked' in html

    def test_a_followed_county_is_not_replaced(self, client, member, norrbotten):
        services.follow_county(user=member, county=County.objects.get(code="09"))
        client.post(
            "/mina-sidor/profil/",
            {
                "first_name": "B",
                "last_name": "B",
                "language": "sv",
                "county": norrbotten.pk,
                "digest_frequency": "weekly",
            },
        )
        assert list(Follow.objects.values_list("county__code", flat=True)) == ["09"]


# -- the follow endpoint ----------------------------------------------------------------


class TestFollowEndpoint:
    def test_follows_and_goes_back(self, client, member, norrbotten):
        response = client.post(
            FOLLOW, {"target": "county", "value": norrbotten.pk, "next": "/motesplatser/?lan=x"}
        )
        assert response.status_code == 302
        assert response.url == "/motesplatser/?lan=x"
        assert Follow.objects.get(user=member).county == norrbotten
        page = client.get(INDEX)
        assert "Du bevakar nu Norrbottens län." in page.content.decode()

    @pytest.mark.parametrize("next_url", ["https://elak.example/", "//elak.example/", ""])
    def test_unsafe_next_goes_to_bevakningar(self, client, member, norrbotten, next_url):
        response = client.post(
            FOLLOW, {"target": "county", "value": norrbotten.pk, "next": next_url}
        )
        assert response.url == INDEX

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"target": "county", "value": "999999"}, "Länet finns inte."),
            ({"target": "county", "value": "99999999999999999999"}, "Länet finns inte."),
            ({"target": "topic", "value": "abc"}, "Ämnet finns inte."),
            ({"target": "page", "value": "-1"}, "Sidan finns inte."),
            ({"target": "kind", "value": "hemligt"}, "Det finns ingen sådan sort av artikel."),
            ({"target": "user", "value": "1"}, "Det går inte att bevaka det."),
            ({"target": "county"}, "Det här fältet är obligatoriskt"),
        ],
    )
    def test_forged_targets_are_400(self, client, member, data, message):
        response = client.post(FOLLOW, data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Follow.objects.exists()

    def test_restricted_page_is_refused(self, client, member, events_index):
        meeting = EventPageFactory(parent=events_index)
        restrict(meeting)
        response = client.post(FOLLOW, {"target": "page", "value": meeting.pk})
        assert response.status_code == 400
        assert "inte öppen för alla" in response.content.decode()
        assert not Follow.objects.exists()

    def test_unverified_address_is_refused(self, client, member, norrbotten):
        EmailAddress.objects.filter(user=member).update(verified=False)
        response = client.post(FOLLOW, {"target": "county", "value": norrbotten.pk})
        assert response.status_code == 403
        assert "Bekräfta din e-postadress" in response.content.decode()
        assert not Follow.objects.exists()


# -- the buttons -------------------------------------------------------------------------


def follow_form(html: str, value) -> str:
    """The text of the follow button form that names ``value``."""
    marker = f'name="value" value="{value}"'
    assert marker in html, html
    start = html.index(marker)
    return html[start : html.index("</form>", start)]


class TestButtons:
    def test_library_filters_for_a_member(self, client, member, library, norrbotten):
        topic = TopicFactory(name="Dagligvaror", slug="dagligvaror")
        article = ArticlePageFactory(parent=library, kind=ArticleKind.GUIDELINE)
        article.topics.set([topic])
        article.counties.set([norrbotten])
        article.save_revision().publish()
        member.interests.add(topic)
        url = f"/kunskapsbank/?topic=dagligvaror&county={norrbotten.slug}&kind=riktlinje"
        html = client.get(url).content.decode()
        assert "Bevakar Dagligvaror ✓ (sluta bevaka)" in follow_form(html, topic.pk)
        assert "Bevaka Norrbottens län" in follow_form(html, norrbotten.pk)
        assert "Bevaka Riktlinje" in follow_form(html, "riktlinje")
        assert f'name="next" value="{url.replace("&", "&amp;")}"' in html
        assert UNFOLLOW in html and FOLLOW in html

    def test_library_without_filters_has_no_button(self, client, member, library):
        html = client.get("/kunskapsbank/").content.decode()
        assert FOLLOW not in html and "Logga in för att bevaka" not in html

    def test_anonymous_visitors_get_one_sign_in_link(
        self, client, settings, library, norrbotten, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_SECONDS = 600
        topic = TopicFactory(slug="dagligvaror")
        url = f"/kunskapsbank/?topic={topic.slug}&county={norrbotten.slug}"
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url)  # creates the site's footer setting once
        html = client.get(url).content.decode()
        assert html.count("Logga in för att bevaka") == 1
        assert FOLLOW not in html
        # The same for every anonymous visitor: the cached copy is served.
        again = client.get(url)
        assert again.headers.get("X-Page-Cache") == "hit"
        assert again.content.decode() == html

    def test_meetings_listing_filters(self, client, member, events_index, norrbotten):
        topic = TopicFactory(slug="drivmedel")
        services.follow_county(user=member, county=norrbotten)
        html = client.get(f"/motesplatser/?lan={norrbotten.slug}&amne=drivmedel").content.decode()
        assert "Bevakar Norrbottens län ✓ (sluta bevaka)" in follow_form(html, norrbotten.pk)
        assert f"Bevaka {topic.name}" in follow_form(html, topic.pk)

    def test_county_page(self, client, member, home, norrbotten):
        landing = RegionalCoordinationPageFactory(parent=home)
        page = CountyPageFactory(parent=landing, county=norrbotten)
        html = client.get(page.url).content.decode()
        assert "Bevaka Norrbottens län" in follow_form(html, norrbotten.pk)

    def test_meeting_and_article_pages(self, client, member, events_index, library):
        meeting = EventPageFactory(parent=events_index, title="Träff i Kiruna")
        article = ArticlePageFactory(parent=library, title="Om butiker")
        services.follow_page(user=member, page=article)
        html = client.get(meeting.url).content.decode()
        assert "Bevaka Träff i Kiruna" in follow_form(html, meeting.pk)
        html = client.get(article.url).content.decode()
        assert "Bevakar Om butiker ✓ (sluta bevaka)" in follow_form(html, article.pk)

    def test_restricted_meeting_has_no_button(self, client, member, events_index):
        meeting = EventPageFactory(parent=events_index)
        restrict(meeting)
        html = client.get(meeting.url).content.decode()
        assert FOLLOW not in html and UNFOLLOW not in html

    def test_button_round_trip(self, client, member, events_index):
        meeting = EventPageFactory(parent=events_index, title="Träff i Piteå")
        data = {"target": "page", "value": meeting.pk, "next": meeting.url}
        assert client.post(FOLLOW, data).url == meeting.url
        html = client.get(meeting.url).content.decode()
        assert "Bevakar Träff i Piteå ✓" in html
        assert "Du bevakar nu Träff i Piteå." in html
        assert client.post(UNFOLLOW, data).url == meeting.url
        assert not Follow.objects.exists()
        assert "Bevaka Träff i Piteå" in client.get(meeting.url).content.decode()


# -- the editors' report ----------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    editor = UserFactory(totp=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    sign_in_with_mfa(client, editor)
    return client


class TestReport:
    @pytest.fixture
    def followers(self, norrbotten):
        topic = TopicFactory(name="Apotek")
        for user in UserFactory.create_batch(3):
            user.interests.add(topic)
            services.follow_county(user=user, county=norrbotten)
        services.follow_kind(user=user, kind=ArticleKind.REPORT)
        gone = UserFactory(is_active=False)
        gone.interests.add(topic)
        return topic

    def test_counts_and_export(self, editor_client, followers):
        response = editor_client.get(REPORT_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Apotek" in html and "Norrbottens län" in html
        response = editor_client.get(REPORT_URL, {"export": "csv"})
        rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        assert rows[0] == "Sort,Namn,Medlemmar som bevakar"
        assert "Ämne,Apotek,3" in rows
        assert "Län,Norrbottens län,3" in rows
        assert "Län,Gotlands län,0" in rows
        assert "Sort av artikel,Rapport,1" in rows
        assert "Sort av artikel,Metodstöd,0" in rows
        response = editor_client.get(REPORT_URL, {"export": "xlsx"})
        assert response.status_code == 200

    def test_in_reports_menu_for_editors(self, editor_client):
        assert REPORT_URL in editor_client.get("/admin/").content.decode()

    def test_not_for_members(self, client, member):
        response = client.get(REPORT_URL)
        assert response.status_code in (302, 403)

    def test_constant_queries(self, editor_client, followers):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                editor_client.get(REPORT_URL, {"export": "csv"})
            return len(queries)

        count()
        few = count()
        for user in UserFactory.create_batch(5):
            user.interests.add(TopicFactory())
            services.follow_kind(user=user, kind=ArticleKind.EXPERIENCE)
        assert count() == few


# -- GDPR --------------------------------------------------------------------------------


class TestGdpr:
    def test_export_has_follows_and_preferences(self, client, member, norrbotten, library):
        article = ArticlePageFactory(parent=library, title="Butiksdöden")
        services.follow_county(user=member, county=norrbotten)
        services.follow_kind(user=member, kind=ArticleKind.REPORT)
        services.follow_page(user=member, page=article)
        DigestEntry.objects.create(user=member, page=article)
        member.interests.add(TopicFactory(name="Post"))
        data = client.get("/mina-sidor/mina-uppgifter/").json()
        assert data["profile"]["digest_frequency"] == "weekly"
        assert data["profile"]["new_events_at_once"] is False
        assert data["profile"]["interests"] == ["Post"]
        assert [(f["type"], f["name"]) for f in data["follows"]] == [
            ("county", "Norrbottens län"),
            ("kind", "Rapport"),
            ("page", "Butiksdöden"),
        ]
        assert data["told_of"][0]["page"] == "Butiksdöden"

    def test_follows_go_with_the_account(self, norrbotten, library):
        user = UserFactory()
        other = UserFactory()
        article = ArticlePageFactory(parent=library)
        services.follow_county(user=user, county=norrbotten)
        services.follow_page(user=user, page=article)
        services.follow_county(user=other, county=norrbotten)
        DigestEntry.objects.create(user=user, page=article)
        member_services.account_delete(user=user)
        assert list(Follow.objects.values_list("user", flat=True)) == [other.pk]
        assert not DigestEntry.objects.exists()
