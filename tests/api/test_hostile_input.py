"""Hostile input on every API operation, as a county officer with an API token: NUL bytes, out-of-range integers,
malformed codes, impossible dates and huge numbers in query, path and body. None may answer 5xx; the refusals
are 4xx in the documented shape ``{"detail": 中文, "field": ..., "errors": {...}}``. (The review found 101 HTTP
500s, as HTML, on 8 operations — ``year=0``, a 20-digit offset, ``township=abc``, a NUL in a search, ``1e30``.)

The sweep walks the OpenAPI document, so a new operation is covered without a line here; the named tests below it
are the cases the review reported."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client

from shoudi.api.main import api
from shoudi.testing.hostile import assert_error_shape

HUGE = "99999999999999999999"  # 20 digits: past a PostgreSQL bigint
NUL = "\x00"

DOC = api.get_openapi_schema(path_prefix="/api/")


def _schema_of(param: dict[str, Any]) -> dict[str, Any]:
    schema = param.get("schema", {})
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return option
    return schema


def _benign(schema: dict[str, Any]) -> str:
    """A well-formed value for a path parameter that is not the one under attack (it usually finds nothing)."""
    if schema.get("format") == "uuid":
        return str(uuid.UUID(int=1))
    if schema.get("type") == "integer":
        return str(max(1, int(schema.get("minimum", 1))))
    if "enum" in schema:
        return str(schema["enum"][0])
    return "520628"


def _hostile(schema: dict[str, Any]) -> list[str]:
    """Values no valid request carries (a 4xx is required) for a parameter of this schema."""
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "integer":
        return [HUGE, "-" + HUGE, "1e30", "NaN", NUL]
    if kind == "boolean":
        return [NUL]
    if fmt == "date":
        return ["0000-01-01", "99999-01-01", NUL]
    return [NUL, "a" + NUL + "b"]


def _odd(schema: dict[str, Any]) -> list[str]:
    """Values that are merely unusual (any answer but a 5xx will do)."""
    kind = schema.get("type")
    if kind == "integer":
        return ["0", "-1", "99999"]
    if kind == "string" and schema.get("format") not in {"uuid", "date"}:
        return ["abc", HUGE, "0000-01-01", "%", "'\"", "５２０６２８"]
    return []


def _url(path: str, base: dict[str, str], override: dict[str, str], query: dict[str, str] | None = None) -> str:
    values = {**base, **override}
    built = path.format(**{k: quote(v, safe="") for k, v in values.items()})
    return built + ("?" + urlencode(query) if query else "")


def _requests() -> dict[str, list[tuple[str, str, str, bool]]]:
    """(method, url, what, must_refuse) per router, for every parameter of every operation."""
    by_router: dict[str, list[tuple[str, str, str, bool]]] = defaultdict(list)
    for path, operations in DOC["paths"].items():
        router = path.split("/")[3]
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            path_params = {p["name"]: _schema_of(p) for p in params if p["in"] == "path"}
            base = {name: _benign(schema) for name, schema in path_params.items()}

            for param in params:
                schema = _schema_of(param)
                name, place = param["name"], param["in"]
                if place not in {"path", "query"}:
                    continue
                cases = [(v, True) for v in _hostile(schema)] + [(v, False) for v in _odd(schema)]
                for value, refuse in cases:
                    link = _url(path, base, {name: value}) if place == "path" else _url(path, base, {}, {name: value})
                    by_router[router].append((method, link, f"{place} {name}={value!r}", refuse))
    return by_router


REQUESTS = _requests()


@pytest.fixture
def token(county, household_a) -> str:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=county, name="hostile")
    return raw


def _call(client: Client, method: str, link: str, token: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    if method in {"post", "put", "patch"}:
        kwargs.update(data=json.dumps({} if body is None else body), content_type="application/json")
    try:
        with transaction.atomic():  # a database error must not end the test's transaction (PostgreSQL)
            return getattr(client, method)(link, **kwargs)
    except Exception as exc:
        return exc


@pytest.mark.django_db
@pytest.mark.parametrize("router", sorted(REQUESTS))
def test_no_parameter_of_any_operation_breaks_the_server(router, token):
    client = Client(raise_request_exception=True)
    failures = []
    for method, link, what, refuse in REQUESTS[router]:
        answer = _call(client, method, link, token)
        label = f"{method.upper()} {link} ({what})"
        if isinstance(answer, Exception):
            failures.append(f"{label}: 500 {type(answer).__name__}: {str(answer)[:120]}")
            continue
        if answer.status_code >= 500 or (refuse and answer.status_code < 400):
            failures.append(f"{label}: {answer.status_code} {answer.content[:120]!r}")
            continue
        if answer.status_code >= 400:
            try:
                assert_error_shape(answer, label)
            except AssertionError as error:
                failures.append(str(error)[:200])
    assert not failures, f"{len(failures)} of {len(REQUESTS[router])}:\n" + "\n".join(failures[:60])


# --- the cases the review reported, by name -------------------------------------------------------------------

PAGED_LISTS = [
    "/api/v1/households/",
    "/api/v1/monitoring/cases",
    "/api/v1/monitoring/leads",
    "/api/v1/screening/register-updates",
    "/api/v1/feeds/batches",
    "/api/v1/projects/",
    "/api/v1/assets/",
    "/api/v1/complaints/",
    "/api/v1/low-income/register",
    "/api/v1/employment/labour",
]


@pytest.fixture(params=["token", "session"])
def caller(request, county, household_a) -> Client:
    """A county officer's client: by API token or by browser session."""
    from shoudi.accounts.models import ApiToken

    if request.param == "session":
        client = Client()
        client.force_login(county)
        return client
    _, raw = ApiToken.issue(user=county, name="hostile")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _refused(client: Client, link: str, field: str, status: int = 422) -> dict[str, Any]:
    answer = client.get(link)
    assert answer.status_code == status, f"{link}: {answer.status_code} {answer.content[:200]!r}"
    body = assert_error_shape(answer, link)
    assert body["field"] == field, f"{link}: {body}"
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", HUGE, "-1", "99999", "2026.5", "abc"])
def test_industry_share_refuses_an_impossible_year(caller, year):
    body = _refused(caller, f"/api/v1/projects/industry-share?year={year}", "year")
    assert "年度" in body["detail"]


