"""The counties and contact persons datasets of the open-data API (regions.api)."""

import datetime
import json

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
import vobject

from core.models import County
from core.surveys.models import Questionnaire
from regions.models import FollowUpAnswer, Responsibility
from tests.factories import followups as f
from tests.factories.members import OrganisationFactory, UserFactory
from tests.factories.regions import ContactPersonFactory, CountyPageFactory

pytestmark = pytest.mark.django_db

COUNTIES = "/api/v2/lan/"
CONTACTS = "/api/v2/kontaktpersoner/"


def _county(code: str) -> County:
    return County.objects.get(code=code)


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"] == "application/json", response.content[:500]
    return response, json.loads(response.content)


def items(client, url, **params) -> list[dict]:
    response, data = get(client, url, **params)
    assert response.status_code == 200, data
    assert data["meta"]["total_count"] == len(data["items"])
    return data["items"]


def bad_request(client, url, **params) -> str:
    response, data = get(client, url, **params)
    assert response.status_code == 400, data
    assert response["Cache-Control"] == "no-store"
    return data["message"]


def document(title="Program", collection=None):
    extra = {"collection": collection} if collection else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 program", name="program.pdf"), **extra
    )


# -- Counties --------------------------------------------------------------------------


@pytest.fixture
def norrbotten(landing):
    """Norrbotten's page with a period, a review date, a document and two priorities."""
    return CountyPageFactory(
        parent=landing,
        county=_county("25"),
        programme_start_year=2022,
        programme_end_year=2025,
        programme_status="revideras",
        last_reviewed=datetime.date(2025, 3, 14),
        programme_document=document("Regionalt serviceprogram Norrbotten"),
        priorities=[
            {
                "type": "priority",
                "id": f.PRIORITY_A,
                "value": {
                    "title": "Dagligvaror i glesbygd",
                    "description": "<p>Fler <b>butiker</b> får stöd.</p>",
                    "measures": ["Investeringsstöd", "Hemsändning"],
                },
            },
            {"type": "paragraph", "value": "<p>Inledande text, ingen prioritering.</p>"},
            {"type": "priority", "id": f.PRIORITY_B, "value": {"title": "Drivmedel"}},
        ],
    )


@pytest.fixture
def follow_up(norrbotten):
    """Rounds 2024 and 2025 with Norrbotten's answers approved."""
    form = f.questionnaire()
    rounds = {year: f.follow_up_round(year, form) for year in (2024, 2025)}
    priorities = [(f.PRIORITY_A, "Dagligvaror i glesbygd"), (f.PRIORITY_B, "Drivmedel")]
    f.answer(
        rounds[2024], norrbotten.county, {f.SHOPS: 120, f.PROGRAMME: "nej"}, priorities=priorities
    )
    f.answer(
        rounds[2025],
        norrbotten.county,
        {
            f.SHOPS: 118,
            f.SUPPORT: 4_250_000,
            f.PROGRAMME: "ja",
            f.DELIVERIES: {f.PRIORITY_A: 12, f.PRIORITY_B: 0, "okänd-prioritering": 99},
            f.COMMENT: "",
        },
        priorities=priorities,
    )
    return rounds


