"""Every API error is JSON in the documented shape ``{"detail": 中文, "field": ..., "errors": {...}}``: an unknown
/api/ URL, a wrong method, a missing login or token, a failed CSRF check, a body over the upload limit, a value the
database refuses, and an unexpected exception (500, with a reference id the log carries too — never raw text)."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import DataError
from django.test import Client

from shoudi.testing.hostile import assert_error_shape


@pytest.fixture
def officer(county, household_a) -> Client:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=county, name="errors")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/households/", "/api/", "/api/v1/households/x/y/z"])
def test_an_unknown_api_url_answers_404_json(officer, path):
    answer = officer.get(path)
    assert answer.status_code == 404
    assert assert_error_shape(answer, path)["detail"] == "未找到"


@pytest.mark.django_db
def test_a_page_url_still_answers_the_404_page(officer):
    answer = officer.get("/households/nothing/here/")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_wrong_method_answers_405_json_naming_the_allowed_ones(officer):
    answer = officer.delete("/api/v1/households/")
    assert answer.status_code == 405
    body = assert_error_shape(answer, "DELETE")
    assert "DELETE" in body["detail"] and "GET" in body["detail"] and "GET" in answer["Allow"]


@pytest.mark.django_db
def test_no_login_or_a_bad_token_answers_401_json(regions):
    assert_error_shape(Client().get("/api/v1/households/"), "anonymous")
    answer = Client(headers={"Authorization": "Bearer sd_not-a-token"}).get("/api/v1/households/")
    assert answer.status_code == 401 and "令牌" in assert_error_shape(answer)["detail"]


@pytest.mark.django_db
def test_a_session_write_without_csrf_answers_403_json(county, household_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county)
    answer = client.post("/api/v1/households/", data="{}", content_type="application/json")
    assert answer.status_code == 403
    assert "CSRF" in assert_error_shape(answer, "csrf")["detail"]


@pytest.mark.django_db
def test_a_body_over_the_limit_answers_413_json(officer, settings, household_a):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"version": household_a.version, "address": "当" * 1024 * 1024})
    answer = officer.patch(f"/api/v1/households/{household_a.pk}", data=body, content_type="application/json")
    assert answer.status_code == 413
    assert "1 MB" in assert_error_shape(answer, "413")["detail"]
    household_a.refresh_from_db()
    assert "当当" not in household_a.address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("urlencoded", "请求内容超过 1 MB"),
        ("multipart", "请求内容超过 1 MB"),
        ("fields", "一次提交的项目超过 1000 个"),  # was 400 "上传内容无法解析" (multipart) or "请求无效"
        ("files", "一次上传的文件超过 100 个"),
    ],
)
def test_a_form_over_the_limits_answers_413_json_naming_the_limit(officer, settings, kind, said):
    from urllib.parse import urlencode

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    url, form = "/api/v1/households/", "application/x-www-form-urlencoded"
    if kind == "urlencoded":
        answer = officer.post(url, urlencode({"address": "当" * 1024 * 1024}), content_type=form)
    elif kind == "multipart":
        answer = officer.post(url, {"address": "当" * 1024 * 1024})
    elif kind == "fields":
        answer = officer.post(url, {f"f{i}": "1" for i in range(1001)})
    else:
        answer = officer.post(url, {f"f{i}": SimpleUploadedFile(f"{i}.txt", b"x") for i in range(101)})
    assert answer.status_code == 413
    assert said in assert_error_shape(answer, kind)["detail"]


@pytest.mark.django_db
def test_an_unexpected_exception_answers_500_json_with_a_logged_reference(officer, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail 520628199001011234")

    monkeypatch.setattr("shoudi.api.households.household_list", broken)
    with caplog.at_level(logging.ERROR, logger="shoudi.errors"):
        answer = officer.get("/api/v1/households/")
    assert answer.status_code == 500
    body = assert_error_shape(answer, "500")
    assert body["detail"].startswith("系统内部错误") and "secret" not in answer.content.decode()
    reference = body["detail"].split("参考编号 ")[1][:12]
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info and "RuntimeError" in logged[0].getMessage()


@pytest.mark.django_db
def test_a_value_the_database_refuses_answers_422_without_its_text(officer, monkeypatch):
    def refused(*args, **kwargs):
        raise DataError('value "520628199001011234" out of range for type integer')

    monkeypatch.setattr("shoudi.api.households.household_list", refused)
    answer = officer.get("/api/v1/households/")
    assert answer.status_code == 422
    assert "超出允许范围" in assert_error_shape(answer, "DataError")["detail"]
    assert "5206281990" not in answer.content.decode()
