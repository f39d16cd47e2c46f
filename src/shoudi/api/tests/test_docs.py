"""The docs page and the schema: everything served by the project, nothing from a CDN; both only for a signed-in
user or an API token."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_docs_and_schema_need_a_login_or_a_token(village_a):
    from shoudi.accounts.models import ApiToken

    anonymous = Client()
    page = anonymous.get("/api/docs")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    document = anonymous.get("/api/openapi.json")
    assert document.status_code == 401 and "请先登录" in document.json()["detail"]
    bad = anonymous.get("/api/openapi.json", headers={"Authorization": "Bearer sd_not-a-token"})
    assert bad.status_code == 401
    _, raw = ApiToken.issue(user=village_a, name="文档")
    assert anonymous.get("/api/openapi.json", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_docs_page_loads_only_local_assets(village_a):
    client = _client(village_a)
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "守底 API" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(sources) == 4
    for url in sources:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)


def test_swagger_ui_does_not_call_the_online_validator(village_a):
    html = _client(village_a).get("/api/docs").content.decode()
    assert '"validatorUrl": null' in html


def test_openapi_schema_lists_the_routes_with_chinese_titles(village_a):
    response = _client(village_a).get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "守底 API" and schema["info"]["version"] == "v1"
    assert {"/api/v1/households/", "/api/v1/persons/{person_id}/reveal", "/api/v1/regions/{code}"} <= set(
        schema["paths"]
    )
    assert set(schema["paths"]["/api/v1/persons/{person_id}"]) == {"get", "patch", "delete"}
    household_in = schema["components"]["schemas"]["HouseholdCreate"]["properties"]
    assert household_in["debt"]["title"] == "负债（元）"
    assert {"BearerTokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_no_two_request_or_response_schemas_share_a_name():
    """The OpenAPI components are keyed by class name: two apps' ``PlanIn`` would document one body for both
    routes (the assistance plan once showed the asset distribution plan's fields)."""
    from ninja import Schema

    from shoudi.api.main import api

    api.get_openapi_schema()  # imports every router
    seen: dict[str, str] = {}
    clashes = []

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("shoudi.") and "tests" not in sub.__module__:
                other = seen.setdefault(sub.__name__, sub.__module__)
                if other != sub.__module__:
                    clashes.append(f"{sub.__name__}: {other} / {sub.__module__}")
            walk(sub)

    walk(Schema)
    assert not clashes, clashes