def test_county_fields(client, norrbotten):
    (item,) = items(client, COUNTIES)
    assert item["id"] == norrbotten.pk
    assert item["title"] == "Norrbottens län"
    assert item["meta"]["type"] == "regions.CountyPage"
    assert item["meta"]["html_url"] == "http://testserver/regional-samordning/norrbottens-lan/"
    assert item["meta"]["detail_url"] == f"http://testserver/api/v2/lan/{norrbotten.pk}/"
    assert item["county"] == {"code": "25", "slug": "norrbottens-lan", "name": "Norrbottens län"}
    assert item["programme_period"] == {"start_year": 2022, "end_year": 2025}
    assert item["programme_status"] == {"value": "revideras", "label": "Under revidering"}
    assert item["last_reviewed"] == "2025-03-14"
    programme = norrbotten.programme_document
    assert item["programme_document"] == {
        "title": "Regionalt serviceprogram Norrbotten",
        "url": f"http://testserver{programme.url}",
    }
    assert programme.url.startswith(f"/documents/{programme.pk}/")
    # Priorities as data, in order; the stream's text paragraphs are not priorities.
    assert item["priorities"] == [
        {
            "id": f.PRIORITY_A,
            "title": "Dagligvaror i glesbygd",
            "description": "<p>Fler <b>butiker</b> får stöd.</p>",
            "measures": ["Investeringsstöd", "Hemsändning"],
        },
        {"id": f.PRIORITY_B, "title": "Drivmedel", "description": "", "measures": []},
    ]
    assert item["follow_up"] == []
    # The detail view has the same fields.
    response, detail = get(client, f"{COUNTIES}{norrbotten.pk}/")
    assert response.status_code == 200
    assert {key: detail[key] for key in item if key != "meta"} == {
        key: value for key, value in item.items() if key != "meta"
    }


def test_county_without_programme_data(client, landing):
    CountyPageFactory(
        parent=landing, county=_county("12"), programme_start_year=None, programme_end_year=None
    )
    (item,) = items(client, COUNTIES)
    assert item["programme_period"] == {"start_year": None, "end_year": None}
    assert item["last_reviewed"] is None
    assert item["programme_document"] is None
    assert item["priorities"] == []


def test_document_of_a_private_collection_is_not_shown(client, landing):
    private = Collection.get_first_root_node().add_child(name="Internt")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    CountyPageFactory(
        parent=landing, county=_county("25"), programme_document=document(collection=private)
    )
    (item,) = items(client, COUNTIES)
    assert item["programme_document"] is None


def test_follow_up_shows_the_newest_approved_figures(client, follow_up):
    (item,) = items(client, COUNTIES)
    assert item["follow_up"] == [
        {
            "year": 2025,
            "figures": [
                {
                    "question": "Antal dagligvarubutiker i länet",
                    "kind": "number",
                    "unit": "butiker",
                    "value": 118,
                    "per_priority": [],
                },
                {
                    "question": "Beviljat investeringsstöd",
                    "kind": "amount",
                    "unit": "SEK",
                    "value": 4_250_000,
                    "per_priority": [],
                },
                {
                    "question": "Har länet ett aktuellt serviceprogram?",
                    "kind": "yes_no",
                    "unit": "",
                    "value": True,
                    "per_priority": [],
                },
                {
                    # Per priority of the programme when answered; an unknown key is dropped,
                    # and the empty comment is not a figure.
                    "question": "Antal hemsändningar",
                    "kind": "number",
                    "unit": "",
                    "value": None,
                    "per_priority": [
                        {
                            "priority_id": f.PRIORITY_A,
                            "priority": "Dagligvaror i glesbygd",
                            "value": 12,
                        },
                        {"priority_id": f.PRIORITY_B, "priority": "Drivmedel", "value": 0},
                    ],
                },
            ],
        }
    ]


def test_year_filter_gives_that_years_figures(client, follow_up):
    (item,) = items(client, COUNTIES, ar="2024")
    (year,) = item["follow_up"]
    assert year["year"] == 2024
    assert [(figure["question"], figure["value"]) for figure in year["figures"]] == [
        ("Antal dagligvarubutiker i länet", 120),
        ("Har länet ett aktuellt serviceprogram?", False),
    ]


def test_year_with_a_round_but_no_approved_answer_has_no_figures(client, follow_up):
    f.follow_up_round(2026, Questionnaire.objects.get())
    (item,) = items(client, COUNTIES, ar="2026")
    assert item["follow_up"] == []


