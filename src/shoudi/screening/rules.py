"""The twelve screening rules, each written once as an Ibis expression over the canonical tables
(``expressions.py`` describes them and holds the helpers), and the register-update rows (户籍变动待办) that are
never leads.

Every rule returns evidence rows of one schema (``expressions.EVIDENCE``): one row per feed record that
supports a hit.
"""

from __future__ import annotations

import ibis
from ibis.expr.types import Table

from shoudi.screening.expressions import (
    MONEY,
    NO_LABOUR,
    Context,
    Rule,
    Tables,
    age_on,
    amount_as,
    evidence,
    flags,
    latest,
    members_with,
    records,
)

REGISTER_UPDATE = "register_update"  # the ``rule`` of the register-update rows (no rule has this id)

# ---- the rules ---------------------------------------------------------------------------------------


def medical_oop(t: Tables, ctx: Context) -> Table:
    claims = records(t, "medical_claims", ctx).filter(lambda r: r.amount_oop.notnull() & r.person_id.notnull())
    per_person = claims.group_by(["person_id", "household_id"]).aggregate(total=claims.amount_oop.sum().cast(MONEY))
    h = flags(t)
    j = per_person.join(h, "household_id").join(t.params, "county_code")
    concerned = j.former_poor | j.monitored
    threshold = ibis.ifelse(concerned, j.oop_threshold_former_poor, j.oop_threshold_others).cast(MONEY)
    hits = j.filter(j.total > threshold).select(
        "person_id", tier=ibis.ifelse(concerned, "former_poor", "others").cast("string")
    )
    ev = claims.join(hits, "person_id")
    return evidence(amount_as(ev, "amount_oop"), "medical_oop", "illness", note=ev.tier)


def uninsured(t: Tables, ctx: Context) -> Table:
    f = t.feeds
    r = f.filter(
        f.source == "medical_enrolment",
        f.household_id.notnull(),
        f.year == ctx.as_of.year,
        f.status == "未参保",
    )
    h = flags(t).filter(lambda x: x.former_poor | x.monitored).select("household_id")
    return evidence(r.join(h, "household_id"), "uninsured", "no_medical_insurance")


def dibao_new(t: Tables, ctx: Context) -> Table:
    r = records(t, "civil_assistance", ctx).filter(lambda x: x.category.isin(("低保", "特困")) & (x.status == "新增"))
    h = flags(t).filter(lambda x: x.former_poor & ~x.monitored).select("household_id")
    return evidence(r.join(h, "household_id"), "dibao_new", "")


def dibao_stopped(t: Tables, ctx: Context) -> Table:
    r = records(t, "civil_assistance", ctx).filter(lambda x: (x.category == "低保") & (x.status == "停止"))
    return evidence(r, "dibao_stopped", "")


def school_dropout(t: Tables, ctx: Context) -> Table:
    r = records(t, "school", ctx).filter(lambda x: (x.status == "辍学") & x.person_id.notnull())
    p = t.persons.select("person_id", "birth_date")
    j = r.join(p, "person_id")
    age = age_on(j.birth_date, j.on_date)
    hits = j.filter(age >= 6, age <= 15)
    return evidence(hits, "school_dropout", "dropout", note=age_on(hits.birth_date, hits.on_date).cast("string"))


def housing_unsafe(t: Tables, ctx: Context) -> Table:
    r = latest(
        records(t, "housing", ctx, window=False).filter(lambda x: x.on_date <= ibis.date(ctx.as_of)), "household_id"
    )
    return evidence(r.filter(r.status.isin(("C", "D"))), "housing_unsafe", "housing")


def disability(t: Tables, ctx: Context) -> Table:
    r = records(t, "disability", ctx).filter(lambda x: x.status.isin(("1", "2")))
    return evidence(r, "disability", "disability")


DISASTER_SUBTYPES = (
    ("地震", "earthquake"),
    ("洪", "flood"),
    ("涝", "flood"),
    ("滑坡", "geological"),
    ("泥石流", "geological"),
    ("崩塌", "geological"),
    ("地质", "geological"),
    ("地面塌陷", "geological"),
    ("旱", "drought"),
    ("虫", "biological"),
    ("病", "biological"),
    ("生物", "biological"),
    ("风", "meteorological"),
    ("雹", "meteorological"),
    ("冻", "meteorological"),
    ("雪", "meteorological"),
    ("雷", "meteorological"),
    ("气象", "meteorological"),
)


