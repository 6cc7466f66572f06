"""The frame every open-data endpoint shares (core.api), tried on the regions endpoints.

Strict parameters with JSON errors, never a 500, Cache-Control, ETag and 304, the page
cache for anonymous callers, public data only whoever asks, CORS for GET and the rate
limit.
"""

import datetime
import json

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client, override_settings

from wagtail.api.v2.utils import BadRequestError
from wagtail.models import PageViewRestriction

import pytest

from core import page_cache
from core.api.parameters import Parameter
from core.api.router import endpoints
from core.models import County
from tests.factories.members import UserFactory
from tests.factories.regions import (
    ContactPersonFactory,
    CountyPageFactory,
    RegionalCoordinationPageFactory,
)

pytestmark = pytest.mark.django_db

COUNTIES = "/api/v2/lan/"
CONTACTS = "/api/v2/kontaktpersoner/"
STATUS = page_cache.STATUS_HEADER


@pytest.fixture
def landing(home):
    return RegionalCoordinationPageFactory(parent=home)


@pytest.fixture
def county_page(landing):
    return CountyPageFactory(parent=landing, county=County.objects.get(code="25"))


@pytest.fixture
def contact(home):
    return ContactPersonFactory(name="Sara Norr", responsibilities=["rsp"])


@pytest.fixture
def page_cache_on():
    """The page cache switched on, empty, at a generation no earlier test used."""
    cache.clear()
    page_cache.CONTENT.bump()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    cache.clear()


def error(response, status: int) -> str:
    """The message of a JSON error answer with ``status``, which no cache may keep."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    message = json.loads(response.content)["message"]
    assert isinstance(message, str) and message
    return message


def test_the_regions_endpoints_are_registered():
    assert {"lan", "kontaktpersoner"} <= set(endpoints())


# -- Bad input: 400 or 404 with a message --------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "words"),
    [
        # Unknown parameters, named with the valid ones.
        (CONTACTS, {"q": "x"}, ["q", "ansvar", "lan", "limit"]),
        (COUNTIES, {"child_of": "3"}, ["child_of"]),
        (COUNTIES, {"search": "län"}, ["search"]),
        (COUNTIES, {"format": "api"}, ["format"]),
        # A parameter given twice.
        (CONTACTS, {"lan": ["norrbottens-lan", "skane-lan"]}, ["lan"]),
        (CONTACTS, {"limit": ["1", "2"]}, ["limit"]),
        # Malformed integers.
        (COUNTIES, {"ar": "tjugotjugofem"}, ["ar", "tjugotjugofem"]),
        (COUNTIES, {"ar": "2025-01-01"}, ["ar"]),
        (COUNTIES, {"ar": " 2025"}, ["ar"]),
        (COUNTIES, {"ar": "١٢"}, ["ar"]),
        (COUNTIES, {"ar": "2_025"}, ["ar"]),
        (CONTACTS, {"limit": "tio"}, ["limit"]),
        (CONTACTS, {"limit": "1e3"}, ["limit"]),
        # Huge limits, negative and garbage offsets.
        (CONTACTS, {"limit": "101"}, ["limit", "100"]),
        (CONTACTS, {"limit": "9" * 40}, ["limit"]),
        (COUNTIES, {"limit": "-1"}, ["limit"]),
        (CONTACTS, {"offset": "-1"}, ["offset"]),
        (CONTACTS, {"offset": "0x10"}, ["offset"]),
        (COUNTIES, {"offset": "9" * 30}, ["offset"]),
        (COUNTIES, {"offset": "början"}, ["offset"]),
        # Unknown language.
        (COUNTIES, {"locale": "de"}, ["locale", "sv", "en"]),
        (COUNTIES, {"locale": "svenska"}, ["locale"]),
        # Unknown fields.
        (CONTACTS, {"fields": "password"}, ["password"]),
        (COUNTIES, {"fields": "owner"}, ["owner"]),
        (COUNTIES, {"fields": "(("}, ["fields"]),
    ],
)
def test_bad_parameters_are_400_with_a_json_message(
    client, county_page, contact, url, params, words
):
    message = error(client.get(url, params), 400)
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        ("date", "2025-03-14", datetime.date(2025, 3, 14)),
        ("date", "14/3 2025", None),
        ("date", "2025-02-30", None),
        ("date", "2025-3-1x", None),
        ("integer", "-12", -12),
        ("integer", "12", 12),
        ("integer", "2147483648", None),
        ("integer", "1.5", None),
        ("string", "a\x00b", None),
    ],
)
def test_parameters_parse_or_say_what_was_wrong(kind, raw, expected):
    parameter = Parameter("fran", "Från och med", kind=kind)
    if expected is None:
        with pytest.raises(BadRequestError) as raised:
            parameter.parse(raw)
        assert "fran" in str(raised.value)
    else:
        assert parameter.parse(raw) == expected


@pytest.mark.parametrize(
    "path",
    [
        f"{CONTACTS}999999/",
        f"{CONTACTS}0/",
        f"{CONTACTS}{'9' * 30}/",
        f"{COUNTIES}999999/",
        f"{COUNTIES}{'9' * 30}/",
    ],
)
def test_unknown_ids_are_404_with_a_json_message(client, county_page, contact, path):
    message = error(client.get(path), 404)
    assert "id" in message


def test_a_page_of_another_type_is_not_a_county(client, county_page, home):
    """The home page's id exists, but it is no county page."""
    error(client.get(f"{COUNTIES}{home.pk}/"), 404)


