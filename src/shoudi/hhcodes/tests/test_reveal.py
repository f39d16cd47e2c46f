"""查看完整电话 and the workbench panel of 一户一码.

Staff see a scan report's phone masked; the village contact, the township reviewer and the county officer
(``REVEAL_PHONE`` in the household's area) press 「查看完整电话」 on the village or household page — or call the API —
and see the full number once, every look logged; the township's 帮扶责任人 (``REVEAL_PHONE`` without
``REVEAL_ID``: a phone to call, never an ID number) too. The village council of village A (no ``REVEAL_PHONE``) is
refused in words (403); village B gets 404. The village contact's workbench lists the village's scan reports
of the last 14 days, each with its lead."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from shoudi.core.models import AuditEntry
from shoudi.hhcodes import reports
from shoudi.hhcodes.models import CodeReport
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
API = "/api/v1/household-codes"


@pytest.fixture
def report_a(code_a):
    return reports.report_submit(code=code_a, trouble="illness", text="父亲住院做手术", phone=PHONE)


def _reveals(report, user=None):
    qs = AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(report.pk))
    return qs.filter(actor=user) if user is not None else qs


def _page(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["village_a", "township", "county"])
def test_the_full_phone_is_shown_once_from_the_village_page_and_logged(client, request, persona, report_a):
    user = request.getfixturevalue(persona)
    page = _page(client, user, f"/household-codes/village/{VILLAGE_A}/")
    assert "139****5678" in page and PHONE not in page and "查看完整电话" in page
    answer = client.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "village"})
    text = answer.content.decode()
    assert answer.status_code == 200 and PHONE in text
    assert "no-cache" in answer["Cache-Control"] or "no-store" in answer["Cache-Control"]
    assert f"/household-codes/village/{VILLAGE_A}/" in text  # the way back to the page the button was on
    entry = _reveals(report_a, user).get()
    assert entry.household_id == report_a.household_id and entry.area_code == VILLAGE_A
    assert "村页面" in entry.reason and PHONE not in json.dumps(entry.changes, ensure_ascii=False)
    assert PHONE not in _page(client, user, f"/household-codes/village/{VILLAGE_A}/")  # masked again


def test_from_the_household_page_each_look_is_logged(client, village_a, household_a, report_a):
    page = _page(client, village_a, f"/household-codes/households/{household_a.pk}/")
    assert "查看完整电话" in page and PHONE not in page
    for _ in range(2):
        answer = client.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "household"})
        assert answer.status_code == 200 and PHONE in answer.content.decode()
    assert _reveals(report_a, village_a).count() == 2
    assert all("农户页面" in e.reason for e in _reveals(report_a))


def test_a_report_without_a_phone_has_no_button_and_reveals_nothing(client, village_a, code_a):
    bare = reports.report_submit(code=code_a, trouble="water", text="井水干了")
    page = _page(client, village_a, f"/household-codes/village/{VILLAGE_A}/")
    assert "查看完整电话" not in page and "未留" in page
    answer = client.post(f"/household-codes/reports/{bare.pk}/reveal/", {"where": "village"})
    assert answer.status_code == 400 and "没有留联系电话" in answer.content.decode()
    assert not _reveals(bare).exists()


def test_the_helper_cadre_calls_with_the_phone_capability_not_the_id_one(client, helper_cadre, report_a):
    from shoudi.core.access import Capability

    assert helper_cadre.can(Capability.REVEAL_PHONE) and not helper_cadre.can(Capability.REVEAL_ID)
    client.force_login(helper_cadre)
    answer = client.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "household"})
    assert answer.status_code == 200 and PHONE in answer.content.decode()
    assert "农户页面" in _reveals(report_a, helper_cadre).get().reason


def test_the_council_without_reveal_phone_is_refused_in_words(client, committee_a, report_a):
    client.force_login(committee_a)
    answer = client.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "village"})
    text = answer.content.decode()
    assert answer.status_code == 403 and "不能查看完整电话" in text and PHONE not in text
    api = client.post(f"{API}/reports/{report_a.pk}/reveal")
    assert api.status_code == 403 and "不能查看完整电话" in api.json()["detail"]
    assert PHONE not in api.content.decode() and not _reveals(report_a).exists()


def test_village_b_and_anything_else_get_404(client, village_b, village_a, report_a):
    client.force_login(village_b)
    assert client.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "village"}).status_code == 404
    assert client.post(f"{API}/reports/{report_a.pk}/reveal").status_code == 404
    client.force_login(village_a)
    for bad in ("not-a-uuid", "0" * 40, "%00"):
        assert client.post(f"{API}/reports/{bad}/reveal").status_code in (400, 404, 422)
    assert client.post(f"{API}/reports/{report_a.household_id}/reveal").status_code == 404  # another object's id
    assert client.get(f"/household-codes/reports/{report_a.pk}/reveal/").status_code == 405
    assert not _reveals(report_a).exists()


def test_a_post_without_the_csrf_token_is_refused(village_a, report_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(village_a)
    answer = strict.post(f"/household-codes/reports/{report_a.pk}/reveal/", {"where": "village"})
    assert answer.status_code == 403 and PHONE not in answer.content.decode()
    assert not _reveals(report_a).exists()


@pytest.mark.parametrize("persona", ["village_a", "helper_cadre", "township", "county"])
def test_the_api_returns_the_phone_and_logs_it(client, request, persona, report_a):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    answer = client.post(f"{API}/reports/{report_a.pk}/reveal")
    assert answer.status_code == 200
    assert answer.json() == {"report_id": str(report_a.pk), "household_id": str(report_a.household_id), "phone": PHONE}
    assert "接口" in _reveals(report_a, user).get().reason


def test_the_api_without_a_phone_is_422_naming_the_field(client, county, code_a):
    bare = reports.report_submit(code=code_a, trouble="other", text="想咨询政策")
    client.force_login(county)
    answer = client.post(f"{API}/reports/{bare.pk}/reveal")
    assert answer.status_code == 422 and answer.json()["field"] == "phone"
    assert "没有留联系电话" in answer.json()["detail"]


def test_the_api_without_a_session_is_401(client, report_a):
    assert client.post(f"{API}/reports/{report_a.pk}/reveal").status_code == 401


# ---- the workbench panel ------------------------------------------------------------------------------


def _panel(user):
    from django.template import Context, Template

    return Template("{% load hhcodes_tags %}{% hhcodes_panel %}").render(Context({"user": user}))


def test_the_panel_lists_the_villages_recent_reports_for_its_contact(village_a, household_a, report_a):
    older = reports.report_submit(code=report_a.code, trouble="water", text="井水干了")
    CodeReport.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - dt.timedelta(days=15))
    html = _panel(village_a)
    assert 'data-testid="hhcodes-panel"' in html and html.count('data-testid="hhcodes-panel-row"') == 1
    head = household_a.members.get(relationship="head").name
    assert head not in html and f"{head[0]}*" in html
    assert "生病或受伤" in html and "待入户核实" in html and "饮水" not in html
    assert f"/monitoring/leads/{report_a.lead_id}/" in html
    assert f"/household-codes/village/{VILLAGE_A}/" in html
    assert PHONE not in html and "139****" not in html


def test_the_panel_is_for_the_village_contact_of_a_village_with_reports(
    village_a, village_b, township, county, committee_a, code_a
):
    assert _panel(village_a).strip() == ""  # no reports yet
    reports.report_submit(code=code_a, trouble="illness", text="摔伤住院", phone=PHONE)
    assert "hhcodes-panel" in _panel(village_a)
    for user in (village_b, township, county, committee_a):
        assert _panel(user).strip() == "", user


PANEL_LINE = "{% load hhcodes_tags %}{% hhcodes_panel %}"


def test_the_panel_on_the_workbench_page(client, settings, tmp_path, village_a, village_b, report_a):
    """Through the real workbench; until the one line is in core/workbench.html (/tmp/requests/hhcodes2.md), a
    copy of it with the line added after the other panels."""
    from django.template.loader import get_template

    source = get_template("core/workbench.html").template.source
    if "hhcodes_panel" not in source:
        (tmp_path / "core").mkdir()
        last = "{% endblock %}"
        at = source.rindex(last)
        (tmp_path / "core" / "workbench.html").write_text(source[:at] + PANEL_LINE + "\n" + source[at:])
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    page = _page(client, village_a, "/")
    assert "工作台" in page and 'data-testid="hhcodes-panel"' in page
    assert f"/monitoring/leads/{report_a.lead_id}/" in page
    assert 'data-testid="hhcodes-panel"' not in _page(client, village_b, "/")
