"""Hostile query strings on the pages: a NUL byte in a search or a filter (``/households/?q=%00`` answered 500 on
PostgreSQL) is refused 400 with a Chinese page before any view runs; out-of-range page numbers, years, malformed
area codes and impossible dates in the filters of every list page never answer 5xx."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from shoudi.core.tests.test_area_sweep import all_routes

HUGE = "99999999999999999999"
# the filters the pages read from the query string (grep request.GET and the filter forms)
FILTERS = ["q", "page", "village", "township", "area", "region", "year", "month", "date", "kind", "status", "code"]
ODD = [HUGE, "-1", "abc", "0000-01-01", "５２０６２８"]
LIST_PAGES = sorted(
    r.template for r in all_routes() if not r.params and not r.is_api and not r.template.startswith(("/static/", "/c/"))
)


def _get(client: Client, url: str):
    try:
        with transaction.atomic():  # a database error must not end the test's transaction (PostgreSQL)
            return client.get(url)
    except Exception as exc:  # the test client re-raises a view's exception: that is the 500
        return exc


@pytest.fixture
def officer(county, household_a) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(county)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/households/?q=%00",
        "/households/?q=%E5%BC%A0%00",
        "/households/?village=%00",
        "/monitoring/?q=a%00b",
        "/households/%00/",
        "/?x%00=1",
    ],
)
def test_a_nul_in_a_query_or_path_is_refused_with_a_chinese_page(officer, url):
    answer = officer.get(url)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert answer["Content-Type"].startswith("text/html") and "空字符" in page and "请求无效" in page


@pytest.mark.django_db
def test_a_nul_is_refused_on_public_pages_too(regions):
    answer = Client().get("/apply/?q=%00")
    assert answer.status_code == 400 and "空字符" in answer.content.decode()


@pytest.mark.django_db
def test_no_list_page_breaks_on_a_nul_or_an_odd_filter(officer):
    """Every page without a URL parameter, with every filter at once set to each odd value (and a NUL in ``q``)."""
    failures = []
    for template in LIST_PAGES:
        answer = _get(officer, f"{template}?q=%00")
        if isinstance(answer, Exception) or answer.status_code != 400:
            failures.append(f"{template}?q=%00: {getattr(answer, 'status_code', answer)!r}")
        for value in ODD:
            query = "&".join(f"{name}={value}" for name in FILTERS)
            answer = _get(officer, f"{template}?{query}")
            if isinstance(answer, Exception) or answer.status_code >= 500:
                failures.append(f"{template}?{query}: {str(answer)[:160]}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:60])


# ---- a posted form over Django's limits ---------------------------------------------------------------------


def _posting_officer(county) -> tuple[Client, str]:
    """A county officer's browser with the CSRF check on, and the token a page would have given it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(county)
    client.get("/households/new/")
    return client, client.cookies["csrftoken"].value


def _files(count: int) -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {f"f{i}": SimpleUploadedFile(f"{i}.txt", b"x") for i in range(count)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("urlencoded", "请求内容超过 1 MB"),
        ("multipart", "请求内容超过 1 MB"),  # Django: "页面已过期" (403), as if the token were missing
        ("fields", "一次提交的项目超过 1000 个"),
        ("files", "一次上传的文件超过 100 个"),
    ],
)
def test_a_form_over_the_limits_is_a_chinese_413_page(county, household_a, settings, kind, said):
    from urllib.parse import urlencode

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client, token = _posting_officer(county)
    fields = {"csrfmiddlewaretoken": token, "address": "当" * 1024 * 1024}
    if kind == "urlencoded":
        answer = client.post("/households/new/", urlencode(fields), content_type="application/x-www-form-urlencoded")
    elif kind == "multipart":
        answer = client.post("/households/new/", fields)
    elif kind == "fields":
        many = {"csrfmiddlewaretoken": token, **{f"f{i}": "1" for i in range(1001)}}
        answer = client.post("/households/new/", urlencode(many), content_type="application/x-www-form-urlencoded")
    else:
        answer = client.post("/households/new/", {"csrfmiddlewaretoken": token, **_files(101)})
    page = answer.content.decode()
    assert answer.status_code == 413 and answer["Content-Type"].startswith("text/html"), page[:300]
    assert said in page and "Bad Request" not in page and "页面已过期" not in page
    assert household_a.__class__.objects.count() == 1  # nothing was created


@pytest.mark.django_db
def test_a_form_within_the_limits_still_reaches_the_view_and_its_csrf_check(county, household_a):
    client, token = _posting_officer(county)
    answer = client.post("/households/new/", {"csrfmiddlewaretoken": token, "address": "x"})
    assert answer.status_code in (200, 400) and "户编号" in answer.content.decode()  # the form, with its errors
    refused = client.post("/households/new/", {"address": "x"})  # no token: the CSRF page, as before
    assert refused.status_code == 403 and "页面已过期" in refused.content.decode()


@pytest.mark.django_db
def test_an_unreadable_multipart_form_is_a_chinese_400_page(county):
    client, _token = _posting_officer(county)
    answer = client.post("/households/new/", b"--x\r\nbroken", content_type="multipart/form-data; boundary=")
    assert answer.status_code == 400 and "无法解析" in answer.content.decode()
