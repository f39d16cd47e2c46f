"""THE AREA SWEEP: every URL pattern of the site and every route of the API, asked by a user of another village.

The sweep walks Django's resolver (through every include) and the NinjaAPI's OpenAPI schema, so a page or
route added tomorrow is covered without editing this file — unless it takes a parameter the sweep does not
know, and then the sweep FAILS and says which mapping to add to ``PARAMS`` (``area_sweep_params``).

- URLs with an object parameter (a household, a person, a region code…) are filled with objects of village A
  and requested as village B's contact: every method must answer 404 ("not yours" looks like "not there").
- URLs without one (lists, login, docs…) are requested as village B's contact: the answer must never show
  village A's household number, a member's name or ID number.
- The sweep is real: the same object URLs requested by village A's own people (the village contact, or the
  township/county above when the page needs their role) are not 404 for GET.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from shoudi.api.main import api
from shoudi.core.tests.area_sweep_params import PARAMS, Param, SweepObjects

pytestmark = pytest.mark.django_db

API_PREFIX = "/api/"

PARAM_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # "/households/<uuid:household_id>/"
    namespace: str
    name: str | None

    @property
    def params(self) -> list[str]:
        return [m.group("name") for m in PARAM_RE.finditer(self.template)]

    @property
    def takes_object(self) -> bool:
        """True when a parameter picks a record (so village B must get 404)."""
        return any(param_for(self, name).obj for name in self.params)

    @property
    def is_api(self) -> bool:
        return self.template.startswith(API_PREFIX)

    @property
    def openapi_path(self) -> str:
        return PARAM_RE.sub(lambda m: "{" + m.group("name") + "}", self.template)


def _route_of(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        regex = str(pattern._regex).lstrip("^").rstrip("$").replace("\\Z", "")
        regex = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", regex)
        return regex.replace("\\", "")
    return str(pattern)


def walk(patterns: list[Any], prefix: str = "/", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + _route_of(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + _route_of(entry.pattern), namespace, entry.name)


def all_routes() -> list[Route]:
    """Every URL pattern once (ninja registers one pattern per operation on the same path)."""
    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def param_for(route: Route, name: str) -> Param:
    for key in ((route.namespace, name), ("*", name)):
        if key in PARAMS:
            return PARAMS[key]
    pytest.fail(
        f"The area sweep does not know URL parameter “{name}” of {route.template} "
        f"(namespace “{route.namespace}”, url name “{route.name}”). Add ('{route.namespace}', '{name}') — or "
        f"('*', '{name}') if it means the same everywhere — to PARAMS in src/shoudi/core/tests/area_sweep_params.py, "
        "mapping it to an object of village A (or to a fresh uuid with real=False for things the sweep "
        "need not create), so the new route is checked for area leaks."
    )


def fill(route: Route, objects: SweepObjects, spec: dict[str, Any] | None = None) -> str:
    """The URL with its parameters filled. A non-object parameter of an API route that the schema
    restricts to an enumeration takes its first allowed value (else ninja answers 422 before any lookup)."""
    enums: dict[str, list[Any]] = {}
    for operation in (spec or {}).get("paths", {}).get(route.openapi_path, {}).values():
        for p in operation.get("parameters", []):
            schema = _resolve(p.get("schema", {}), spec or {})
            if p["in"] == "path" and "enum" in schema:
                enums[p["name"]] = schema["enum"]

    def value(match: re.Match[str]) -> str:
        name = match.group("name")
        param = param_for(route, name)
        if not param.obj and name in enums:
            return str(enums[name][0])
        return str(param.value(objects))

    return PARAM_RE.sub(value, route.template)


# --- API operations from the OpenAPI schema: methods, required query parameters, minimal bodies -----------


def openapi() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix=API_PREFIX)


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def sample(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """The smallest value that passes ``schema``: required properties only, first enum value, and so on."""
    schema = _resolve(schema, spec)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, spec).get("type") != "null"]
            return sample(options[0], spec)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: sample(props[name], spec) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), spec)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "binary":
        return SimpleUploadedFile("sweep.txt", b"area sweep", content_type="text/plain")
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date":
        return "2024-01-01"
    return "1"


@dataclass(frozen=True)
class Call:
    method: str
    query: dict[str, Any]
    body: Any
    form: bool = False  # send ``body`` as multipart/form-data (uploads) instead of JSON


def api_calls(route: Route, spec: dict[str, Any]) -> list[Call]:
    operations = spec["paths"].get(route.openapi_path)
    if operations is None:  # docs page, schema, ninja's root: plain GETs
        return [Call("get", {}, None)]
    calls = []
    for method, operation in operations.items():
        query = {
            p["name"]: sample(p.get("schema", {}), spec)
            for p in operation.get("parameters", [])
            if p["in"] == "query" and p.get("required")
        }
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            calls.append(Call(method, query, sample(content["application/json"]["schema"], spec)))
        elif "multipart/form-data" in content:
            form = sample(content["multipart/form-data"]["schema"], spec)
            calls.append(Call(method, query, form, form=True))
        else:
            calls.append(Call(method, query, None))
    return calls


def request(client: Client, url: str, call: Call) -> Any:
    if call.query:
        url = f"{url}?{urlencode(call.query)}"
    kwargs: dict[str, Any] = {}
    if call.form:  # Client.post encodes a dict itself; the other methods take the encoded bytes
        data = call.body if call.method == "post" else encode_multipart(BOUNDARY, call.body)
        kwargs = {"data": data, "content_type": MULTIPART_CONTENT}
    elif call.body is not None:
        kwargs = {"data": json.dumps(call.body), "content_type": "application/json"}
    return getattr(client, call.method)(url, **kwargs)


def calls_for(route: Route, spec: dict[str, Any]) -> list[Call]:
    return api_calls(route, spec) if route.is_api else [Call("get", {}, None)]


# --- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture
def objects(household_a, household_b, settings, tmp_path) -> SweepObjects:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the sweep's attachments and photos
    return SweepObjects(household=household_a, person=household_a.members.get(relationship="spouse"))


@pytest.fixture
def secrets_of_a(household_a) -> list[str]:
    people = list(household_a.members.all())
    return [household_a.number, *(p.name for p in people), *(p.id_number for p in people)]


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the sweep -----------------------------------------------------------------------------------------


def test_every_api_operation_is_a_url_pattern_the_sweep_walks(regions):
    """The sweep walks the resolver; prove it sees every path and method the NinjaAPI serves."""
    spec = openapi()
    walked = {route.openapi_path for route in all_routes() if route.is_api}
    assert set(spec["paths"]) <= walked
    methods = {(path, m) for path, ops in spec["paths"].items() for m in ops}
    assert ("/api/v1/persons/{person_id}", "delete") in methods  # the schema lists every method
    assert len(methods) >= 13


def test_object_urls_are_404_for_another_village(village_b, objects):
    spec = openapi()
    checked = []
    for route in all_routes():
        if not route.takes_object:
            continue
        url = fill(route, objects, spec)
        for call in calls_for(route, spec):
            client = login(village_b)
            response = request(client, url, call)
            if response.status_code == 405 and not route.is_api:  # a page that only accepts POST
                call = Call("post", {}, None)
                response = client.post(url)
            assert response.status_code == 404, (
                f"{call.method.upper()} {url} ({route.template}) as village B gave {response.status_code}, "
                "expected 404: a user of another village must not reach village A's objects: "
                f"{response.content[:300]!r}"
            )
            checked.append((call.method, route.template))
    assert ("delete", "/api/v1/persons/<person_id>") in checked
    assert any(template.startswith("/households/") for _m, template in checked)


def test_urls_without_object_never_show_another_villages_data(village_b, objects, secrets_of_a):
    spec = openapi()
    checked = []
    for route in all_routes():
        if route.takes_object:
            continue
        url = fill(route, objects, spec)
        for call in calls_for(route, spec):
            response = request(login(village_b), url, call)
            assert response.status_code < 500, f"{call.method.upper()} {route.template} failed: {response.status_code}"
            content = b"".join(response.streaming_content) if response.streaming else response.content
            text = content.decode("utf-8", errors="replace")
            leaked = [s for s in secrets_of_a if s in text]
            assert not leaked, f"{call.method.upper()} {route.template} as village B shows village A's {leaked}"
            checked.append(route.template)
    assert {"/", "/households/", "/api/v1/households/", "/api/docs"} <= set(checked)


def test_sweep_is_real(village_a, township, county, objects):
    """Village A's own people reach the same URLs (GET), so the 404s above come from the area check."""
    insiders = [village_a, township, county]
    spec = openapi()
    verified = []
    for route in all_routes():
        if not route.takes_object or not all(param_for(route, name).real for name in route.params):
            continue
        url = fill(route, objects, spec)
        statuses = []
        for user in insiders:
            status = login(user).get(url).status_code
            statuses.append(status)
            if status != 404:
                break
        if statuses[-1] == 405:  # no GET on this URL (a POST-only page or API action)
            continue
        assert statuses[-1] != 404, (
            f"GET {url} ({route.template}) is 404 even for village A's own contact, township and county: the "
            "sweep's value for its parameters is not a real object of village A — fix the mapping in PARAMS"
        )
        verified.append(route.template)
    assert "/api/v1/households/<household_id>" in verified
    assert "/api/v1/persons/<person_id>" in verified
    assert "/households/<uuid:household_id>/" in verified
    assert {
        "/monitoring/<uuid:case_id>/",
        "/monitoring/<uuid:case_id>/files/<uuid:attachment_id>/",
        "/monitoring/leads/<uuid:lead_id>/",
        "/assistance/visits/<uuid:visit_id>/photo/",
        "/monitoring/applications/<uuid:application_id>/",
    } <= set(verified)
