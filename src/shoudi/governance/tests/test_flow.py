"""The council's work through the pages and the API, as committee_a of village A: rules drafted and adopted by
the 村民代表大会, an entry proposed with evidence, the quarterly review deciding and closing (points count only
then), a yellow record cleared by its correction, and the balance that results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shoudi.governance import testing as gt
from shoudi.governance.models import Entry, QuarterlyReview, Rule, RuleBook
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
API = "/api/v1/governance"


def test_rules_drafted_edited_and_adopted_supersede_the_old_version(client, committee_a, regions):
    old = gt.rulebook(VILLAGE_A)
    client.force_login(committee_a)
    response = client.post(f"/governance/village/{VILLAGE_A}/rulebooks/", {"title": "当造村积分细则（2027）"})
    draft = RuleBook.objects.get(status="draft")
    assert response.status_code == 302 and draft.rules.count() == old.rules.count()  # starts from the rules in force
    bad = client.post(f"/governance/rulebooks/{draft.pk}/rules/", {"kind": "yellow", "item": "乱搭乱建", "points": "2"})
    assert bad.status_code == 400 and "黄榜、黑榜事项扣分" in bad.content.decode()
    assert "乱搭乱建" in bad.content.decode()  # input kept
    ok = client.post(f"/governance/rulebooks/{draft.pk}/rules/", {"kind": "yellow", "item": "乱搭乱建", "points": "-2"})
    assert ok.status_code == 400 and "消除条件" in ok.content.decode()
    client.post(
        f"/governance/rulebooks/{draft.pk}/rules/",
        {"kind": "yellow", "item": "乱搭乱建", "points": "-2", "clearing": "拆除到位"},
    )
    assert draft.rules.filter(item="乱搭乱建").exists()
    short = {"adopted_on": TODAY.isoformat(), "total": "30", "present": "15", "votes_for": "15"}
    response = client.post(f"/governance/rulebooks/{draft.pk}/adopt/", short)
    assert response.status_code == 400 and "三分之二" in response.content.decode()
    scan = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    good = {**short, "present": "25", "votes_for": "20", "resolution_no": "村代会〔2027〕1号", "minutes": scan}
    assert client.post(f"/governance/rulebooks/{draft.pk}/adopt/", good).status_code == 302
    draft.refresh_from_db()
    old.refresh_from_db()
    assert (draft.status, old.status, old.superseded_on) == ("adopted", "superseded", TODAY)
    assert client.get(f"/governance/rulebooks/{draft.pk}/minutes/").status_code == 200
    edit = client.post(f"/governance/rulebooks/{draft.pk}/rules/", {"kind": "red", "item": "x", "points": "1"})
    assert edit.status_code == 400 and "不能再修改" in edit.content.decode()


def test_review_flow_points_count_only_after_close_and_yellow_clears(client, committee_a, township, household_a):
    book = gt.rulebook(VILLAGE_A)
    red, yellow = gt.rule_of(book, "red"), gt.rule_of(book, "yellow")
    client.force_login(committee_a)
    deed = (TODAY - dt.timedelta(days=1)).isoformat()
    photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    url = f"/governance/households/{household_a.pk}/entries/"
    posted = {
        "rule": str(red.pk),
        "deed_on": deed,
        "description": "清扫村道一天",
        "evidence": "组长证明",
        "photo": photo,
    }
    assert client.post(url, posted).status_code == 302
    fake = SimpleUploadedFile("p.png", b"not a png", content_type="image/png")
    bad = client.post(url, {**posted, "photo": fake})
    assert bad.status_code == 400 and "不是 PNG 格式" in bad.content.decode()
    client.post(url, {**posted, "rule": str(yellow.pk), "description": "乱倒垃圾", "photo": ""})
    assert Entry.objects.filter(file__household=household_a).count() == 2
    assert client.get(f"{API}/households/{household_a.pk}/file").json()["points"]["balance"] == 0
    q = (TODAY.month - 1) // 3 + 1
    opened = {
        "year": TODAY.year,
        "quarter": q,
        "held_on": TODAY.isoformat(),
        "chair": "支书",
        "representatives": "甲、乙",
        "present": "20",
    }
    assert client.post(f"/governance/village/{VILLAGE_A}/reviews/", opened).status_code == 302
    review = QuarterlyReview.objects.get()
    assert client.post(f"/governance/reviews/{review.pk}/close/", {"closed_on": TODAY.isoformat()}).status_code == 400
    rows = list(Entry.objects.order_by("kind"))  # red, yellow
    data = {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "2"}
    data.update({"rows-0-entry": str(rows[0].pk), "rows-0-decision": "confirm", "rows-1-entry": str(rows[1].pk)})
    data.update({"rows-1-decision": "reject", "rows-1-reason": ""})
    response = client.post(f"/governance/reviews/{review.pk}/decide/", data)
    assert response.status_code == 400 and "请写明评议意见" in response.content.decode()
    data.update({"rows-1-decision": "confirm"})
    assert client.post(f"/governance/reviews/{review.pk}/decide/", data).status_code == 302
    assert client.get(f"{API}/households/{household_a.pk}/file").json()["points"]["balance"] == 0  # not closed yet
    # township sees the review, its red entry and a count of the rest
    client.force_login(township)
    text = client.get(f"/governance/reviews/{review.pk}/").content.decode()
    assert "清扫村道一天" in text and "乱倒垃圾" not in text and "另有黄榜、黑榜记录 1 条" in text
    client.force_login(committee_a)
    assert client.post(f"/governance/reviews/{review.pk}/close/", {"closed_on": TODAY.isoformat()}).status_code == 302
    assert client.get(f"{API}/households/{household_a.pk}/file").json()["points"]["balance"] == 1 - 1
    assert client.post(f"/governance/reviews/{review.pk}/decide/", data).status_code == 400  # closed once
    # the correction of the yellow record, cleared at the next review
    yellow_entry = Entry.objects.get(kind="yellow")
    corrected = {"correction": "垃圾已清理，签订门前三包", "corrected_on": TODAY.isoformat()}
    assert client.post(f"/governance/entries/{yellow_entry.pk}/correction/", corrected).status_code == 302
    yellow_entry.refresh_from_db()
    assert yellow_entry.status == "clearing"  # awaits the next review (test_clearing_removes_the_deduction)


def test_open_review_refuses_duplicates_and_future(client, committee_a, regions):
    client.force_login(committee_a)
    gt.review(VILLAGE_A, status="closed")
    q = (TODAY.month - 1) // 3 + 1
    base = {
        "year": TODAY.year,
        "quarter": q,
        "held_on": TODAY.isoformat(),
        "chair": "支书",
        "representatives": "甲",
        "present": "9",
    }
    response = client.post(f"{API}/villages/{VILLAGE_A}/reviews", base, content_type="application/json")
    assert response.status_code == 422 and "已经评议过" in response.json()["detail"]
    response = client.post(
        f"{API}/villages/{VILLAGE_A}/reviews",
        {**base, "year": TODAY.year + 1, "quarter": 1},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "year"


def test_clearing_removes_the_deduction(committee_a, household_a):
    from shoudi.governance import balances, reviews

    book = gt.rulebook(VILLAGE_A)
    yellow = gt.entry(household_a, gt.rule_of(book, "yellow"), status="confirmed", deed_on=dt.date(TODAY.year, 1, 2))
    gt.entry(household_a, gt.rule_of(book, "red"), status="confirmed", deed_on=dt.date(TODAY.year, 1, 3))
    assert balances.balance_of(yellow.file).balance == 1 - 1
    from shoudi.governance.entries import entry_correct

    entry_correct(by=committee_a, entry=yellow, correction="已清理", corrected_on=TODAY)
    assert balances.balance_of(yellow.file).balance == 0  # still deducts until the review confirms
    review = gt.review(VILLAGE_A)
    reviews.review_decide(by=committee_a, review=review, decisions=[reviews.DecisionInput(yellow.pk, "confirm")])
    reviews.review_close(by=committee_a, review=review)
    yellow.refresh_from_db()
    assert yellow.status == "cleared" and yellow.clear_review == review
    assert balances.balance_of(yellow.file).balance == 1
    assert Rule.objects.filter(pk=yellow.rule_id).exists()
