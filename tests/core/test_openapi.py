"""The OpenAPI document of the open-data API: valid, complete, and true to real responses.

Every endpoint of ``core.api.router`` is checked, so an endpoint an app registers is
covered as soon as ``tests/factories/`` has a factory for its model (``SAMPLE_FIELDS``
gives one the values its listing needs to show the record).
"""

import datetime
import importlib
import json
import pkgutil
import re

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wagtail.api.v2.filters import OrderingFilter

import factory
import pytest
import wagtail_factories
import yaml
from drf_spectacular.drainage import GENERATOR_STATS
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator
from openapi_schema_validator import validate as validate_schema
from openapi_spec_validator import validate as validate_spec

import tests.factories
from core import page_cache
from core.api.parameters import Parameter
from core.api.router import endpoints
from core.models import County
from tests.core.test_hostile_content import SHORT

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v2/openapi.json"
PARAMETER_SCHEMAS = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
}


def _upcoming() -> dict:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    return {"start": start, "end": start + datetime.timedelta(hours=2)}


# Field values a model's factory needs for the record to be in its default listing.
SAMPLE_FIELDS = {"events.EventPage": _upcoming}


def factory_for(model) -> type[factory.Factory] | None:
    """The factory in tests/factories/ that makes exactly ``model``."""
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.Factory)
                and getattr(value._meta, "model", None) is model
            ):
                return value
    return None


def make_sample(endpoint, home):
    """One record the endpoint shows, made by its model's factory."""
    model = endpoint.model
    make = factory_for(model)
    assert make is not None, f"no factory in tests/factories/ for {model._meta.label}"
    fields = SAMPLE_FIELDS.get(model._meta.label, dict)()
    if issubclass(make, wagtail_factories.PageFactory):
        fields["parent"] = home
    return make(**fields)


def schema_of(document: dict, path: str, status: str) -> dict:
    """The JSON schema of a GET response, with the document's components to resolve $refs."""
    response = document["paths"][path]["get"]["responses"][status]
    schema = response["content"]["application/json"]["schema"]
    return {"allOf": [schema], "components": document["components"]}


def assert_valid(instance, schema: dict) -> None:
    try:
        validate_schema(instance, schema, cls=OAS30ReadValidator)
    except ValidationError as error:
        raise AssertionError(
            f"{error.message} at {list(error.absolute_path)}\n{json.dumps(instance)[:2000]}"
        ) from None


def parameters(document: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in document["paths"][path]["get"].get("parameters", [])}


@pytest.fixture
def document(client, home) -> dict:
    response = client.get(OPENAPI)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_document_is_valid_openapi_3(document):
    validate_spec(document)
    assert document["openapi"].startswith("3.")


