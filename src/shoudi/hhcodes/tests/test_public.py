"""The page a household's QR code opens, as anyone with a phone (no account): it names the household without
personal data, and one submission makes exactly one lead (农户自主申报) for the village contact — never two for
the same form, never more than the limit, never with the phone in it; a revoked or unknown code is a 404 page
in Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.hhcodes import reports, services
from shoudi.hhcodes.models import CodeReport
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Lead

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
GONE = "此二维码已失效，请联系村监测联系人或拨打 12317"


def _nonce(response) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def _send(client, code, *, nonce: str | None = None, **data):
    url = f"/c/{code.token}/"
    if nonce is None:
        nonce = _nonce(client.get(url))
    body = {"trouble": "illness", "text": "父亲住院做手术，自付三万多元", "phone": PHONE, "nonce": nonce, **data}
    return client.post(url, body)


def test_the_page_names_the_household_without_personal_data(client, household_a, code_a):
    response = client.get(f"/c/{code_a.token}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "当造村" in text and "盘石镇" in text
    members = list(household_a.members.all())
    head = next(p for p in members if p.relationship == "head")
    assert f"户主 {head.name[0]}" in text and "*" in text
    for person in members:
        assert person.name not in text and person.id_number not in text and person.id_number[-4:] not in text
    assert household_a.number not in text
    assert "no-cache" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    for label in ("生病或受伤", "孩子上学", "残疾", "灾害或意外", "失去工作或收入", "住房", "饮水", "其他"):
        assert label in text


def test_one_submission_makes_exactly_one_lead_for_the_village_without_the_phone(client, household_a, code_a):
    response = _send(client, code_a)
    assert response.status_code == 200, response.content.decode()[:2000]
    text = response.content.decode()
    assert 'data-testid="hhcode-done"' in text
    lead = Lead.objects.get(household=household_a)
    today = timezone.localdate()
    days = reports.check_days(household_a.village_id, today)
    assert f">{days}</strong> 天内" in text
    assert lead.channel == mcodes.Channel.APPLICATION and lead.status == mcodes.LeadStatus.OPEN
    assert lead.due_on == today + dt.timedelta(days=days) and lead.risk_hint == mcodes.RiskType.ILLNESS
    assert "父亲住院做手术" in lead.summary and lead.village_id == household_a.village_id
    assert PHONE not in lead.summary + lead.evidence and PHONE[-4:] not in lead.summary + lead.evidence
    report = CodeReport.objects.get()
    assert report.phone == PHONE and report.lead == lead and report.code == code_a


def test_a_number_typed_into_the_sentence_reaches_the_lead_masked(client, household_a, code_a):
    """People write "call me at 139…" or their ID into the sentence; the village staff read the lead, so the
    number is masked there (the report keeps what was typed)."""
    response = _send(client, code_a, text="请打电话13912345678，身份证522229199001011234", phone="")
    assert response.status_code == 200
    summary = Lead.objects.get(household=household_a).summary
    assert "13912345678" not in summary and "522229199001011234" not in summary
    assert "139****5678" in summary and "522***********1234" in summary


def test_the_same_form_sent_twice_is_one_report(client, household_a, code_a):
    nonce = _nonce(client.get(f"/c/{code_a.token}/"))
    first = _send(client, code_a, nonce=nonce)
    second = _send(client, code_a, nonce=nonce)
    assert first.status_code == second.status_code == 200
    assert Lead.objects.filter(household=household_a).count() == 1
    assert CodeReport.objects.count() == 1


def test_a_code_takes_three_reports_a_day_then_says_why(client, household_a, code_a):
    for _ in range(reports.PER_CODE):
        assert _send(client, code_a).status_code == 200
    refused = _send(client, code_a)
    assert refused.status_code == 400
    assert "24 小时内已经申报了 3 次" in refused.content.decode()
    assert Lead.objects.filter(household=household_a).count() == reports.PER_CODE
    CodeReport.objects.update(submitted_at=timezone.now() - dt.timedelta(hours=25))  # a day later
    assert _send(client, code_a).status_code == 200


def test_one_client_address_is_limited_across_codes(client, village_a, monkeypatch, household_a, household_b):
    monkeypatch.setattr(reports, "PER_CLIENT", 2)
    first = services.code_issue(by=None, household=household_a)
    second = services.code_issue(by=None, household=household_b)
    assert _send(client, first).status_code == 200
    assert _send(client, second).status_code == 200
    refused = _send(client, second, trouble="water")
    assert refused.status_code == 400 and "提交过于频繁" in refused.content.decode()
    assert Lead.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phone": "1234567"}, "phone", "11 位手机号"),
        ({"phone": "23912345678"}, "phone", "11 位手机号"),
        ({"text": ""}, "text", "一句话"),
        ({"text": "长" * 201}, "text", "200"),
        ({"trouble": ""}, "trouble", "请选择"),
        ({"trouble": "flood"}, "trouble", "不在可选项"),
        ({"text": "a\x00b"}, "text", "空字符"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(client, code_a, data, field, message):
    response = _send(client, code_a, **data)
    text = response.content.decode()
    assert response.status_code == 400
    found = re.search(rf'data-field="{field}">(.*?)</ul>', text, re.S)
    assert found and message in found.group(1), text[:3000]
    assert not Lead.objects.exists() and not CodeReport.objects.exists()


def test_phone_is_optional_and_typed_as_people_type_it(client, household_a, code_a):
    assert _send(client, code_a, phone="+86 １３９-1234-5678", trouble="income").status_code == 200
    assert CodeReport.objects.get().phone == PHONE
    assert Lead.objects.get().risk_hint == mcodes.RiskType.UNSTABLE_WORK
    assert _send(client, code_a, phone="", trouble="housing").status_code == 200
    assert CodeReport.objects.filter(phone="").count() == 1
    assert Lead.objects.filter(risk_hint="").count() == 1


def test_revoked_unknown_and_malformed_codes_are_a_chinese_404(client, village_a, household_a, code_a):
    nonce = _nonce(client.get(f"/c/{code_a.token}/"))
    services.code_revoke(by=village_a, household=household_a, reason="农户迁出")
    for token in (code_a.token, "A" * 22, "x", "a" * 200):
        response = client.get(f"/c/{token}/")
        assert response.status_code == 404
        assert GONE in response.content.decode()
    nul = client.get("/c/%00/")  # the request guard refuses a NUL in any URL, in Chinese
    assert nul.status_code == 400 and "空字符" in nul.content.decode()
    response = _send(client, code_a, nonce=nonce)
    assert response.status_code == 404 and GONE in response.content.decode()
    assert not Lead.objects.exists()


def test_the_form_is_csrf_protected(household_a, code_a):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/c/{code_a.token}/", {"trouble": "illness", "text": "没有 CSRF 令牌"})
    assert response.status_code == 403
    assert not Lead.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_phones_at_once_make_exactly_three_leads(household_a):
    """Ten reports on one code at the same moment (a barrier releases them together): the code's row lock lets
    exactly ``PER_CODE`` through; the others are told why."""
    import threading

    from django.core.exceptions import ValidationError

    code = services.code_issue(by=None, household=household_a)
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def send(n: int) -> None:
        from django.db import connection as own

        barrier.wait()
        try:
            reports.report_submit(code=code, trouble="illness", text=f"第{n}次", client=f"10.0.0.{n}")
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append("busy" if "24 小时内" in str(exc) else str(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["busy"] * 7 + ["ok"] * 3
    assert Lead.objects.filter(household=household_a).count() == 3
