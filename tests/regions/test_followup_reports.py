"""The national follow-up report, the programme report's status column, and the county page."""

import csv
import io

from django.contrib.auth.models import Group
from django.urls import reverse

import openpyxl
import pytest

from core.models import County
from regions.followups.selectors import approved_figures
from tests.factories import followups
from tests.factories.followups import (
    DELIVERIES,
    PRIORITY_A,
    PRIORITY_B,
    PROGRAMME,
    SHOPS,
    SUPPORT,
    block,
)
from tests.factories.members import UserFactory, sign_in_with_mfa
from tests.factories.regions import CountyPageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("regions_follow_ups:report")
PROGRAMME_REPORT_URL = "/admin/reports/regionala-serviceprogram/"


@pytest.fixture
def editor_client(client):
    editor = UserFactory(totp=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    sign_in_with_mfa(client, editor)
    return client


def county(code):
    return County.objects.get(code=code)


@pytest.fixture
def rounds():
    """2025 and 2026; 2026's questionnaire rewords the shops (same block) and asks the
    support again in a new block with the same label."""
    previous = followups.follow_up_round(2025, followups.questionnaire())
    new_support = "c3a1e6a0-0000-4000-8000-000000000001"
    current_questions = followups.questions()
    current_questions[0]["value"]["label"] = "Dagligvarubutiker"
    current_questions[1]["id"] = new_support
    current = followups.follow_up_round(2026, followups.questionnaire(current_questions))
    followups.answer(previous, county("25"), {SHOPS: 100, SUPPORT: 1_000, PROGRAMME: "nej"})
    followups.answer(previous, county("24"), {SHOPS: 90, SUPPORT: 500, PROGRAMME: "ja"})
    followups.answer(
        current,
        county("25"),
        {
            SHOPS: 110,
            new_support: 2_000,
            PROGRAMME: "ja",
            DELIVERIES: {PRIORITY_A: 3, PRIORITY_B: 4},
        },
        priorities=[(PRIORITY_A, "A"), (PRIORITY_B, "B")],
    )
    # Submitted, not approved: its status shows, its numbers do not.
    followups.answer(current, county("24"), {SHOPS: 999}, status="inskickad")
    return previous, current


def test_the_report_compares_every_county_with_the_previous_year(editor_client, rounds):
    response = editor_client.get(REPORT_URL, {"round": 2026})
    assert response.status_code == 200
    report = response.context["report"]
    rows = {row["county"]: row for row in report.rows}
    assert len(rows) == 21
    norrbotten, vasterbotten = rows["Norrbottens län"], rows["Västerbottens län"]
    assert norrbotten["status"] == "Godkänd" and vasterbotten["status"] == "Inskickad"
    assert rows["Skåne län"]["status"] == "Saknas"
    # Shops: the same block; support: a new block matched by its label.
    assert (norrbotten["q1_year"], norrbotten["q1_previous"]) == (110, 100)
    assert (norrbotten["q2_year"], norrbotten["q2_previous"]) == (2_000, 1_000)
    assert (norrbotten["q3_year"], norrbotten["q3_previous"]) == ("Ja", "Nej")
    assert norrbotten["q4_year"] == 7  # per priority, summed
    assert (vasterbotten["q1_year"], vasterbotten["q1_previous"]) == (None, 90)
    charts = {chart.title: chart for chart in report.charts}
    assert list(charts["Dagligvarubutiker"].series) == ["2026", "2025"]
    assert list(charts["Dagligvarubutiker"].rows) == [
        ("Västerbottens län", (0, 90)),
        ("Norrbottens län", (110, 100)),
    ]
    assert list(charts["Beviljat investeringsstöd"].rows) == [
        ("Västerbottens län", (0, 500)),
        ("Norrbottens län", (2_000, 1_000)),
    ]
    assert "Har länet ett aktuellt serviceprogram?" not in charts
    html = response.content.decode()
    assert "Dagligvarubutiker 2026" in html and "<svg" in html


def test_the_exports_read_back(editor_client, rounds):
    response = editor_client.get(REPORT_URL, {"round": 2026, "export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    norrbotten = next(row for row in rows if row["Län"] == "Norrbottens län")
    assert norrbotten["Status 2026"] == "Godkänd"
    assert norrbotten["Dagligvarubutiker 2026"] == "110"
    assert norrbotten["Dagligvarubutiker 2025"] == "100"
    assert norrbotten["Beviljat investeringsstöd 2025"] == "1000"
    response = editor_client.get(REPORT_URL, {"round": 2026, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    header = values[0]
    row = next(row for row in values if row[0] == "Norrbottens län")
    assert row[header.index("Dagligvarubutiker 2026")] == 110
    assert row[header.index("Har länet ett aktuellt serviceprogram? 2025")] == "Nej"
    assert len(values) == 22


def test_the_first_round_has_no_previous_year(editor_client):
    current = followups.follow_up_round(2026, followups.questionnaire())
    followups.answer(current, county("25"), {SHOPS: 5})
    report = editor_client.get(REPORT_URL).context["report"]
    assert report.previous_round is None
    assert list(report.charts[0].series) == ["2026"]
    assert list(report.charts[0].rows) == [("Norrbottens län", (5,))]


def test_without_rounds_the_report_says_so(editor_client):
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    assert "Det finns ingen uppföljningsomgång än." in response.content.decode()


def test_the_report_is_for_page_editors_only(client):
    sign_in_with_mfa(client, UserFactory(is_staff=True, totp=True))
    assert client.get(REPORT_URL).status_code in (302, 403)


def test_query_count_does_not_grow_with_counties_and_answers(
    editor_client, django_assert_num_queries
):
    previous = followups.follow_up_round(2025, followups.questionnaire())
    current = followups.follow_up_round(2026, followups.questionnaire())
    followups.answer(previous, county("25"), {SHOPS: 1})
    followups.answer(current, county("25"), {SHOPS: 2})
    editor_client.get(REPORT_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        editor_client.get(REPORT_URL)
    for code in ["01", "03", "09", "24", "22"]:
        followups.answer(previous, county(code), {SHOPS: 1, PROGRAMME: "ja"})
        followups.answer(current, county(code), {SHOPS: 2, SUPPORT: 5})
    with django_assert_num_queries(len(few.captured_queries)):
        editor_client.get(REPORT_URL)


def test_the_programme_report_shows_each_countys_status_in_the_latest_round(editor_client, rounds):
    response = editor_client.get(PROGRAMME_REPORT_URL, {"export": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    statuses = {row["Län"]: row["Svar på uppföljning 2026"] for row in rows}
    assert statuses["Norrbottens län"] == "Godkänd"
    assert statuses["Västerbottens län"] == "Inskickad"
    assert statuses["Skåne län"] == "Saknas"
    html = editor_client.get(PROGRAMME_REPORT_URL).content.decode()
    assert "Svar på uppföljning 2026" in html


def test_the_review_list_shows_every_county(editor_client, rounds):
    response = editor_client.get(reverse("regions_follow_ups:review-list", args=[2026]))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(name in html for name in County.objects.values_list("name", flat=True))
    assert html.count("Saknas") == 19
    assert reverse("regions_follow_ups:review", args=[2026, "norrbottens-lan"]) in html


def test_the_admin_listings_of_rounds_and_reporters_render(editor_client, rounds):
    for url in [
        reverse("wagtailsnippets_regions_followupround:list"),
        reverse("wagtailsnippets_regions_followupround:edit", args=[rounds[1].pk]),
        reverse("wagtailsnippets_regions_programmereporter:list"),
        reverse("wagtailsnippets_regions_programmereporter:add"),
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_approved_figures_are_the_public_data(rounds):
    figures = approved_figures(county=county("25"))
    assert [item.year for item in figures] == [2026, 2025]
    latest = figures[0]
    assert [(figure.label, figure.text) for figure in latest.figures] == [
        ("Dagligvarubutiker", "110 butiker"),
        ("Beviljat investeringsstöd", "2\xa0000 kr"),
        ("Har länet ett aktuellt serviceprogram?", "Ja"),
    ]
    assert [(group.title, [f.text for f in group.figures]) for group in latest.priorities] == [
        ("A", ["3"]),
        ("B", ["4"]),
    ]
    # The submitted answer of Västerbotten is nowhere.
    assert [item.year for item in approved_figures(county=county("24"))] == [2025]


def test_the_county_page_query_count_does_not_grow_with_answers(
    client, landing, django_assert_num_queries
):
    form = followups.questionnaire(
        [*followups.questions(), block("rating", followups.RATING, "Betyg")]
    )
    page = CountyPageFactory(parent=landing, county=county("25"))
    rounds = [followups.follow_up_round(year, form) for year in (2023, 2024)]
    followups.answer(rounds[0], county("25"), {SHOPS: 1})
    from django.core.cache import cache

    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(page.url)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(page.url).status_code == 200
    followups.answer(rounds[1], county("25"), {SHOPS: 2, SUPPORT: 3, followups.RATING: 4})
    for code in ["01", "03", "09"]:
        followups.answer(rounds[1], county(code), {SHOPS: 2})
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(page.url).content.decode()
    assert "Nyckeltal 2024" in html
