"""A region code typed on a phone's Chinese keyboard: 「５２０６２８」 (full-width digits) in any area, township,
village, parent or within parameter of any API operation is read as 520628 — the same answer as the ASCII code,
never 200 with an empty list (the operations' patterns use ``\\d``, which full-width digits pass, and the
filter then matched nothing). A code that is still not digits after that is refused 422 in Chinese.

The sweep walks the OpenAPI document: every GET operation without path parameters, every area-code query
parameter it has, as a county officer with household A in the registry."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from shoudi.api.main import AREA_PARAMS, api, ascii_code
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A
from shoudi.testing.hostile import assert_error_shape

DOC = api.get_openapi_schema(path_prefix="/api/")
CODE_FOR = {"village": VILLAGE_A, "village_code": VILLAGE_A, "parent": COUNTY, "within": COUNTY, "code": COUNTY}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _operations() -> list[tuple[str, str]]:
    """(path, area-code parameter) of every GET operation without path parameters."""
    found = []
    for path, operations in DOC["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        found += [
            (path, p["name"])
            for p in operation.get("parameters", [])
            if p["in"] == "query" and p["name"] in AREA_PARAMS
        ]
    return sorted(found)


OPERATIONS = _operations()


@pytest.fixture
def officer(county, household_a) -> Client:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=county, name="area-codes")
    return Client(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=True)


def _answer(client: Client, path: str, name: str, code: str) -> tuple[int, Any]:
    answer = client.get(f"{path}?{urlencode({name: code})}")
    is_json = answer["Content-Type"].startswith("application/json")
    return answer.status_code, answer.json() if is_json else answer["Content-Type"]


def test_the_sweep_reaches_the_area_parameters_of_the_api():
    names = {name for _, name in OPERATIONS}
    assert {"township", "village", "area"} <= names and len(OPERATIONS) >= 15, OPERATIONS


@pytest.mark.django_db
def test_full_width_codes_answer_as_the_ascii_code_on_every_operation(officer):
    failures, found_something = [], []
    for path, name in OPERATIONS:
        code = CODE_FOR.get(name, TOWNSHIP_A)
        plain = _answer(officer, path, name, code)
        wide = _answer(officer, path, name, code.translate(FULL_WIDTH))
        if wide != plain:
            failures.append(f"GET {path}?{name}=<full-width {code}>: {wide!r:.160} — ASCII: {plain!r:.160}")
        if plain[0] == 200 and isinstance(plain[1], dict) and (plain[1].get("count") or plain[1].get("items")):
            found_something.append(path)
    assert not failures, f"{len(failures)} of {len(OPERATIONS)}:\n" + "\n".join(failures)
    assert "/api/v1/households/" in found_something  # the comparison saw rows, not two empty lists


@pytest.mark.django_db
def test_households_by_a_full_width_village_code(officer, household_a):
    answer = officer.get("/api/v1/households/", {"village": VILLAGE_A.translate(FULL_WIDTH)})
    assert answer.status_code == 200 and answer.json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["５２０６２８１０１x", "五二〇六二八一〇一", "52062810１ "])
def test_a_code_that_is_not_digits_is_still_refused_in_chinese(officer, code):
    answer = officer.get("/api/v1/households/", {"township": code})
    assert answer.status_code == 422
    body = assert_error_shape(answer, code)
    assert body["field"] == "township" and "乡镇代码" in body["detail"] and "格式不正确" in body["detail"]


def test_ascii_code_folds_the_digits_of_any_script():
    assert ascii_code("５２０６２８") == "520628"
    assert ascii_code("٥٢٠٦٢٨") == "520628"  # Arabic-Indic
    assert ascii_code("52 06") == "52 06" and ascii_code("") == ""