@pytest.mark.parametrize(
    "status", [FollowUpAnswer.Status.DRAFT, FollowUpAnswer.Status.SUBMITTED, "aterskickad"]
)
def test_unapproved_answers_never_appear(client, norrbotten, status):
    form = f.questionnaire()
    reporter = UserFactory(email="rapportor@example.se", first_name="Rut", last_name="Rapport")
    answer = f.answer(
        f.follow_up_round(2025, form),
        norrbotten.county,
        {f.SHOPS: 777, f.COMMENT: "utkast-hemligt"},
        status=status,
    )
    answer.submitted_by = reporter
    answer.review_comment = "granskning-hemlig"
    answer.save()
    for params in ({}, {"ar": "2025"}):
        response = client.get(COUNTIES, params)
        text = response.content.decode()
        assert response.status_code == 200
        assert "777" not in text and "utkast-hemligt" not in text
        assert json.loads(text)["items"][0]["follow_up"] == []


def test_approved_figures_carry_no_reporter_review_or_named_answer(client, norrbotten):
    named = str(__import__("uuid").uuid4())
    form = f.questionnaire(
        [*f.questions(), f.block("short_text", named, "Vem svarade?", named=True)]
    )
    reporter = UserFactory(email="rapportor@example.se", first_name="Rut", last_name="Rapport")
    answer = f.answer(
        f.follow_up_round(2025, form),
        norrbotten.county,
        {f.SHOPS: 5, f.COMMENT: "Öppen kommentar", named: "Rut Rapport"},
    )
    answer.submitted_by = answer.reviewed_by = reporter
    answer.review_comment = "granskning-hemlig"
    answer.save()
    text = client.get(COUNTIES).content.decode()
    assert "Öppen kommentar" in text  # the county page shows the comment answer too
    for secret in ("Rut", "Rapport", "rapportor@", "granskning-hemlig", "Vem svarade"):
        assert secret not in text


def test_unpublished_and_restricted_county_pages_are_not_in_the_api(client, landing, norrbotten):
    hidden = CountyPageFactory(parent=landing, county=_county("24"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = CountyPageFactory(parent=landing, county=_county("22"), live=False)
    assert [item["id"] for item in items(client, COUNTIES)] == [norrbotten.pk]
    for page in (hidden, draft):
        response, data = get(client, f"{COUNTIES}{page.pk}/")
        assert response.status_code == 404
        assert str(page.pk) in data["message"]
    assert items(client, COUNTIES, lan="vasterbottens-lan") == []


def test_county_filter(client, landing, norrbotten):
    skane = CountyPageFactory(parent=landing, county=_county("12"))
    assert [item["id"] for item in items(client, COUNTIES, lan="skane-lan")] == [skane.pk]
    assert [item["id"] for item in items(client, COUNTIES, lan="norrbottens-lan")] == [
        norrbotten.pk
    ]
    assert items(client, COUNTIES, lan="gotlands-lan") == []


def test_status_filter(client, landing, norrbotten):
    skane = CountyPageFactory(parent=landing, county=_county("12"), programme_status="gallande")
    assert [item["id"] for item in items(client, COUNTIES, status="gallande")] == [skane.pk]
    assert [item["id"] for item in items(client, COUNTIES, status="revideras")] == [norrbotten.pk]
    assert items(client, COUNTIES, status="upphort") == []
    both = items(client, COUNTIES, status="gallande", lan="norrbottens-lan")
    assert both == []


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"lan": "atlantis"}, ["lan", "atlantis", "norrbottens-lan"]),
        ({"status": "okand"}, ["status", "okand", "gallande", "revideras"]),
        ({"ar": "förra"}, ["ar", "heltal"]),
        ({"ar": "2025.0"}, ["ar"]),
        ({"ar": "99999999999999999999"}, ["ar"]),
        ({"ar": "1999"}, ["ar", "1999", "2024, 2025"]),
        ({"lan": ["skane-lan", "norrbottens-lan"]}, ["lan"]),
        ({"amne": "x"}, ["amne"]),
    ],
)
def test_invalid_county_filters_are_400(client, follow_up, params, words):
    message = bad_request(client, COUNTIES, **params)
    for word in words:
        assert word in message