def test_the_document_says_what_it_is_whose_data_under_which_licence_and_where(document):
    info = document["info"]
    assert info["title"] == "Mötesplats öppna data"
    assert info["version"]
    assert "CC0" in info["description"]
    assert info["license"] == {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    assert info["contact"]["name"] == "Tillväxtverket"
    assert document["servers"] == [{"url": "http://testserver"}]
    assert [tag["name"] for tag in document["tags"]] == list(endpoints())


def test_every_endpoint_has_its_listing_and_its_detail_with_an_integer_id(document):
    assert endpoints(), "no endpoint registered"
    for name, endpoint in endpoints().items():
        listing = document["paths"][f"/api/v2/{name}/"]["get"]
        detail = document["paths"][f"/api/v2/{name}/{{id}}/"]["get"]
        assert listing["operationId"] == f"{name}_list".replace("-", "_")
        assert detail["operationId"] == f"{name}_retrieve".replace("-", "_")
        assert parameters(document, f"/api/v2/{name}/{{id}}/")["id"] == {
            "in": "path",
            "name": "id",
            "schema": {"type": "integer"},
            "required": True,
        }
        assert "security" not in listing and "security" not in detail
        assert set(listing["responses"]) == {"200", "400", "429"}
        assert set(detail["responses"]) == {"200", "400", "404", "429"}
        error = {"$ref": "#/components/schemas/Error"}
        for operation in (listing, detail):
            for status in ("400", "429"):
                assert operation["responses"][status]["content"]["application/json"] == {
                    "schema": error
                }
        assert detail["responses"]["404"]["content"]["application/json"] == {"schema": error}
        if endpoint.dataset_description:
            assert listing["description"] == str(endpoint.dataset_description)
    assert document["components"]["schemas"]["Error"] == {
        "type": "object",
        "properties": {"message": {"type": "string"}},
        "required": ["message"],
    }


def test_every_declared_parameter_is_documented_with_its_type(document):
    for name, endpoint in endpoints().items():
        documented = parameters(document, f"/api/v2/{name}/")
        accepted = endpoint.accepted_parameters()
        for parameter in endpoint.api_parameters:
            assert isinstance(parameter, Parameter)
            schema = documented[parameter.name]["schema"]
            assert documented[parameter.name]["in"] == "query"
            assert documented[parameter.name]["description"] == str(parameter.description)
            expected = dict(PARAMETER_SCHEMAS[parameter.kind])
            if parameter.choices is not None and parameter.choices():
                expected["enum"] = sorted(parameter.choices())
            if "enum" in schema:
                schema = {**schema, "enum": sorted(schema["enum"])}
            assert schema == expected, (name, parameter.name)
        limit = documented["limit"]["schema"]
        assert limit["type"] == "integer" and limit["maximum"] == settings.WAGTAILAPI_LIMIT_MAX
        assert documented["offset"]["schema"]["type"] == "integer"
        assert documented["fields"]["schema"]["type"] == "string"
        assert ("locale" in documented) == ("locale" in accepted)
        if "locale" in documented:
            assert sorted(documented["locale"]["schema"]["enum"]) == sorted(
                dict(settings.LANGUAGES)
            )
        # Nothing the endpoint would refuse with a 400.
        assert set(documented) <= accepted, name
        detail = parameters(document, f"/api/v2/{name}/{{id}}/")
        assert set(detail) - {"id"} <= accepted & {"fields", "locale"}


def test_the_document_names_nothing_of_the_site_but_the_open_data_api(document):
    expected = {
        path for name in endpoints() for path in (f"/api/v2/{name}/", f"/api/v2/{name}/{{id}}/")
    }
    assert set(document["paths"]) == expected
    text = json.dumps(document)
    for private in ("/admin/", "/django-admin/", "/mina-sidor/", "/konto/", "openapi.json"):
        assert private not in text


def test_real_responses_of_every_endpoint_match_the_document(client, document, home):
    for name, endpoint in endpoints().items():
        sample = make_sample(endpoint, home)
        listing_path, detail_path = f"/api/v2/{name}/", f"/api/v2/{name}/{{id}}/"

        response = client.get(listing_path)
        assert response.status_code == 200, (name, response.content)
        listing = response.json()
        assert_valid(listing, schema_of(document, listing_path, "200"))
        ids = [item["id"] for item in listing["items"]]
        assert sample.pk in ids, f"{name}: the sample is not in the listing; see SAMPLE_FIELDS"

        response = client.get(f"/api/v2/{name}/{sample.pk}/")
        assert response.status_code == 200, (name, response.content)
        assert_valid(response.json(), schema_of(document, detail_path, "200"))

        for path, url, status in (
            (listing_path, f"/api/v2/{name}/?okand=1", "400"),
            (listing_path, f"/api/v2/{name}/?limit=x", "400"),
            (detail_path, f"/api/v2/{name}/{sample.pk}/?okand=1", "400"),
            (detail_path, f"/api/v2/{name}/{sample.pk + 10_000}/", "404"),
        ):
            response = client.get(url)
            assert response.status_code == int(status), (url, response.content)
            assert_valid(response.json(), schema_of(document, path, status))


def test_every_parameter_the_document_offers_is_accepted(client, document, home):
    """Each documented parameter, with a value its schema allows, answers 200."""
    for name, endpoint in endpoints().items():
        make_sample(endpoint, home)
        for parameter, spec in parameters(document, f"/api/v2/{name}/").items():
            schema = spec["schema"]
            if "enum" in schema:
                value = schema["enum"][0]
            elif schema.get("format") == "date":
                value = timezone.localdate().isoformat()
            elif schema["type"] == "integer" and "default" not in schema:
                # Its range is the endpoint's own; a value that is not a number is refused.
                response = client.get(f"/api/v2/{name}/", {parameter: "x"})
                assert response.status_code == 400, (name, parameter)
                continue
            elif schema["type"] == "integer":
                value = str(schema["default"])
            elif parameter == "order":
                continue  # test_the_documented_order_is_the_accepted_one
            elif parameter == "fields":
                value = "*"
            else:
                continue
            response = client.get(f"/api/v2/{name}/", {parameter: value})
            assert response.status_code == 200, (name, parameter, value, response.content)


@pytest.mark.parametrize("restricted", [False, True], ids=["wagtail", "order_fields"])
def test_the_documented_order_is_the_accepted_one(client, home, monkeypatch, restricted):
    """Every field (ascending, descending, two at once) and random: 200 where the pattern allows.

    Once as the endpoints are, once with ``order_fields`` set to two fields.
    """
    if restricted:
        for endpoint in endpoints().values():
            monkeypatch.setattr(endpoint, "order_fields", ("title", "id"))
    document = client.get(OPENAPI).json()
    for name, endpoint in endpoints().items():
        make_sample(endpoint, home)
        documented = parameters(document, f"/api/v2/{name}/")
        if "order" not in documented:
            assert OrderingFilter not in endpoint.filter_backends, name
            continue
        pattern = re.compile(documented["order"]["schema"]["pattern"])
        fields = endpoint.get_available_fields(endpoint.model, db_fields_only=True)
        candidates = ["random", "id,-id", *fields, *(f"-{field}" for field in fields)]
        assert any(pattern.fullmatch(value) for value in candidates), name
        if restricted:
            assert not pattern.fullmatch("random") and pattern.fullmatch("-title,id")
        for value in candidates:
            response = client.get(f"/api/v2/{name}/", {"order": value})
            expected = 200 if pattern.fullmatch(value) else 400
            assert response.status_code == expected, (name, value, response.content)


def test_generation_emits_no_warning_or_error(tmp_path, home):
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert not GENERATOR_STATS
    assert set(yaml.safe_load(target.read_text())["paths"]) >= {
        f"/api/v2/{name}/" for name in endpoints()
    }


def test_served_generation_emits_no_warning(client, home):
    assert client.get(OPENAPI).status_code == 200
    assert not GENERATOR_STATS, (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache)


def test_the_yaml_is_the_same_document(client, document):
    response = client.get("/api/v2/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content) == document


def test_it_is_public_cacheable_and_open_to_other_origins(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.CONTENT.bump()
    first = client.get(OPENAPI, HTTP_ORIGIN="https://data.example.org")
    assert first.status_code == 200
    assert first["Cache-Control"] == f"public, max-age={settings.API_CACHE_SECONDS}"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first.headers.get(page_cache.STATUS_HEADER) == "miss"
    assert "ETag" in first
    second = client.get(OPENAPI)
    assert second.headers.get(page_cache.STATUS_HEADER) == "hit"
    assert second.content == first.content
    assert client.get(OPENAPI, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_english_texts_on_request_and_bad_parameters_are_refused_as_json(client, home):
    english = client.get(OPENAPI, {"locale": "en"})
    assert english.status_code == 200
    assert english.json()["paths"].keys() == client.get(OPENAPI).json()["paths"].keys()
    for url in (OPENAPI, "/api/v2/openapi.yaml"):
        for query in ({"locale": "xx"}, {"format": "yaml"}, {"okand": "1"}):
            response = client.get(url, query)
            assert response.status_code == 400, query
            assert response["Cache-Control"] == "no-store"
            assert response["Content-Type"] == "application/json"
            assert set(response.json()) == {"message"}


def test_hostile_choices_survive_json_and_yaml(client, home):
    """A value read into an enum at generation time comes back intact from both formats."""
    County.objects.filter(code="25").update(slug=SHORT)
    document = client.get(OPENAPI).json()
    enums = [
        parameter["schema"].get("enum", [])
        for path in document["paths"].values()
        for parameter in path["get"].get("parameters", [])
    ]
    assert any(SHORT in enum for enum in enums)
    validate_spec(document)
    assert yaml.safe_load(client.get("/api/v2/openapi.yaml").content) == document


def test_over_the_rate_limit_the_answer_is_the_documented_429(client, document, home, settings):
    settings.API_RATE_LIMIT = "1/min"
    name = next(iter(endpoints()))
    for url, path in ((f"/api/v2/{name}/", f"/api/v2/{name}/"), (OPENAPI, None)):
        statuses = [client.get(url).status_code for _ in range(3)]
        assert statuses[-1] == 429, (url, statuses)
        response = client.get(url)
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert set(response.json()) == {"message"}
        if path:
            assert_valid(response.json(), schema_of(document, path, "429"))