def _disaster_subtype(category: ibis.Value) -> ibis.Value:
    expr = ibis.literal("other", type="string")
    for word, code in reversed(DISASTER_SUBTYPES):
        expr = ibis.ifelse(category.contains(word), code, expr)
    return expr


def disaster(t: Tables, ctx: Context) -> Table:
    r = records(t, "disaster", ctx)
    h = t.households.select("household_id", "county_code")
    j = r.join(h, "household_id").join(t.params, "county_code")
    hits = j.filter((j.status == "是") | (j.amount.notnull() & (j.amount >= j.disaster_threshold)))
    return evidence(hits, "disaster", "disaster", subtype=_disaster_subtype(hits.category))


def labour_death(t: Tables, ctx: Context) -> Table:
    r = records(t, "household_register", ctx).filter(lambda x: (x.category == "死亡") & x.person_id.notnull())
    p = t.persons.select("person_id", "labor")
    j = r.join(p, "person_id").filter(lambda x: ~x.labor.isin(NO_LABOUR))
    able = members_with(t, lambda p: ~p.labor.isin(NO_LABOUR), "able")
    hits = j.join(able, "household_id").filter(lambda x: x.able == 1)
    return evidence(hits, "labour_death", "lack_labour")


def _at_work(p: Table) -> ibis.Value:
    """At work per the labour database, as the registry keeps it (``employment.work.sync_person`` sets 务工地点
    from the open work spell). A snapshot file written before the column existed falls back to a wage income."""
    if "work_place" in p.columns:
        return p.work_place.notnull() & (p.work_place != "")
    return p.work_income.notnull() & (p.work_income > 0)


def job_loss(t: Tables, ctx: Context) -> Table:
    """失业登记 / 返乡 of a member when no other member of the household is at work."""
    r = records(t, "employment", ctx).filter(lambda x: x.category.isin(("失业登记", "返乡")) & x.person_id.notnull())
    p = t.persons
    flagged = p.mutate(working=ibis.ifelse(_at_work(p), 1, 0))
    workers = flagged.group_by("household_id").aggregate(workers=flagged.working.sum())
    me = flagged.select("person_id", me=flagged.working)
    j = r.join(me, "person_id").join(workers, "household_id")
    return evidence(j.filter(j.workers - j.me == 0), "job_loss", "unstable_work")


def water_unsafe(t: Tables, ctx: Context) -> Table:
    f = t.feeds
    base = f.filter(f.source == "water", f.on_date <= ibis.date(ctx.as_of))
    own = latest(base.filter(base.household_id.notnull()), "household_id")
    own = own.filter(own.status == "否")
    by_village = base.filter(base.household_id.isnull() & (base.village_code != ""))
    latest_village = latest(by_village, "village_code")
    unsafe_village = latest_village.filter(latest_village.status == "否").drop("household_id")
    concerned = flags(t).filter(lambda x: x.former_poor | x.monitored).select("household_id", "village_code")
    spread = unsafe_village.join(concerned, "village_code")
    spread = spread.anti_join(own.select("household_id"), "household_id").select(*base.columns)
    own_ev = evidence(own, "water_unsafe", "water", note="household")
    return own_ev.union(evidence(spread, "water_unsafe", "water", note="village"))


CAR = "小型轿车"