def test_labels_follow_the_locale_parameter(client, norrbotten, home_en, locales):
    landing = norrbotten.get_parent().specific.copy_for_translation(locales[1])
    landing.save_revision().publish()
    english = norrbotten.copy_for_translation(locales[1])
    english.title = "Norrbotten County"
    english.save_revision().publish()
    (item,) = items(client, COUNTIES, locale="en")
    assert item["id"] == english.pk
    assert item["programme_status"] == {"value": "revideras", "label": "Under revision"}
    assert item["meta"]["locale"] == "en"
    (swedish,) = items(client, COUNTIES, locale="sv")
    assert swedish["programme_status"]["label"] == "Under revidering"
    # Without the parameter, both languages' pages, labels in Swedish whatever the browser says.
    response = client.get(COUNTIES, headers={"accept-language": "en"})
    labels = {item["programme_status"]["label"] for item in response.json()["items"]}
    assert labels == {"Under revidering"}


def test_county_listing_query_count_is_constant(
    client, landing, follow_up, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as baseline:
        assert len(items(client, COUNTIES)) == 1
    rounds = follow_up
    for code in ("01", "03", "04", "05", "06"):
        page = CountyPageFactory(parent=landing, county=_county(code))
        f.answer(rounds[2025], page.county, {f.SHOPS: 3})
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert len(items(client, COUNTIES)) == 6


# -- Contact persons ---------------------------------------------------------------------


def test_contact_fields(client, home):
    organisation = OrganisationFactory(name="Länsstyrelsen i Norrbottens län")
    contact = ContactPersonFactory(
        name="Sara Norr",
        role="Handläggare",
        organisation=organisation,
        organisation_name="Ska inte synas",
        email="sara.norr@example.se",
        phone="070-174 06 50",
        responsibilities=["stod", "rsp"],
    )
    (item,) = items(client, CONTACTS)
    assert item == {
        "id": contact.pk,
        "meta": {
            "type": "regions.ContactPerson",
            "detail_url": f"http://testserver/api/v2/kontaktpersoner/{contact.pk}/",
        },
        "name": "Sara Norr",
        "role": "Handläggare",
        "organisation": "Länsstyrelsen i Norrbottens län",
        "county": {"code": "25", "slug": "norrbottens-lan", "name": "Norrbottens län"},
        "email": "sara.norr@example.se",
        "phone": "070-174 06 50",
        "phone_e164": "+46701740650",
        # In the responsibilities' own order, as the directory lists them.
        "responsibilities": [
            {"code": "rsp", "label": "Regionalt serviceprogram"},
            {"code": "stod", "label": "Stöd till kommersiell service"},
        ],
        "vcard_url": f"http://testserver/kontaktpersoner/{contact.pk}/vcard.vcf",
    }
    response, detail = get(client, f"{CONTACTS}{contact.pk}/")
    assert response.status_code == 200
    assert detail == item
    # The vCard the directory links is there.
    card = client.get(item["vcard_url"])
    assert card.status_code == 200
    assert vobject.readOne(card.content.decode()).fn.value == "Sara Norr"


def test_contact_without_phone_or_organisation(client):
    ContactPersonFactory(organisation_name="", email="a@example.se", phone="", role="")
    ContactPersonFactory(organisation_name="", phone="12")  # not a number tel: can call
    first, second = items(client, CONTACTS)
    assert (first["phone"], first["phone_e164"], first["organisation"]) == ("", "", "")
    assert (second["phone"], second["phone_e164"]) == ("12", "")
    assert first["responsibilities"] == [] and first["role"] == ""


def test_unlisted_contacts_are_not_in_the_api(client):
    listed = ContactPersonFactory(name="Listad")
    unlisted = ContactPersonFactory(name="Olistad", county=None)
    assert [item["id"] for item in items(client, CONTACTS)] == [listed.pk]
    response, data = get(client, f"{CONTACTS}{unlisted.pk}/")
    assert response.status_code == 404
    assert data == {"message": f"Det finns ingen publik post med id {unlisted.pk}."}
    assert "Olistad" not in client.get(CONTACTS, {"ansvar": "rsp"}).content.decode()


def test_contacts_are_ordered_by_county_code_then_name(client):
    ContactPersonFactory(name="Öberg", county=_county("25"))
    ContactPersonFactory(name="Andersson", county=_county("25"))
    ContactPersonFactory(name="Berg", county=_county("01"))
    assert [item["name"] for item in items(client, CONTACTS)] == ["Berg", "Andersson", "Öberg"]
    page = client.get(CONTACTS, {"limit": "1", "offset": "1"}).json()
    assert page["meta"]["total_count"] == 3
    assert [item["name"] for item in page["items"]] == ["Andersson"]


def test_contact_filters(client):
    north = ContactPersonFactory(name="Norr", responsibilities=["rsp", "stod"])
    south = ContactPersonFactory(
        name="Syd", county=_county("12"), responsibilities=["investeringsstod"]
    )
    both = ContactPersonFactory(name="Syd två", county=_county("12"), responsibilities=["rsp"])

    def ids(**params):
        return [item["id"] for item in items(client, CONTACTS, **params)]

    assert ids(lan="skane-lan") == [south.pk, both.pk]
    assert ids(ansvar="rsp") == [both.pk, north.pk]
    assert ids(ansvar="rsp", lan="skane-lan") == [both.pk]
    assert ids(ansvar="investeringsstod", lan="norrbottens-lan") == []
    assert ids(lan="gotlands-lan") == []
    # A filtered person still lists all their responsibilities.
    (item,) = items(client, CONTACTS, ansvar="stod")
    assert [r["code"] for r in item["responsibilities"]] == ["rsp", "stod"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"lan": "atlantis"}, ["lan", "atlantis"]),
        ({"ansvar": "allt"}, ["ansvar", "allt", "rsp", "stod", "investeringsstod"]),
        ({"ansvar": ["rsp", "stod"]}, ["ansvar"]),
        ({"status": "gallande"}, ["status"]),
        ({"locale": "sv"}, ["locale"]),
        ({"lan": "skane-lan\x00"}, ["lan"]),
    ],
)
def test_invalid_contact_filters_are_400(client, params, words):
    ContactPersonFactory()
    message = bad_request(client, CONTACTS, **params)
    for word in words:
        assert word in message


