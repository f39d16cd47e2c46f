"""The demo county as a key county (``shoudi keycounties demo --area 520628``): 省级乡村振兴重点帮扶县, or the class
the county already carries in ``regions`` (松桃 is national in seed 001), designated in 2021 by
the province's administrator, with last year's support measures and a few figures entered with their source
(the 统计局 survey of farmers' income, two years) — the income growth, monitoring, employment, fund-share,
cooperation-fund and consumption figures are computed by the system. Nothing new on a
re-run."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.keycounties import services
from shoudi.keycounties.models import KeyCounty
from shoudi.regions.models import Level, Region

MEASURES = [
    ("fiscal", "中央衔接资金向重点帮扶县倾斜", "县财政局", "done", "衔接资金用于产业发展的比重较上年提高"),
    ("finance", "脱贫人口小额信贷应贷尽贷", "县乡村振兴局、人民银行县支行", "in_progress", "已发放 1,200 户"),
    ("land", "单列新增建设用地计划指标", "县自然资源局", "done", "专项指标不得挪用"),
    ("talent", "科技特派员和驻村第一书记选派", "县委组织部", "in_progress", ""),
    ("east_west", "东莞对口协作劳务输出和消费协作", "县东西部协作办", "in_progress", "莞铜协作"),
    ("designated", "定点帮扶单位产业项目", "县乡村振兴局", "planned", ""),
]
# (year offset from last year, indicator code, value, source): the survey of farmers' income, the one figure the
# system cannot compute; the funds, sales, income growth and monitoring figures are computed from the ledgers
VALUES = [
    (-1, "farmers_income_survey", "13480", "国家统计局松桃调查队农民收入监测调查"),
    (0, "farmers_income_survey", "14520", "国家统计局松桃调查队农民收入监测调查"),
]


def _actor(area: str, role: str, name: str) -> User:
    user, _ = User.objects.get_or_create(
        username=name, defaults={"role": role, "area_id": area, "full_name": name, "is_active": True}
    )
    return user


def build(county_code: str) -> str:
    county = Region.objects.filter(code=county_code, level=Level.COUNTY).first()
    if county is None:
        return f"区划代码“{county_code}”不是县级区划"
    if KeyCounty.objects.filter(county=county).exists():
        return f"{county.name}已有重点帮扶县记录，未新增"
    admin = _actor(county.code[:2], Role.ADMIN, f"demo_province_admin_{county.code[:2]}")
    officer = User.objects.filter(role=Role.COUNTY_OFFICER, area_id=county.code, is_active=True).first()
    officer = officer or _actor(county.code, Role.COUNTY_OFFICER, f"demo_county_officer_{county.code}")
    entry = services.Designation(
        level=county.key_county
        or "provincial",  # 松桃 and 沿河 are national in seed 001; other demo counties provincial
        designated_year=2021,
        document_no="黔乡振领〔2021〕5号",
        source="贵州省乡村振兴领导小组《关于确定省级乡村振兴重点帮扶县的通知》",
        active_until=2025,
    )
    key_county = services.key_county_designate(by=admin, county_code=county.code, entry=entry)
    year = max(2021, timezone.localdate().year - 1)
    for category, title, unit, status, note in MEASURES:
        services.measure_create(
            by=officer,
            key_county=key_county,
            entry=services.MeasureInput(year, category, title, unit, "", status, note),
        )
    for offset, code, amount, source in VALUES:
        if year + offset < 2021:
            continue
        services.value_set(
            by=officer, key_county=key_county, year=year + offset, code=code, value=Decimal(amount), source=source
        )
    level = key_county.get_level_display()
    return f"已将{county.name}列为{level}（2021年），登记 {len(MEASURES)} 项措施、{len(VALUES)} 项填报数据"