NASTY = [
    "lan=%00",
    "lan=norrbottens-lan%00",
    "ansvar=%00%00%00",
    "locale=%00",
    "fields=%00",
    "lan=" + "å" * 5000,
    "ar=" + "9" * 5000,
    "offset=" + "1" * 5000,
    "fields=" + "a," * 2000,
    "fields=" + "(" * 500,
    "fields=county(county(county(*)))",
    "fields=*,-id,-title",
    "fields=_,id",
    "fields=-",
    "fields=,,,",
    "order=-title",
    "order=random",
    "order=finns_inte",
    "order=%00",
    "lan=%ff%fe",
    "lan=%ed%a0%80",
    "lan=😀",
    "ansvar=مرحبا",
    "lan=%C0%AE%C0%AE",
    "%00=1",
    "=1",
    "&&&",
    "lan",
    "lan=&lan=",
    "limit=",
    "offset=",
    "ar=",
    "limit=0",
    "offset=2147483647",
    "limit=%2B5",
    "locale=en&ar=2025",
    "x" * 2000 + "=1",
    "&".join(f"p{n}=1" for n in range(500)),
]


@pytest.mark.parametrize("query", NASTY)
@pytest.mark.parametrize(
    "path", [COUNTIES, CONTACTS, f"{COUNTIES}{{page}}/", f"{CONTACTS}{{contact}}/"]
)
def test_garbage_is_never_a_500(client, county_page, contact, path, query):
    url = path.format(page=county_page.pk, contact=contact.pk)
    response = client.get(f"{url}?{query}")
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["message"]


def test_an_unknown_endpoint_is_404(client, home):
    assert client.get("/api/v2/hemligt/").status_code == 404


# -- Caching headers ------------------------------------------------------------------