@pytest.mark.django_db
def test_industry_share_answers_a_real_year(caller):
    assert caller.get("/api/v1/projects/industry-share?year=2026").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGED_LISTS)
def test_an_out_of_range_offset_or_limit_is_refused(caller, path):
    assert "起始位置" in _refused(caller, f"{path}?offset={HUGE}", "offset")["detail"]
    assert "起始位置" in _refused(caller, f"{path}?offset=-1", "offset")["detail"]
    assert "每页条数" in _refused(caller, f"{path}?limit={HUGE}", "limit")["detail"]
    assert "每页条数" in _refused(caller, f"{path}?limit=0", "limit")["detail"]
    assert caller.get(f"{path}?offset=10000000&limit=1").status_code == 200  # the largest offset: an empty page


@pytest.mark.django_db
@pytest.mark.parametrize("township", ["abc", "52062810", "5206281011", HUGE])
def test_a_malformed_township_code_is_refused(caller, township):
    assert "乡镇" in _refused(caller, f"/api/v1/monitoring/cases?township={township}", "township")["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "param"), [("/api/v1/households/", "village"), ("/api/v1/low-income/counts", "area")])
@pytest.mark.parametrize("code", ["abc", "52062810120", HUGE])
def test_a_malformed_area_code_is_refused(caller, path, param, code):
    _refused(caller, f"{path}?{param}={code}", param)


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0000-01-01", "99999-01-01", "2026-13-01", "2026-02-30"])
def test_an_impossible_date_in_a_query_is_refused(caller, day):
    assert "日期" in _refused(caller, f"/api/v1/employment/counts?on={day}", "on")["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/households/", "/api/v1/monitoring/cases", "/api/v1/assets/"])
@pytest.mark.parametrize("q", ["%00", "%E5%BC%A0%00", "a%00b"])
def test_a_nul_in_a_search_is_refused_in_chinese(caller, path, q):
    body = _refused(caller, f"{path}?q={q}", "q", status=400)
    assert "空字符" in body["detail"] and "查询内容" in body["detail"]


@pytest.mark.django_db
def test_a_nul_in_a_path_parameter_is_refused(caller, household_a):
    body = _refused(caller, f"/api/v1/households/{household_a.pk}%00", "path", status=400)
    assert "空字符" in body["detail"]
    assert caller.get(f"/api/v1/households/{household_a.pk}").status_code == 200