def suspected_ineligible(t: Tables, ctx: Context) -> Table:
    """Households in identification or monitored (an open case) with a department record of an exclusion of seed
    001. A 小型轿车 is one only when it may be a 享受型轿车: the registry's judgement that the household's car is a
    production or low-value vehicle (``other_car``, with its reason) answers it, and such a record raises nothing.
    The note tells the texts which car it is (``car``: not judged; ``car_leisure``: recorded as 享受型轿车)."""
    f = t.feeds
    vehicle = (f.source == "vehicles") & f.category.isin((CAR, "大中型货车", "工程机械"))
    business = f.source.isin(("market", "payroll"))
    commercial = (f.source == "real_estate") & (f.category == "商业")
    r = f.filter(f.household_id.notnull(), f.on_date <= ibis.date(ctx.as_of), vehicle | business | commercial)
    h = flags(t).filter(lambda x: x.monitored).select("household_id", "leisure_car", "other_car")
    j = r.join(h, "household_id").mutate(is_car=lambda x: (x.source == "vehicles") & (x.category == CAR))
    j = j.filter(~(j.is_car & (j.other_car != "") & ~j.leisure_car))
    note = ibis.ifelse(j.is_car, ibis.ifelse(j.leisure_car, "car_leisure", "car"), j.source)
    return evidence(j, "suspected_ineligible", "", note=note)


def register_updates(t: Tables, ctx: Context) -> Table:
    """Deaths and births in 公安户籍: register updates (户籍变动待办) for the village, never leads."""
    r = records(t, "household_register", ctx).filter(lambda x: x.category.isin(("死亡", "出生")))
    return evidence(r, REGISTER_UPDATE, "")


RULES: tuple[Rule, ...] = (
    Rule(
        "medical_oop",
        1,
        "大额医疗自付",
        "medical_claims",
        "医保结算",
        "illness",
        "筛查日前12个月合规自付医疗费用超过上年农村居民人均可支配收入的规定比例（脱贫户和监测户成员、其他农户分设比例）",
        medical_oop,
    ),
    Rule(
        "uninsured",
        1,
        "未参加基本医保",
        "medical_enrolment",
        "医保参保",
        "no_medical_insurance",
        "脱贫户或监测户成员当年未参加基本医疗保险",
        uninsured,
    ),
    Rule(
        "dibao_new",
        1,
        "新纳入低保特困",
        "civil_assistance",
        "民政救助",
        "",
        "未纳入监测的脱贫户成员新纳入低保或特困",
        dibao_new,
    ),
    Rule("dibao_stopped", 1, "低保停保", "civil_assistance", "民政救助", "", "低保停止发放", dibao_stopped),
    Rule(
        "school_dropout",
        1,
        "义务教育辍学",
        "school",
        "教育学籍",
        "dropout",
        "记录日期时年满6周岁、未满16周岁的学生记录为辍学",
        school_dropout,
    ),
    Rule(
        "housing_unsafe",
        1,
        "住房不安全",
        "housing",
        "住建房屋",
        "housing",
        "最近一次房屋安全鉴定为C级或D级",
        housing_unsafe,
    ),
    Rule("disability", 1, "新增重度残疾", "disability", "残联", "disability", "新发一级或二级残疾证", disability),
    Rule(
        "disaster",
        1,
        "自然灾害",
        "disaster",
        "应急灾情",
        "disaster",
        "房屋倒塌，或损失金额达到规定标准",
        disaster,
    ),
    Rule(
        "labour_death",
        1,
        "唯一劳动力死亡",
        "household_register",
        "公安户籍",
        "lack_labour",
        "家中唯一有劳动能力的成员死亡",
        labour_death,
    ),
    Rule(
        "job_loss",
        2,  # 2: "no other member at work" per the labour database (was: the only member with a wage income)
        "唯一务工人员失业",
        "employment",
        "人社就业",
        "unstable_work",
        "成员失业登记或返乡，且家中没有其他成员在务工（劳动力数据库登记的务工地点）",
        job_loss,
    ),
    Rule(
        "water_unsafe",
        1,
        "饮水不安全",
        "water",
        "水利供水",
        "water",
        "最近一次供水记录为饮水不安全（按户或按村）",
        water_unsafe,
    ),
    Rule(
        "suspected_ineligible",
        1,
        "疑似不符合条件",
        "vehicles",
        "交管/市场监管/不动产/财政",
        "",
        "识别中或监测中的农户成员登记有小型轿车（农户信息未认定为生产经营用车或低值代步车的）、货车或工程机械、"
        "市场主体、商业用房或财政供养岗位：疑似不符合条件，只供入户核实，不自动清退",
        suspected_ineligible,
    ),
)
RULES_BY_ID = {r.id: r for r in RULES}
RULE_IDS = tuple(RULES_BY_ID)
