"""东西部协作和定点帮扶: the list's filter, recording and editing a pairing, the summary's and the page's year,
and every form on a pairing's page (targets, a member, a fund, a project, a transfer, transfers from the jobs
database, a talent exchange, a meeting, the partner's buyers) — by the county. Corrections: editing a member,
fund, exchange or meeting on its own page, 撤销 of each kind of record (and unlinking a buyer) from its row,
deleting a pairing with no records. Each setup writes its rows straight with the ORM
(``shoudi.cooperation.testing``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingMember,
    PairingProject,
    PairingTarget,
    TalentExchange,
)
from shoudi.cooperation.testing import buyer_with_purchase, pairing, project
from shoudi.employment.testing import work
from shoudi.registry.idnumber import make as make_id
from shoudi.testing.factories import COUNTY, VILLAGE_A, PersonFactory, household_with_members

from .spec import form

TODAY = timezone.localdate()
YEAR = TODAY.year
WORKER_ID = make_id("520628", dt.date(1992, 6, 1), 313)
WORK_ID = uuid.UUID("6f1c0a52-7d3e-4b8e-9a55-0c0ffee00001")
BUYER_ID = uuid.UUID("6f1c0a52-7d3e-4b8e-9a55-0c0ffee00002")


def _east(w: Any) -> Pairing:
    return pairing(COUNTY, "松桃县—东莞市长安镇东西部协作（表单检查）", agreement_from=dt.date(YEAR - 1, 1, 1))


def _page(w: Any, ctx: Pairing) -> str:
    return f"/cooperation/{ctx.pk}/"


def _with_project(w: Any) -> Pairing:
    project(VILLAGE_A, "XM-COOP-SWEEP", "当造村茶叶加工厂（表单检查）")
    return _east(w)


def _with_person(w: Any) -> Pairing:
    household = household_with_members(VILLAGE_A, size=0)
    PersonFactory(household=household, id_number=WORKER_ID, birth_date=dt.date(1992, 6, 1))
    return _east(w)


def _with_work(w: Any) -> Any:
    household = household_with_members(VILLAGE_A, size=0)
    person = PersonFactory(household=household, id_number=WORKER_ID, birth_date=dt.date(1992, 6, 1))
    started = TODAY - dt.timedelta(days=10)
    spell = work(person, started_on=started, place="partner_city", employer_name="东莞某电子厂（表单检查）", id=WORK_ID)
    return type("Ctx", (), {"pk": _east(w).pk, "work": spell})()


def _with_buyer(w: Any) -> Any:
    buyer = buyer_with_purchase(COUNTY, "东莞市长安镇机关食堂（表单检查）", "8000.00", TODAY, pk=BUYER_ID)
    return type("Ctx", (), {"pk": _east(w).pk, "buyer": buyer})()


PAIRING = {
    "kind": "east_west",
    "area": COUNTY,
    "name": "松桃县—东莞市虎门镇东西部协作（新登记）",
    "partner": "东莞市虎门镇",
    "partner_location": "广东省东莞市",
    "agreement_from": "2021-03-01",
    "agreement_to": "2025-12-31",
    "agreement_no": "莞铜协作〔2021〕3号",
    "status": "active",
    "note": "表单检查",
}

form(
    name="cooperation.filter",
    form="cooperation.filter",
    url_name="cooperation:list",
    persona="county",
    method="get",
    setup=_east,
    page=lambda w, ctx: "/cooperation/",
    valid={"kind": "east_west", "year": str(YEAR), "status": "active"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=pairing-row]"),
)
form(
    name="cooperation.pairing_create",
    form="cooperation.pairing",
    url_name="cooperation:create",
    persona="county",
    page=lambda w, ctx: "/cooperation/new/",
    valid=PAIRING,
    changed=lambda w, ctx: Pairing.objects.filter(name=PAIRING["name"]).exists(),
    success="已登记结对",
)
form(
    name="cooperation.pairing_edit",
    form="cooperation.pairing",
    url_name="cooperation:edit",
    persona="county",
    setup=_east,
    page=lambda w, ctx: f"/cooperation/{ctx.pk}/edit/",
    valid={"status": "ended", "agreement_to": "2025-12-31"},
    changed=lambda w, ctx: Pairing.objects.get(pk=ctx.pk).status == "ended",
    success="已保存修改",
)
form(
    name="cooperation.summary_year",
    form="cooperation.summary_year",
    url_name="cooperation:summary",
    persona="county",
    method="get",
    setup=_east,
    page=lambda w, ctx: "/cooperation/summary/",
    valid={"year": str(YEAR)},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=summary-row]"),
)
form(
    name="cooperation.detail_year",
    form="cooperation.detail_year",
    url_name="cooperation:detail",
    persona="county",
    method="get",
    setup=_east,
    page=_page,
    valid={"year": str(YEAR - 1)},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=target-row]"),
)
form(
    name="cooperation.targets",
    form="cooperation.targets",
    url_name="cooperation:targets",
    persona="county",
    setup=_east,
    page=_page,
    valid={"year": str(YEAR), "funds": "30000000", "labour": "200", "meetings": "2"},
    changed=lambda w, ctx: PairingTarget.objects.filter(pairing_id=ctx.pk, year=YEAR).count() == 3,
    success="已保存年度目标",
)
form(
    name="cooperation.member",
    form="cooperation.member",
    url_name="cooperation:member",
    persona="county",
    setup=_east,
    page=_page,
    valid={"name": "杨挂职", "role": "contact", "unit": "东莞市长安镇人民政府", "from_date": TODAY.isoformat()},
    changed=lambda w, ctx: PairingMember.objects.filter(pairing_id=ctx.pk).exists(),
    success="已登记成员",
)
form(
    name="cooperation.fund",
    form="cooperation.fund",
    url_name="cooperation:fund",
    persona="county",
    setup=_with_project,
    page=_page,
    valid={
        "received_on": TODAY.isoformat(),
        "amount": "1200000",
        "source": "fiscal",
        "project_code": "XM-COOP-SWEEP",
        "note": "财政援助资金",
    },
    changed=lambda w, ctx: Fund.objects.filter(pairing_id=ctx.pk).exists(),
    success="已登记资金",
)
form(
    name="cooperation.project",
    form="cooperation.project",
    url_name="cooperation:project",
    persona="county",
    setup=_with_project,
    page=_page,
    valid={"project_code": "XM-COOP-SWEEP", "year": str(YEAR)},
    changed=lambda w, ctx: PairingProject.objects.filter(pairing_id=ctx.pk).exists(),
    success="已计入协作项目",
)
form(
    name="cooperation.transfer",
    form="cooperation.transfer",
    url_name="cooperation:transfer",
    persona="county",
    setup=_with_person,
    page=_page,
    valid={
        "id_number": WORKER_ID,
        "destination": "广东省东莞市长安镇",
        "employer": "东莞某五金厂",
        "started_on": TODAY.isoformat(),
        "months": "6",
        "monthly_pay": "5200",
    },
    changed=lambda w, ctx: LabourTransfer.objects.filter(pairing_id=ctx.pk).exists(),
    success="已登记劳务输出",
)
form(
    name="cooperation.transfer_import",
    form="cooperation.transfer_import",
    url_name="cooperation:transfer_import",
    persona="county",
    setup=_with_work,
    page=_page,
    valid={"works": [str(WORK_ID)]},
    changed=lambda w, ctx: LabourTransfer.objects.filter(pairing_id=ctx.pk, work=ctx.work).exists(),
    success="已从岗位数据库带入",
)
form(
    name="cooperation.exchange",
    form="cooperation.exchange",
    url_name="cooperation:exchange",
    persona="county",
    setup=_east,
    page=_page,
    valid={"name": "陈老师", "kind": "teacher", "direction": "in", "started_on": TODAY.isoformat()},
    changed=lambda w, ctx: TalentExchange.objects.filter(pairing_id=ctx.pk).exists(),
    success="已登记人才交流",
)
form(
    name="cooperation.meeting",
    form="cooperation.meeting",
    url_name="cooperation:meeting",
    persona="county",
    setup=_east,
    page=_page,
    valid={"held_on": TODAY.isoformat(), "kind": "joint", "place": "东莞市", "leader_level": "city"},
    changed=lambda w, ctx: Meeting.objects.filter(pairing_id=ctx.pk).exists(),
    success="已登记会议",
)
form(
    name="cooperation.buyers",
    form="cooperation.buyers",
    url_name="cooperation:buyers",
    persona="county",
    setup=_with_buyer,
    page=_page,
    valid={"buyers": [str(BUYER_ID)]},
    changed=lambda w, ctx: Pairing.objects.get(pk=ctx.pk).buyers.filter(pk=ctx.buyer.pk).exists(),
    success="已保存协作方采购单位",
)


# ---- corrections ---------------------------------------------------------------------------------------------

WITHDRAW = {"reason": "录入错误，重复登记（表单检查）", "confirm": True}


def _row(make: Any) -> Any:
    """A setup: the sweep's east–west pairing with one row made by ``make(pairing)``."""

    def setup(w: Any) -> Any:
        p = _east(w)
        return type("Ctx", (), {"pk": p.pk, "row": make(p)})()

    return setup