def test_contact_listing_query_count_is_constant(client, django_assert_max_num_queries):
    ContactPersonFactory(organisation=OrganisationFactory(), responsibilities=["rsp"])
    with django_assert_max_num_queries(20) as baseline:
        assert len(items(client, CONTACTS)) == 1
    for code in ("01", "03", "12", "24", "25"):
        ContactPersonFactory(
            county=_county(code),
            organisation=OrganisationFactory(),
            responsibilities=["rsp", "stod"],
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert len(items(client, CONTACTS)) == 6


def test_contact_detail_is_the_listed_person_whoever_asks(client):
    """A signed-in editor gets the same public data: the API reads no session."""
    contact = ContactPersonFactory(name="Publik")
    unlisted = ContactPersonFactory(name="Intern", county=None)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    signed_in = Client()
    signed_in.force_login(editor)
    assert [item["id"] for item in items(signed_in, CONTACTS)] == [contact.pk]
    assert signed_in.get(f"{CONTACTS}{unlisted.pk}/").status_code == 404
    assert Responsibility.objects.count() == 3


def test_contacts_refuse_an_order_they_would_ignore(client):
    response = client.get("/api/v2/kontaktpersoner/", {"order": "name"})
    assert response.status_code == 400
    assert "order" in response.json()["message"]
