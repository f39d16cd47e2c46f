"""The demo county's cooperation ledgers (``shoudi cooperation demo --area <county>``), recorded through the
services as the county officer would (seed 001's 莞铜 pairing: joint meetings at least twice a year, cadres sent
to Dongguan every year, labour, industry and consumption cooperation): an east–west pairing with a Dongguan town
(targets of this year, funds — one arranged to a project of the library when the county has one — a joint
meeting, talent exchanges, the partner-city work spells of the jobs database as transfers, and the markets
ledger's partner-city buyers), a 定点帮扶 unit, and a 驻村工作队 in the demo village with its members. Nothing
new on a re-run (the east–west pairing is the marker)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.cooperation import codes, flows, selectors, services
from shoudi.cooperation.models import Pairing
from shoudi.core.access import in_area
from shoudi.markets.models import Buyer
from shoudi.projects.models import Project
from shoudi.regions.models import Level, Region

PARTNER = "东莞市长安镇"
TARGETS: dict[str, Decimal | None] = {
    codes.Indicator.FUNDS: Decimal("30000000"),
    codes.Indicator.PROJECTS: Decimal(5),
    codes.Indicator.LABOUR: Decimal(200),
    codes.Indicator.TALENT_DAYS: Decimal(3650),
    codes.Indicator.CONSUMPTION: Decimal("5000000"),
    codes.Indicator.MEETINGS: Decimal(2),  # seed 001: 联席会议（座谈会）不少于2次
}
EXCHANGES = [
    ("陈老师", codes.TalentKind.TEACHER, codes.Direction.IN, "东莞市长安中学"),
    ("黄医生", codes.TalentKind.DOCTOR, codes.Direction.IN, "东莞市长安医院"),
    ("杨干部", codes.TalentKind.CADRE, codes.Direction.OUT, "县发展和改革局（挂职东莞市长安镇）"),
]
TEAM = [
    ("吴第一书记", codes.MemberRole.FIRST_SECRETARY),
    ("龙队员", codes.MemberRole.TEAM_MEMBER),
    ("石队员", codes.MemberRole.TEAM_MEMBER),
]


def _officer(county: str) -> User:
    user = User.objects.filter(role=Role.COUNTY_OFFICER, area_id=county, is_active=True).order_by("username").first()
    if user is None:
        raise ValueError("演示县缺少县级乡村振兴部门账号：请先运行 shoudi demo")
    return user


def _village(county: str) -> str:
    found = Region.objects.filter(in_area("code", county), level=Level.VILLAGE).order_by("code").first()
    contact = User.objects.filter(role=Role.VILLAGE_CONTACT, area__code__startswith=county, is_active=True).first()
    code = contact.area_id if contact is not None and contact.area_id else (found.code if found else "")
    if not code:
        raise ValueError("演示县没有村：请先运行 shoudi demo")
    return str(code)


@transaction.atomic
def build(county: str) -> str:
    region = Region.objects.filter(code=county, level=Level.COUNTY).first()
    if region is None:
        raise ValueError(f"“{county}”不是县级区划代码")
    name = f"{region.name}—{PARTNER}东西部协作"
    if Pairing.objects.filter(area_id=county, name=name).exists():
        return "协作帮扶演示数据已存在，未重复生成"
    officer = _officer(county)
    today = timezone.localdate()
    year = today.year
    day = min(dt.date(year, 3, 15), today)
    east = services.pairing_create(
        by=officer,
        entry=services.PairingInput(
            kind=codes.PairingKind.EAST_WEST,
            area_code=county,
            name=name,
            partner=PARTNER,
            partner_location="广东省东莞市",
            agreement_from=dt.date(year - 1, 1, 1),
            agreement_no="莞铜协作〔2021〕1号",
        ),
    )
    services.targets_set(by=officer, pairing=east, year=year, values=TARGETS)
    project = Project.objects.filter(in_area("area_id", county)).order_by("code").first()
    flows.fund_add(
        by=officer,
        pairing=east,
        received_on=day,
        amount=Decimal("12000000"),
        source=codes.FundSource.FISCAL,
        project_code=project.code if project else "",
        note="东莞市财政援助资金（第一批）",
    )
    flows.fund_add(by=officer, pairing=east, received_on=day, amount=Decimal("800000"), source=codes.FundSource.SOCIAL)
    flows.meeting_add(
        by=officer,
        pairing=east,
        held_on=day,
        kind=codes.MeetingKind.JOINT,
        place=f"{region.name}",
        leader_level=codes.LeaderLevel.COUNTY,
        leaders="两地党政主要负责同志",
        minutes="研究年度协作计划：保持资金投入和干部选派交流力度，加强劳务、产业和消费协作。",
    )
    for person, kind, direction, unit in EXCHANGES:
        flows.exchange_add(
            by=officer, pairing=east, name=person, kind=kind, direction=direction, unit=unit, started_on=day
        )
    works = [w.pk for w in selectors.transfer_candidates(east, today)[:200]]
    moved = flows.transfers_import(by=officer, pairing=east, work_ids=works) if works else 0
    buyers = list(Buyer.objects.filter(county_id=county, kind="partner_city").values_list("pk", flat=True))
    if buyers:
        services.buyers_set(by=officer, pairing=east, buyer_ids=buyers)
    services.pairing_create(
        by=officer,
        entry=services.PairingInput(
            kind=codes.PairingKind.DESIGNATED,
            area_code=county,
            name=f"中央单位定点帮扶{region.name}",
            partner="中央定点帮扶单位（演示）",
            partner_location="中央单位",
            agreement_from=dt.date(2021, 1, 1),
        ),
    )
    village = _village(county)
    team = services.pairing_create(
        by=officer,
        entry=services.PairingInput(
            kind=codes.PairingKind.VILLAGE_TEAM,
            area_code=village,
            name=f"{Region.objects.get(code=village).name.removesuffix('村民委员会')}村驻村工作队",
            partner="县财政局",
            partner_location="县直单位",
            agreement_from=dt.date(year - 1, 4, 1),
        ),
    )
    for person, role in TEAM:
        services.member_add(by=officer, pairing=team, name=person, role=role, unit="县财政局", from_date=day)
    return (
        f"协作帮扶演示数据：结对 3 个（东西部协作、定点帮扶、驻村帮扶），{year}年目标 {len(TARGETS)} 项，资金 2 笔，"
        f"人才交流 {len(EXCHANGES)} 人，劳务输出（岗位数据库带入）{moved} 人，关联采购单位 {len(buyers)} 家，"
        f"驻村工作队员 {len(TEAM)} 人"
    )
