"""The words of synthetic monitoring records: lead summaries, measure contents and amounts, responsible units.
Plausible for rural Guizhou; made up, like ``synth/params.py``."""

from __future__ import annotations

import random

from shoudi.monitoring import codes as mc

M = mc.MeasureKind
PLAN_PARTICIPANTS = "乡镇人民政府、村民委员会、驻村工作队、网格员"
JOINED_OUTCOME = "该户已有在办监测对象，线索并入"
DISASTER_SUBTYPES = {"flood": 40, "geological": 25, "drought": 12, "meteorological": 12, "biological": 6, "other": 5}

CLOSED_OUTCOMES = (
    "入户核实家庭收入稳定，无返贫致贫风险",
    "经核实医疗费用已报销，自付部分家庭可承受",
    "家庭成员务工收入稳定，不符合纳入条件",
    "经核实为数据误报，已反馈部门更正",
    "风险已由家庭自行化解，纳入日常关注",
    "经核实家庭有稳定收入来源，人均纯收入高于监测范围",
)
CHANNEL_SUMMARIES = {
    "application": ("农户自主申报：{risk}，家庭生活出现困难", "农户电话申报：{risk}，申请入户核实"),
    "cadre_visit": ("网格员走访发现：{risk}", "驻村工作队排查发现：{risk}，收入可能下降"),
    "big_data": ("防返贫监测平台比对预警：{risk}",),
    "media": ("媒体报道反映：{risk}",),
    "petition": ("群众来信来访反映：{risk}",),
    "department": ("部门推送预警：{risk}",),
}
WARNING_DETAILS = {
    "medical_oop": "近12个月合规自付医疗费用超过预警标准",
    "uninsured": "家庭成员当年未参加城乡居民基本医疗保险",
    "dibao_new": "家庭成员新纳入农村低保",
    "dibao_stopped": "低保金停止发放",
    "school_dropout": "义务教育阶段学生学籍显示辍学",
    "housing_unsafe": "房屋安全鉴定为C级",
    "disability": "新办理二级残疾证",
    "disaster": "汛期房屋受损，损失金额达到预警标准",
    "labour_death": "家中唯一劳动力死亡",
    "job_loss": "家中唯一务工人员失业返乡",
    "water_unsafe": "供水记录显示饮水不安全",
}
FAST_TRACK_EVENTS = {
    "disaster": ("强降雨引发山体滑坡，房屋受损", "洪涝灾害冲毁农田和圈舍", "冰雹灾害致经济作物绝收"),
    "accident": ("家庭主要劳动力遭遇交通事故住院", "家中发生火灾，房屋及财产损毁", "务工时意外受伤致残"),
}
CONTENTS: dict[str, tuple[str, ...]] = {
    M.INDUSTRY: tuple(
        f"发展{x}，落实产业奖补资金"
        for x in ("生猪养殖", "肉牛养殖", "茶叶种植", "食用菌", "中药材", "蔬菜种植", "精品水果")
    ),
    M.EMPLOYMENT: (
        "推荐到县内产业园务工，落实一次性交通补助",
        "推荐到东西部协作地区企业务工",
        "组织参加职业技能培训并推荐就业",
        "安排到村内帮扶车间就业",
    ),
    M.FINANCE: ("发放脱贫人口小额信贷，用于发展产业",),
    M.WELFARE_POST: tuple(f"安排村级公益性岗位（{x}）" for x in ("保洁员", "护林员", "护路员", "水管员", "监测信息员")),
    M.HEALTH: ("落实基本医保、大病保险、医疗救助三重保障", "家庭医生签约服务，慢病门诊报销", "申请医疗救助"),
    M.COMPULSORY_EDUCATION: ("落实义务教育阶段学生资助", "控辍保学，劝返复学"),
    M.OTHER_EDUCATION: ("申请雨露计划职业教育补助",),
    M.SOCIAL_PROTECTION: ("纳入农村低保", "落实临时救助", "纳入特困供养", "落实残疾人两项补贴"),
    M.HOUSING: ("实施农村危房改造", "落实住房安全保障，维修加固"),
    M.WATER: ("实施饮水安全巩固提升工程，入户管网改造",),
    M.SOCIAL_SUPPORT: ("结对帮扶单位开展帮扶", "“万企兴万村”企业帮扶", "慈善组织救助"),
    M.RELOCATION: ("纳入易地扶贫搬迁后续扶持",),
    M.LIVING_CONDITIONS: ("改善厨房、厕所、圈舍等生产生活条件",),
    M.INFRASTRUCTURE: ("修建入户路，改善出行条件",),
}
AMOUNTS: dict[str, tuple[int, int, int]] = {  # (low, high, step) in yuan; kinds not listed have no amount
    M.INDUSTRY: (1000, 6000, 500),
    M.EMPLOYMENT: (300, 1500, 100),
    M.FINANCE: (30000, 50000, 10000),
    M.WELFARE_POST: (6000, 10800, 600),
    M.HEALTH: (800, 20000, 100),
    M.COMPULSORY_EDUCATION: (500, 1500, 250),
    M.OTHER_EDUCATION: (3000, 3000, 1),
    M.SOCIAL_PROTECTION: (3000, 8000, 100),
    M.HOUSING: (15000, 40000, 1000),
    M.WATER: (300, 2000, 100),
    M.SOCIAL_SUPPORT: (500, 3000, 100),
    M.LIVING_CONDITIONS: (1000, 5000, 500),
}
UNITS: dict[str, str] = {  # county bureaus; "" = the township government
    M.INDUSTRY: "农业农村局",
    M.EMPLOYMENT: "人力资源和社会保障局",
    M.FINANCE: "乡村振兴局",
    M.WELFARE_POST: "",
    M.HEALTH: "医疗保障局",
    M.COMPULSORY_EDUCATION: "教育局",
    M.OTHER_EDUCATION: "乡村振兴局",
    M.SOCIAL_PROTECTION: "民政局",
    M.HOUSING: "住房和城乡建设局",
    M.WATER: "水务局",
    M.SOCIAL_SUPPORT: "",
    M.RELOCATION: "生态移民局",
    M.LIVING_CONDITIONS: "",
    M.INFRASTRUCTURE: "交通运输局",
}


def lead_summary(rng: random.Random, channel: str, risk: str) -> str:
    label = mc.RISK_CODE_LABELS.get(risk, "家庭困难")
    return rng.choice(CHANNEL_SUMMARIES[channel]).format(risk=f"疑似{label}" if risk else label)


def warning_detail(rule: str) -> str:
    return WARNING_DETAILS.get(rule, "部门数据比对发现异常")


def closed_outcome(rng: random.Random) -> str:
    return rng.choice(CLOSED_OUTCOMES)


def fast_track_event(rng: random.Random, risks: dict[str, str]) -> str:
    kind = "disaster" if "disaster" in risks else "accident"
    return rng.choice(FAST_TRACK_EVENTS[kind])


def measure_content(rng: random.Random, kind: str) -> str:
    return rng.choice(CONTENTS[kind])


def measure_amount(rng: random.Random, kind: str) -> str | None:
    if kind not in AMOUNTS:
        return None
    low, high, step = AMOUNTS[kind]
    return f"{low + step * rng.randint(0, (high - low) // step)}.00"


def responsible_unit(kind: str, county: str, township: str) -> str:
    unit = UNITS.get(kind, "")
    if unit:
        return f"{county}{unit}"
    return f"{township}办事处" if township.endswith("街道") else f"{township}人民政府"