def test_cache_control_and_etag(client, contact, settings):
    settings.API_CACHE_SECONDS = 120
    response = client.get(CONTACTS)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=120"
    etag = response["ETag"]
    again = client.get(CONTACTS, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # A change of data is a new tag.
    contact.name = "Sara Nordin"
    contact.save()
    changed = client.get(CONTACTS, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Sara Nordin" in changed.content.decode()


def test_head_has_the_headers_of_get(client, contact):
    response = client.head(CONTACTS)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert response.content == b""


def test_writes_are_refused(client, contact):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(CONTACTS, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Cache-Control"] == "no-store"


# -- The page cache -----------------------------------------------------------------


def test_anonymous_calls_are_served_from_the_page_cache(
    client, county_page, page_cache_on, django_assert_num_queries
):
    first = client.get(COUNTIES)
    assert first[STATUS] == "miss"
    with django_assert_num_queries(0):
        second = client.get(COUNTIES)
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert second["Cache-Control"] == first["Cache-Control"]
    # 304 on a hit, too: the tag is computed above the cache.
    assert second["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        not_modified = client.get(COUNTIES, headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]


def test_declared_parameters_are_cached_apart_and_others_not_at_all(
    client, county_page, page_cache_on
):
    assert client.get(COUNTIES, {"lan": "norrbottens-lan"})[STATUS] == "miss"
    assert client.get(COUNTIES, {"lan": "norrbottens-lan"})[STATUS] == "hit"
    assert json.loads(client.get(COUNTIES, {"lan": "skane-lan"}).content)["items"] == []
    # Errors are never stored.
    for _ in range(2):
        response = client.get(COUNTIES, {"okand": "1"})
        assert response.status_code == 400
        assert STATUS not in response


def test_publishing_retires_the_cached_answer(
    client, county_page, page_cache_on, django_capture_on_commit_callbacks
):
    client.get(COUNTIES)
    assert client.get(COUNTIES)[STATUS] == "hit"
    county_page.title = "Norrbotten, nytt namn"
    with django_capture_on_commit_callbacks(execute=True):
        county_page.save_revision().publish()
    response = client.get(COUNTIES)
    assert response[STATUS] == "miss"
    assert json.loads(response.content)["items"][0]["title"] == "Norrbotten, nytt namn"


def test_a_contact_person_saved_retires_the_cached_answer(
    client, contact, page_cache_on, django_capture_on_commit_callbacks
):
    client.get(CONTACTS)
    assert client.get(CONTACTS)[STATUS] == "hit"
    contact.county = None
    with django_capture_on_commit_callbacks(execute=True):
        contact.save()
    response = client.get(CONTACTS)
    assert response[STATUS] == "miss"
    assert json.loads(response.content)["items"] == []


def test_a_session_bypasses_the_cache_but_sees_only_public_data(
    client, landing, county_page, page_cache_on
):
    """A member let in by a group restriction still gets the public data only."""
    hidden = CountyPageFactory(parent=landing, county=County.objects.get(code="24"))
    group = Group.objects.create(name="Regionala handläggare")
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type="groups")
    restriction.groups.set([group])
    member = UserFactory()
    member.groups.add(group)
    signed_in = Client()
    signed_in.force_login(member)
    # The member can read the page itself …
    assert signed_in.get(hidden.url).status_code == 200
    # … but not through the API, fresh or cached.
    client.get(COUNTIES)
    for _ in range(2):
        response = signed_in.get(COUNTIES)
        assert STATUS not in response
        assert [item["id"] for item in response.json()["items"]] == [county_page.pk]
    error(signed_in.get(f"{COUNTIES}{hidden.pk}/"), 404)
    assert [item["id"] for item in client.get(COUNTIES).json()["items"]] == [county_page.pk]


# -- CORS -----------------------------------------------------------------------------


def test_any_origin_may_read_with_get(client, contact):
    response = client.get(CONTACTS, headers={"origin": "https://kommun.example"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_only(client, contact):
    response = client.options(
        CONTACTS,
        headers={
            "origin": "https://kommun.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in response


def test_other_paths_are_not_opened(client, home):
    response = client.get("/", headers={"origin": "https://kommun.example"})
    assert "Access-Control-Allow-Origin" not in response


# -- The rate limit ---------------------------------------------------------------------


def test_the_rate_limit_answers_429_with_retry_after(client, contact):
    cache.clear()
    with override_settings(API_RATE_LIMIT="3/min"):
        for _ in range(3):
            assert client.get(CONTACTS).status_code == 200
        response = client.get(CONTACTS)
        message = error(response, 429)
        retry = int(response["Retry-After"])
        assert 0 < retry <= 60
        assert str(retry) in message
        # Another address has its own count.
        assert client.get(CONTACTS, REMOTE_ADDR="192.0.2.7").status_code == 200
    cache.clear()


def test_answers_from_the_page_cache_are_not_counted(client, contact, page_cache_on):
    with override_settings(API_RATE_LIMIT="2/min"):
        for _ in range(5):
            assert client.get(CONTACTS).status_code == 200


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*", "nonsense"])
def test_the_answer_is_json_whatever_the_accept_header(client, contact, accept):
    response = client.get(CONTACTS, headers={"accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["items"]


@pytest.mark.parametrize("path", ["/api/", "/api/v2/", "/api/v2/okand/", "/api/v2/moten/abc/"])
def test_an_unknown_address_under_the_api_is_a_json_404_naming_the_datasets(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert "/api/v2/moten/" in body["datasets"]
    assert "moten" in body["message"]


@pytest.mark.parametrize(
    ("value", "named"), [("okant", "okant"), ("title,-x,nej", "nej"), ("(", "fields")]
)
def test_fields_that_do_not_exist_or_do_not_parse_are_a_swedish_400(client, value, named):
    response = client.get("/api/v2/moten/", {"fields": value})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("fields:")
    assert named in message
