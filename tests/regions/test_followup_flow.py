"""The annual follow-up: a county's reporter answers in Mina sidor, editors review in the admin."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from core.models import County
from regions.models import FollowUpAnswer, FollowUpRound, ProgrammeReporter
from tests.factories import followups
from tests.factories.followups import (
    COMMENT,
    DELIVERIES,
    PRIORITY_A,
    PRIORITY_B,
    PROGRAMME,
    SHOPS,
    SUPPORT,
    priority,
)
from tests.factories.members import MembershipFactory, UserFactory, sign_in_with_mfa
from tests.factories.regions import CountyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return followups.questionnaire()


@pytest.fixture
def round_(questionnaire):
    today = timezone.localdate()
    return FollowUpRound.objects.create(
        year=today.year,
        questionnaire=questionnaire,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def norrbotten():
    return County.objects.get(code="25")


@pytest.fixture
def county_page(landing, norrbotten):
    return CountyPageFactory(
        parent=landing,
        county=norrbotten,
        priorities=[priority(PRIORITY_A, "Dagligvaror"), priority(PRIORITY_B, "Drivmedel")],
    )


@pytest.fixture
def reporter(norrbotten):
    user = UserFactory(email="rapport@example.se", totp=True)
    MembershipFactory(user=user)
    ProgrammeReporter.objects.create(user=user, county=norrbotten)
    return user


@pytest.fixture
def reporter_client(client, reporter):
    sign_in_with_mfa(client, reporter)
    return client


@pytest.fixture
def editor():
    user = UserFactory(email="redaktor@tillvaxtverket.se", totp=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def form_url(round_, county):
    return reverse("regions:follow-up", kwargs={"year": round_.year, "county": county.slug})


def full_answers(**overrides):
    data = {
        f"svar-q-{SHOPS}": "1234",
        f"svar-q-{SUPPORT}": "2500000",
        f"svar-q-{PROGRAMME}": "ja",
        f"svar-q-{DELIVERIES}-{PRIORITY_A}": "40",
        f"svar-q-{DELIVERIES}-{PRIORITY_B}": "",
        f"svar-q-{COMMENT}": "Bra år.",
    }
    data.update(overrides)
    return data


def test_draft_submit_return_fix_approve_and_the_figures_on_the_county_page(
    client,
    reporter,
    editor,
    round_,
    county_page,
    norrbotten,
    mail_server,
    settings,
    django_capture_on_commit_callbacks,
):
    # The anonymous county page is cached before anything is approved.
    settings.PAGE_CACHE_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=True):
        client.get(county_page.url)  # creates the site's footer setting once
    assert "Nyckeltal" not in client.get(county_page.url).content.decode()
    assert client.get(county_page.url).headers.get("X-Page-Cache") == "hit"
    reporter_c, editor_c = Client(), Client()
    sign_in_with_mfa(reporter_c, reporter)
    sign_in_with_mfa(editor_c, editor)
    anonymous = client
    client = reporter_c
    url = form_url(round_, norrbotten)
    assert (
        "Uppföljning av serviceprogram"
        in client.get(reverse("members:dashboard")).content.decode()
    )
    listing = client.get(reverse("regions:follow-ups"))
    assert listing.status_code == 200 and "Ej påbörjad" in listing.content.decode()

    # A partial draft is stored and filled in again.
    response = client.post(url, {f"svar-q-{SHOPS}": "12", "draft": "1"})
    assert response.status_code == 302
    answer = FollowUpAnswer.objects.get()
    assert (answer.status, answer.answers) == ("utkast", {SHOPS: 12})
    assert answer.priorities == [
        {"key": PRIORITY_A, "title": "Dagligvaror"},
        {"key": PRIORITY_B, "title": "Drivmedel"},
    ]
    page = client.get(url).content.decode()
    assert 'value="12"' in page and "Antal hemsändningar – Drivmedel" in page

    # Submitting requires the required answers.
    response = client.post(url, {f"svar-q-{SHOPS}": "12", "submit": "1"})
    assert response.status_code == 400
    assert FollowUpAnswer.objects.get().status == "utkast"

    response = client.post(url, {**full_answers(), "submit": "1"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "inskickad" and answer.submitted_by == reporter
    assert answer.answers[DELIVERIES] == {PRIORITY_A: 40}
    assert "Inskickad" in client.get(reverse("regions:follow-ups")).content.decode()

    # The editor sends it back with a comment: the reporter is told by e-mail.
    client = editor_c
    review_url = reverse("regions_follow_ups:review", args=[round_.year, norrbotten.slug])
    assert "1 234" in client.get(review_url).content.decode().replace("\xa0", " ")
    assert client.post(review_url, {"action": "return", "comment": ""}).status_code == 400
    assert FollowUpAnswer.objects.get().status == "inskickad"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, {"action": "return", "comment": "Kontrollera antalet."})
    assert response.status_code == 302
    [returned] = mail_server.messages
    assert returned["To"] == reporter.email
    assert "behöver kompletteras" in returned["Subject"]
    assert "Kontrollera antalet." in returned.get_body(("plain",)).get_content()

    # The reporter sees the comment, fixes and submits again.
    client = reporter_c
    page = client.get(url).content.decode()
    assert "Kontrollera antalet." in page and "<form" in page
    assert (
        client.post(
            url, {**full_answers(**{f"svar-q-{SHOPS}": "1300"}), "submit": "1"}
        ).status_code
        == 302
    )

    # Approved: mail, and the figures replace the cached anonymous page.
    assert anonymous.get(county_page.url).headers.get("X-Page-Cache") == "hit"
    client = editor_c
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review_url, {"action": "approve"}).status_code == 302
    assert FollowUpAnswer.objects.get().status == "godkand"
    approved = mail_server.messages[-1]
    assert "är godkänd" in approved["Subject"] and approved["To"] == reporter.email
    response = anonymous.get(county_page.url)
    assert response.headers.get("X-Page-Cache") == "miss"
    page = response.content.decode().replace("\xa0", " ")
    assert f"Nyckeltal {round_.year}" in page
    assert "1 300 butiker" in page and "2 500 000 kr" in page
    assert "Har länet ett aktuellt serviceprogram?" in page and "Ja" in page
    assert "<h3>Dagligvaror</h3>" in page and "40" in page


def test_nothing_public_before_approval(client, reporter_client, round_, county_page, norrbotten):
    reporter_client.post(form_url(round_, norrbotten), {**full_answers(), "submit": "1"})
    reporter_client.logout()
    assert "Nyckeltal" not in client.get(county_page.url).content.decode()


def snapshot():
    return list(FollowUpAnswer.objects.values())


def test_another_countys_form_is_refused(reporter_client, round_, county_page):
    other = County.objects.get(code="24")
    url = form_url(round_, other)
    assert reporter_client.get(url).status_code == 403
    response = reporter_client.post(url, {**full_answers(), "submit": "1"})
    assert response.status_code == 403
    assert "Du lämnar inte uppgifter för" in response.content.decode()
    assert snapshot() == []


def test_a_reporter_who_is_no_longer_an_approved_member_is_refused(
    reporter_client, reporter, round_, county_page, norrbotten
):
    reporter.memberships.update(status="removed")
    response = reporter_client.post(form_url(round_, norrbotten), full_answers(submit="1"))
    assert response.status_code == 403 and snapshot() == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_round_nothing_is_stored(
    reporter_client, round_, county_page, norrbotten, when
):
    today = timezone.localdate()
    if when == "before":
        round_.opens_on, round_.closes_on = (
            today + datetime.timedelta(days=1),
            today + datetime.timedelta(days=5),
        )
    else:
        round_.opens_on, round_.closes_on = (
            today - datetime.timedelta(days=5),
            today - datetime.timedelta(days=1),
        )
    round_.save()
    response = reporter_client.post(
        form_url(round_, norrbotten), {**full_answers(), "submit": "1"}
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert ("Uppföljningen öppnar" if when == "before" else "Uppföljningen stängde") in text
    assert snapshot() == []


def test_a_submitted_answer_cannot_be_edited(reporter_client, round_, county_page, norrbotten):
    url = form_url(round_, norrbotten)
    reporter_client.post(url, {**full_answers(), "submit": "1"})
    before = snapshot()
    response = reporter_client.post(
        url, {**full_answers(**{f"svar-q-{SHOPS}": "1"}), "draft": "1"}
    )
    assert response.status_code == 409
    assert "redan inskickade" in response.content.decode()
    assert snapshot() == before
    page = reporter_client.get(url).content.decode()
    assert '<form method="post" class="member-form"' not in page and "1 234" in page.replace(
        "\xa0", " "
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {f"svar-q-{SHOPS}": "många"},
        {f"svar-q-{SHOPS}": "-3"},
        {f"svar-q-{SHOPS}": "1000001"},
        {f"svar-q-{SUPPORT}": "1e9"},
        {f"svar-q-{PROGRAMME}": "kanske"},
        {f"svar-q-{DELIVERIES}-{PRIORITY_A}": "x"},
        {f"svar-q-{SHOPS}": ""},
    ],
)
def test_a_forged_post_is_refused_with_errors_next_to_the_fields(
    reporter_client, round_, county_page, norrbotten, overrides
):
    url = form_url(round_, norrbotten)
    reporter_client.post(url, {f"svar-q-{COMMENT}": "Utkast", "draft": "1"})
    before = snapshot()
    response = reporter_client.post(url, {**full_answers(**overrides), "submit": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert "Rätta de markerade svaren." in response.content.decode()
    assert snapshot() == before


def test_review_only_from_submitted(editor, client, round_, norrbotten, reporter):
    answer = FollowUpAnswer.objects.create(round=round_, county=norrbotten, status="utkast")
    sign_in_with_mfa(client, editor)
    url = reverse("regions_follow_ups:review", args=[round_.year, norrbotten.slug])
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 409
    answer.refresh_from_db()
    assert answer.status == "utkast"


def test_members_who_are_not_editors_cannot_review(client, round_, norrbotten, reporter):
    FollowUpAnswer.objects.create(round=round_, county=norrbotten, status="inskickad")
    sign_in_with_mfa(client, reporter)
    url = reverse("regions_follow_ups:review", args=[round_.year, norrbotten.slug])
    response = client.post(url, {"action": "approve"})
    assert response.status_code in (302, 403)
    assert FollowUpAnswer.objects.get().status == "inskickad"


def test_the_round_closes_after_it_opens(questionnaire):
    from django.core.exceptions import ValidationError

    round_ = FollowUpRound(
        year=2030,
        questionnaire=questionnaire,
        opens_on=datetime.date(2030, 3, 1),
        closes_on=datetime.date(2030, 2, 1),
    )
    with pytest.raises(ValidationError):
        round_.full_clean()


def test_the_members_data_export_names_the_counties_and_submissions(
    reporter_client, round_, county_page, norrbotten
):
    reporter_client.post(form_url(round_, norrbotten), {**full_answers(), "submit": "1"})
    data = reporter_client.get(reverse("members:data-export")).json()
    assert data["programme_follow_up"]["reports_for"] == ["Norrbottens län"]
    assert data["programme_follow_up"]["submitted"][0]["year"] == round_.year


def test_mina_sidor_links_the_follow_up_only_for_reporters(client, round_):
    member = MembershipFactory().user
    client.force_login(member)
    html = client.get(reverse("members:dashboard")).content.decode()
    assert reverse("regions:follow-ups") not in html
    response = client.get(reverse("regions:follow-ups"))
    assert response.status_code == 403
    assert "inte uppgiftslämnare" in response.content.decode()


def test_a_reporter_without_a_second_factor_is_asked_for_one(client, norrbotten, round_):
    user = MembershipFactory().user
    ProgrammeReporter.objects.create(user=user, county=norrbotten)
    client.force_login(user)
    response = client.get(reverse("regions:follow-ups"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")


def test_the_follow_up_link_on_mina_sidor_follows_the_assignment(client):
    member = MembershipFactory().user
    client.force_login(member)
    dashboard = reverse("members:dashboard")
    assert "Uppföljning av serviceprogram" not in client.get(dashboard).content.decode()
    assignment = ProgrammeReporter.objects.create(user=member, county=County.objects.first())
    assert "Uppföljning av serviceprogram" in client.get(dashboard).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(dashboard)
    assert not any("programmereporter" in q["sql"] for q in queries.captured_queries)
    assignment.delete()
    assert "Uppföljning av serviceprogram" not in client.get(dashboard).content.decode()