def _member(p: Pairing) -> PairingMember:
    return PairingMember.objects.create(pairing=p, name="杨挂职", role="contact", phone="13800001234", from_date=TODAY)


def _fund(p: Pairing) -> Fund:
    return Fund.objects.create(pairing=p, received_on=TODAY, year=YEAR, amount=600000, source="fiscal")


def _link(p: Pairing) -> PairingProject:
    made = project(VILLAGE_A, "XM-COOP-SWEEP", "当造村茶叶加工厂（表单检查）")
    return PairingProject.objects.create(pairing=p, project=made, year=YEAR)


def _transfer(p: Pairing) -> LabourTransfer:
    household = household_with_members(VILLAGE_A, size=0)
    person = PersonFactory(household=household, id_number=WORKER_ID, birth_date=dt.date(1992, 6, 1))
    return LabourTransfer.objects.create(
        pairing=p, person=person, village_id=VILLAGE_A, destination="广东省东莞市", started_on=TODAY
    )


def _exchange(p: Pairing) -> TalentExchange:
    return TalentExchange.objects.create(pairing=p, name="陈老师", kind="teacher", direction="in", started_on=TODAY)


def _meeting(p: Pairing) -> Meeting:
    return Meeting.objects.create(pairing=p, held_on=TODAY, kind="joint", place="东莞市", leader_level="city")


