"""Identification checks: 信息比对 with a department record to mark, an elimination's home check with its second
staff member, the exclusion decision (村民代表大会) and the 结果公告. These replace the plain specs of the two
steps in ``forms_monitoring`` (the same names are registered again here, with the fields the steps now have)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.feeds.testing import feed, vehicle
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.monitoring.models_checks import Announcement, ExclusionDecision
from shoudi.testing.factories import VILLAGE_A
from shoudi.testing.monitoring import Team, case_at, household

from .forms_monitoring import JPEG, act, moved
from .spec import SPECS, Upload, form

S = codes.Status
TODAY = timezone.localdate().isoformat()


def _with_car(status: str) -> Any:
    def setup(w: Any) -> Case:
        home = household()
        feed("vehicles", vehicle(home.members.order_by("id").first(), "小型轿车", "2023-05-01"))
        return case_at(status, team=Team.of(w), household_=home)

    return setup


for name in ("monitoring.step.id_data_check", "monitoring.step.el_home_check"):
    SPECS.pop(name, None)

form(
    name="monitoring.step.id_data_check",
    form="monitoring.case_act",
    url_name="monitoring:act",
    persona="county",
    setup=_with_car(S.ID_DATA_CHECK),
    page=act("id_data_check"),
    valid={"on": TODAY, "mark_0": "mismatch", "note_0": "车辆已于2024年3月转让他人", "result": "其余来源无记录"},
    changed=moved(S.ID_REVIEW),
    success="已办理",
)
form(
    name="monitoring.step.el_home_check",
    form="monitoring.case_act",
    url_name="monitoring:act",
    persona="village_a",
    setup=lambda w: case_at(S.MONITORED, team=Team.of(w), eligible=True),
    page=act("el_home_check"),
    valid={"on": TODAY, "kind": "assisted", "findings": "务工收入稳定，风险已消除", "second_checker": "committee_a"},
    changed=moved(S.EL_REVIEW),
    success="已办理",
)
form(
    name="monitoring.exclusion_decide",
    form="monitoring.exclusion_decide",
    url_name="monitoring:exclusion_decide",
    persona="committee_a",
    setup=lambda w: case_at(S.ID_REVIEW, team=Team.of(w), household_=household(business=True)),
    page=lambda w, ctx: f"/monitoring/{ctx.pk}/exclusions/",
    valid={
        "kind": "assembly",
        "decided_on": TODAY,
        "attendance": "21",
        "votes_for": "18",
        "votes_against": "2",
        "note": "户主经营的小卖部年收入不足万元，经村民代表大会评议同意纳入",
        "document": Upload("会议记录.jpg", JPEG, "image/jpeg"),
    },
    changed=lambda w, ctx: ExclusionDecision.objects.filter(case=ctx).exists(),
    success="已录入不纳入情形认定",
)
form(
    name="monitoring.announcement_create",
    form="monitoring.announcement_create",
    url_name="monitoring:announcement_create",
    persona="township",
    setup=lambda w: case_at(S.ID_ENTRY, team=Team.of(w)),
    page=lambda w, ctx: f"/monitoring/announcements/new/?village={VILLAGE_A}&kind=inclusion",
    valid={"village": VILLAGE_A, "kind": "inclusion", "posted_on": TODAY, "issuer": "某某镇人民政府"},
    changed=lambda w, ctx: Announcement.objects.filter(entries__case=ctx).exists(),
    success="结果公告已发布",
)


def _decided(w: Any) -> Case:
    """At 待民主评议 with a 村民代表大会 decision recorded by mistake (the business fact is in the registry)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shoudi.monitoring import exclusions

    case = case_at(S.ID_REVIEW, team=Team.of(w), household_=household(business=True))
    exclusions.exclusion_decide(
        by=w.user("committee_a"),
        case=case,
        kind="assembly",
        decided_on=None,
        note="户主经营的小卖部年收入不足万元",
        document=SimpleUploadedFile("会议记录.jpg", JPEG, content_type="image/jpeg"),
        attendance=21,
        votes_for=18,
        votes_against=2,
    )
    return case


form(
    name="monitoring.exclusion_withdraw",
    form="monitoring.exclusion_withdraw",
    url_name="monitoring:exclusion_withdraw",
    persona="committee_a",
    setup=_decided,
    page=lambda w, ctx: f"/monitoring/{ctx.pk}/exclusions/",
    valid={"on": TODAY, "reason": "同意票实为9票，录入有误"},
    changed=lambda w, ctx: ExclusionDecision.objects.filter(case=ctx, withdrawn_on__isnull=False).exists(),
    success="已撤回不纳入情形认定",
)
