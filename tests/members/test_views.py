"""Mina sidor: profile, directory, calendar token, data download and account deletion."""

import json

from django.contrib.auth.models import Group

import pytest

from core.models import County
from members import gdpr, selectors
from members.models import Consent, Membership, User
from tests.factories.core import TopicFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/mina-sidor/",
        "/mina-sidor/profil/",
        "/mina-sidor/organisation/",
        "/mina-sidor/medlemmar/",
        "/mina-sidor/kalender/",
        "/mina-sidor/mina-uppgifter/",
        "/mina-sidor/radera-konto/",
    ],
)
def test_member_pages_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/mina-sidor/",
        "/mina-sidor/profil/",
        "/mina-sidor/organisation/",
        "/mina-sidor/medlemmar/",
        "/mina-sidor/kalender/",
        "/mina-sidor/radera-konto/",
        "/konto/email/",
        "/konto/password/change/",
        "/konto/2fa/",
    ],
)
def test_member_pages_render_in_the_site_layout(client, home, path):
    client.force_login(MembershipFactory().user)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'class="account-layout__nav"' in html


def test_profile_edit(client, locales):
    user = UserFactory()
    topic = TopicFactory()
    client.force_login(user)
    response = client.post(
        "/mina-sidor/profil/",
        {
            "first_name": "Britt",
            "last_name": "Holm",
            "job_title": "Serviceutvecklare",
            "phone": "070-123 45 67",
            "interests": [topic.pk],
            "language": "en",
            "notify_new_events": "on",
            "digest_frequency": "daily",
            "visible_to_members": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.job_title, user.language) == ("Britt", "Serviceutvecklare", "en")
    assert user.visible_to_members and user.notify_new_events and not user.notify_event_updates
    assert list(user.interests.all()) == [topic]
    assert user.digest_frequency == "daily"


def test_profile_rejects_overlong_input(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/mina-sidor/profil/",
        {"first_name": "B", "last_name": "H", "job_title": "x" * 151, "language": "sv"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Säkerställ att detta värde har som mest 150 tecken (den har 151)." in html
    user.refresh_from_db()
    assert user.first_name != "B"


def test_directory_shows_only_visible_approved_members(client):
    county_org = OrganisationFactory(name="Region Gotland")
    shown = MembershipFactory(
        organisation=county_org, user__first_name="Synlig", user__visible_to_members=True
    ).user
    MembershipFactory(user__first_name="Dold", user__visible_to_members=False)
    MembershipFactory(
        user__first_name="Väntande",
        user__visible_to_members=True,
        status=Membership.Status.PENDING,
    )
    MembershipFactory(
        user__first_name="Avböjd",
        user__visible_to_members=True,
        status=Membership.Status.DECLINED,
    )
    MembershipFactory(
        user__first_name="Inaktiv", user__visible_to_members=True, user__is_active=False
    )
    client.force_login(MembershipFactory().user)
    html = client.get("/mina-sidor/medlemmar/").content.decode()
    assert shown.get_full_name() in html
    assert "Region Gotland" in html
    for hidden in ("Dold", "Väntande", "Avböjd", "Inaktiv"):
        assert hidden not in html


def test_directory_shows_only_what_the_profile_setting_promises(client):
    """Name, title, organisation and county: "synlig för andra medlemmar" says no more."""
    topic = TopicFactory(name="Drivmedel")
    shown = MembershipFactory(
        user__visible_to_members=True,
        user__job_title="Serviceutvecklare",
        user__phone="070-123 45 67",
        user__county=County.objects.get(code="09"),
    ).user
    shown.interests.add(topic)
    client.force_login(MembershipFactory().user)
    response = client.get("/mina-sidor/medlemmar/")
    html = response.content.decode()
    assert shown.get_full_name() in html
    assert "Serviceutvecklare" in html
    assert "Gotlands län" in html
    assert shown.email not in html
    assert "070-123 45 67" not in html
    assert "Drivmedel" not in html
    # Nor can an interest be found out by filtering on it.
    assert "interest" not in response.context["form"].fields
    by_topic = client.get("/mina-sidor/medlemmar/", {"interest": topic.pk}).content.decode()
    assert shown.get_full_name() in by_topic


def test_directory_filters(client):
    first = MembershipFactory(user__first_name="Första", user__visible_to_members=True)
    second = MembershipFactory(user__first_name="Andra", user__visible_to_members=True)
    # Removed from the first organisation, now approved in another: listed under that one only.
    moved = MembershipFactory(user__first_name="Flyttad", user__visible_to_members=True)
    moved.status = Membership.Status.REMOVED
    moved.save()
    MembershipFactory(user=moved.user)
    client.force_login(MembershipFactory().user)
    by_org = client.get("/mina-sidor/medlemmar/", {"organisation": second.organisation_id})
    assert "Andra" in by_org.content.decode()
    assert "Första" not in by_org.content.decode()
    former = client.get("/mina-sidor/medlemmar/", {"organisation": moved.organisation_id})
    assert "Flyttad" not in former.content.decode()
    assert "Första" not in former.content.decode()
    assert first.user.get_full_name() in client.get("/mina-sidor/medlemmar/").content.decode()
    assert client.get("/mina-sidor/medlemmar/", {"county": "abc"}).status_code == 200
    assert client.get("/mina-sidor/medlemmar/", {"page": "99"}).status_code == 404


def test_directory_query_count_does_not_grow(client, django_assert_max_num_queries):
    topics = [TopicFactory(), TopicFactory()]
    client.force_login(MembershipFactory().user)

    def add_members(count):
        for _ in range(count):
            member = MembershipFactory(user__visible_to_members=True).user
            member.interests.set(topics)

    add_members(2)
    with django_assert_max_num_queries(30) as few:
        client.get("/mina-sidor/medlemmar/")
    add_members(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/mina-sidor/medlemmar/")


def _editor():
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("approved", True),
        ("editor", True),
        ("pending", False),
        ("declined", False),
        ("none", False),
    ],
)
def test_directory_is_for_approved_members_and_editors(client, who, allowed):
    MembershipFactory(user__first_name="Synlig", user__visible_to_members=True)
    viewer = {
        "approved": lambda: MembershipFactory().user,
        "editor": _editor,
        "pending": lambda: MembershipFactory(status=Membership.Status.PENDING).user,
        "declined": lambda: MembershipFactory(status=Membership.Status.DECLINED).user,
        "none": UserFactory,
    }[who]()
    client.force_login(viewer)
    response = client.get("/mina-sidor/medlemmar/")
    html = response.content.decode()
    nav_link = '<a href="/mina-sidor/medlemmar/"'
    dashboard = client.get("/mina-sidor/").content.decode()
    if allowed:
        assert response.status_code == 200
        assert "Synlig" in html
        assert nav_link in dashboard
    else:
        assert response.status_code == 403
        assert "Synlig" not in html
        assert "godkända medlemmar" in html
        assert 'href="/mina-sidor/organisation/"' in html
        assert nav_link not in dashboard
        assert nav_link not in html


def test_directory_refusal_tells_a_pending_member_to_wait(client):
    membership = MembershipFactory(
        status=Membership.Status.PENDING, organisation__name="Region Gotland"
    )
    client.force_login(membership.user)
    html = client.get("/mina-sidor/medlemmar/").content.decode()
    assert "Din ansökan om medlemskap i Region Gotland väntar på godkännande." in html


def test_directory_link_follows_the_membership(client):
    """The cached navigation offers the directory once the membership is approved."""
    membership = MembershipFactory(status=Membership.Status.PENDING)
    client.force_login(membership.user)
    assert '<a href="/mina-sidor/medlemmar/"' not in client.get("/mina-sidor/").text
    membership.status = Membership.Status.APPROVED
    membership.save()
    assert '<a href="/mina-sidor/medlemmar/"' in client.get("/mina-sidor/").text
    assert client.get("/mina-sidor/medlemmar/").status_code == 200


def test_calendar_token_regenerates_and_old_url_stops_working(client):
    user = UserFactory()
    client.force_login(user)
    assert "Skapa min kalenderadress" in client.get("/mina-sidor/kalender/").content.decode()
    client.post("/mina-sidor/kalender/")
    user.refresh_from_db()
    old = user.feed_token
    assert len(old) >= 43
    html = client.get("/mina-sidor/kalender/").content.decode()
    assert f"http://testserver/mina-sidor/kalender/{old}.ics" in html
    assert f"webcal://testserver/mina-sidor/kalender/{old}.ics" in html
    assert 'src="/static/js/members.js"' in html

    client.logout()  # calendar programs do not log in
    feed = client.get(f"/mina-sidor/kalender/{old}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content

    client.force_login(user)
    client.post("/mina-sidor/kalender/")
    user.refresh_from_db()
    assert user.feed_token != old
    assert client.get(f"/mina-sidor/kalender/{old}.ics").status_code == 404
    assert selectors.member_for_feed_token(old) is None
    assert selectors.member_for_feed_token(user.feed_token) == user


def test_feed_of_unknown_or_inactive_member_is_404(client):
    user = UserFactory(feed_token="token-of-inactive", is_active=False)
    assert client.get(f"/mina-sidor/kalender/{user.feed_token}.ics").status_code == 404
    assert client.get("/mina-sidor/kalender/nonsense.ics").status_code == 404


@pytest.fixture
def registered_gdpr_hooks():
    """A higher app's exporter and eraser, removed again after the test."""
    erased = []

    def export_notes(user):
        return "notes", [{"text": f"Anteckning av {user.email}"}]

    def erase_notes(user):
        erased.append(user.pk)

    gdpr.register_exporter(export_notes)
    gdpr.register_eraser(erase_notes)
    yield erased
    gdpr._exporters.remove(export_notes)
    gdpr._erasers.remove(erase_notes)


def test_data_download(client, registered_gdpr_hooks):
    membership = MembershipFactory(user__job_title="Analytiker")
    user = membership.user
    Consent.objects.create(user=user, kind=Consent.Kind.PRIVACY, version="revision:7")
    other = MembershipFactory(user__job_title="Hemlig")
    client.force_login(user)
    response = client.get("/mina-sidor/mina-uppgifter/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == user.email
    assert data["profile"]["job_title"] == "Analytiker"
    assert data["memberships"][0]["organisation"] == membership.organisation.name
    assert data["consents"][0]["version"] == "revision:7"
    assert data["notes"] == [{"text": f"Anteckning av {user.email}"}]
    assert other.user.email not in response.content.decode()


def test_account_delete_needs_the_password(client, registered_gdpr_hooks):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post("/mina-sidor/radera-konto/", {"password": "fel"})
    assert response.status_code == 400
    assert "Lösenordet stämmer inte." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert registered_gdpr_hooks == []


def test_account_delete_removes_data_and_logs_out(client, registered_gdpr_hooks):
    membership = MembershipFactory()
    user = membership.user
    Consent.objects.create(user=user, kind=Consent.Kind.PRIVACY, version="1")
    organisation = membership.organisation
    client.force_login(user)
    response = client.post("/mina-sidor/radera-konto/", {"password": "losenord-123"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not Consent.objects.filter(user_id=user.pk).exists()
    assert registered_gdpr_hooks == [user.pk]
    assert "_auth_user_id" not in client.session
    organisation.refresh_from_db()  # the organisation stays


def test_header_links_to_mina_sidor_when_logged_in(client, home):
    assert "/konto/signup/" in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/mina-sidor/"' in client.get("/").content.decode()


def test_dashboard_links_reviewers_to_the_review_page(client):
    for member in (
        MembershipFactory().user,
        MembershipFactory(role=Membership.Role.COORDINATOR, status=Membership.Status.PENDING).user,
        UserFactory(),
    ):
        client.force_login(member)
        assert "/mina-sidor/granska/" not in client.get("/mina-sidor/").content.decode()
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    assert "/mina-sidor/granska/" in client.get("/mina-sidor/").content.decode()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "/mina-sidor/granska/" in client.get("/mina-sidor/").content.decode()


def test_member_pages_in_english(client, home_en):
    client.force_login(MembershipFactory().user)
    html = client.get("/en/mina-sidor/profil/").content.decode()
    assert 'lang="en"' in html
    assert "My profile" in html
    client.logout()
    signup = client.get("/en/konto/signup/").content.decode()
    assert "First name" in signup
    assert "I have read the privacy policy" in signup


def test_account_nav_marks_the_current_page_in_each_language(client, home_en):
    """The navigation is cached per page and language, so each keeps its own mark."""
    client.force_login(MembershipFactory().user)
    current = ' aria-current="page">'
    for _round in range(2):
        dashboard = client.get("/mina-sidor/").content.decode()
        assert f'<a href="/mina-sidor/"{current}Översikt</a>' in dashboard
        assert dashboard.count(current) == 1
        profile = client.get("/mina-sidor/profil/").content.decode()
        assert f'<a href="/mina-sidor/profil/"{current}Min profil</a>' in profile
        assert profile.count(current) == 1
        english = client.get("/en/mina-sidor/").content.decode()
        assert f'<a href="/en/mina-sidor/"{current}Overview</a>' in english