def _buyer(p: Pairing) -> Any:
    buyer = buyer_with_purchase(COUNTY, "东莞市长安镇机关食堂（表单检查）", "8000.00", TODAY, pk=BUYER_ID)
    p.buyers.add(buyer)
    return buyer


EDITS = {
    "member": (
        "members",
        _member,
        PairingMember,
        {"name": "杨挂职", "role": "team_leader", "unit": "东莞市长安镇", "from_date": TODAY.isoformat()},
        lambda row: row.role == "team_leader",
        "成员",
    ),
    "fund": (
        "funds",
        _fund,
        Fund,
        {"received_on": TODAY.isoformat(), "amount": "60000", "source": "fiscal", "note": "金额更正"},
        lambda row: row.amount == 60000,
        "资金记录",
    ),
    "exchange": (
        "exchanges",
        _exchange,
        TalentExchange,
        {"name": "陈老师", "kind": "doctor", "direction": "in", "started_on": TODAY.isoformat()},
        lambda row: row.kind == "doctor",
        "人才交流记录",
    ),
    "meeting": (
        "meetings",
        _meeting,
        Meeting,
        {"held_on": TODAY.isoformat(), "kind": "visit", "place": "铜仁市", "leader_level": "province"},
        lambda row: row.place == "铜仁市",
        "会议记录",
    ),
}
for _kind, (_plural, _make, _model, _valid, _check, _label) in EDITS.items():
    form(
        name=f"cooperation.{_kind}_edit",
        form=f"cooperation.{_kind}_edit",
        url_name=f"cooperation:{_kind}_edit",
        persona="county",
        setup=_row(_make),
        page=lambda w, ctx, plural=_plural: f"/cooperation/{ctx.pk}/{plural}/{ctx.row.pk}/edit/",
        valid=_valid,
        changed=lambda w, ctx, model=_model, check=_check: check(model.objects.get(pk=ctx.row.pk)),
        success=f"已保存对{_label}的修改",
    )

WITHDRAWS = {
    "member": (_member, PairingMember, "成员"),
    "fund": (_fund, Fund, "资金记录"),
    "project": (_link, PairingProject, "协作项目"),
    "transfer": (_transfer, LabourTransfer, "劳务输出记录"),
    "exchange": (_exchange, TalentExchange, "人才交流记录"),
    "meeting": (_meeting, Meeting, "会议记录"),
}
for _kind, (_make, _model, _label) in WITHDRAWS.items():
    form(
        name=f"cooperation.{_kind}_withdraw",
        form=f"cooperation.{_kind}_withdraw",
        url_name=f"cooperation:{_kind}_withdraw",
        persona="county",
        setup=_row(_make),
        page=_page,
        valid=WITHDRAW,
        changed=lambda w, ctx, model=_model: not model.objects.filter(pk=ctx.row.pk).exists(),
        success=f"已撤销{_label}",
    )

form(
    name="cooperation.buyer_withdraw",
    form="cooperation.buyer_withdraw",
    url_name="cooperation:buyer_withdraw",
    persona="county",
    setup=_row(_buyer),
    page=_page,
    valid=WITHDRAW,
    changed=lambda w, ctx: not Pairing.objects.get(pk=ctx.pk).buyers.exists(),
    success="已取消关联采购单位",
)
form(
    name="cooperation.pairing_delete",
    form="cooperation.pairing_delete",
    url_name="cooperation:delete",
    persona="county",
    setup=_east,
    page=lambda w, ctx: f"/cooperation/{ctx.pk}/edit/",
    valid={"reason": "重复登记（表单检查）", "confirm": True},
    changed=lambda w, ctx: not Pairing.objects.filter(pk=ctx.pk).exists(),
    success="已删除结对",
)
