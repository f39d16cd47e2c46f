"""Code lists of the base database (DOMAIN.md §3, national-practice.md §3 and §6).

They are Django choices so forms, the API, imports and exports share one list of allowed values.
"""

from __future__ import annotations

from django.db import models


class HouseholdStatus(models.TextChoices):
    FORMER_POOR = "former_poor", "脱贫户"
    ORDINARY = "ordinary", "一般农户"
    FORMER_POOR_NO_POLICY = "former_poor_no_policy", "脱贫不享受政策户"


class HousingGrade(models.TextChoices):
    A = "A", "A级"
    B = "B", "B级"
    C = "C", "C级"
    D = "D", "D级"


class OtherCar(models.TextChoices):
    """A private car that is not a 享受型轿车 (seed 001 excludes only the latter), as the village judged it."""

    NONE = "", "无其他小汽车"
    PRODUCTION = "production", "生产经营用车（如农用运输、营运）"
    LOW_VALUE = "low_value", "低值代步车"


class Relationship(models.TextChoices):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "之子"
    DAUGHTER = "daughter", "之女"
    SON_IN_LAW = "son_in_law", "之女婿"
    DAUGHTER_IN_LAW = "daughter_in_law", "之儿媳"
    GRANDSON = "grandson", "之孙子"
    GRANDDAUGHTER = "granddaughter", "之孙女"
    PARENT = "parent", "之父母"
    GRANDPARENT = "grandparent", "之祖父母"
    SIBLING = "sibling", "兄弟姐妹"
    OTHER = "other", "其他"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    NONE = "none", "文盲或半文盲"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    VOCATIONAL = "vocational", "中职/中专"
    COLLEGE = "college", "大专及以上"
    PRESCHOOL = "preschool", "学龄前"


class SchoolStage(models.TextChoices):
    NOT_IN_SCHOOL = "none", "非在校生"
    PRESCHOOL = "preschool", "学前教育"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "普通高中"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中职"
    HIGHER_VOCATIONAL = "higher_vocational", "高职/大专"
    UNDERGRADUATE = "undergraduate", "本科及以上"
    DROPOUT = "dropout", "失学辍学"


class Health(models.TextChoices):
    HEALTHY = "healthy", "健康"
    CHRONIC = "chronic", "长期慢性病"
    MAJOR = "major", "患有大病"


class DisabilityCategory(models.TextChoices):
    NONE = "", "无"
    VISUAL = "visual", "视力残疾"
    HEARING = "hearing", "听力残疾"
    SPEECH = "speech", "言语残疾"
    PHYSICAL = "physical", "肢体残疾"
    INTELLECTUAL = "intellectual", "智力残疾"
    MENTAL = "mental", "精神残疾"
    MULTIPLE = "multiple", "多重残疾"


class Labor(models.TextChoices):
    ORDINARY = "ordinary", "普通劳动力"
    SKILLED = "skilled", "技能劳动力"
    WEAK = "weak", "弱劳动力或半劳动力"
    LOST = "lost", "丧失劳动力"
    NONE = "none", "无劳动力"


NO_LABOUR = frozenset({Labor.LOST, Labor.NONE})


class WorkPlace(models.TextChoices):
    NONE = "", "未务工"
    IN_COUNTY = "in_county", "县内"
    IN_PROVINCE = "in_province", "省内县外"
    OUT_PROVINCE = "out_province", "省外"
    PARTNER_CITY = "partner_city", "东部协作城市"


class Flow(models.TextChoices):
    """What a money record is, as the assessment reads it (issue 4's input: income/costs/rigid/payouts)."""

    INCOME = "income", "收入"
    COST = "cost", "生产经营性支出"
    RIGID = "rigid", "刚性支出"
    PAYOUT = "payout", "保险理赔"


class IncomeKind(models.TextChoices):
    WAGE = "wage", "工资性"
    BUSINESS = "business", "生产经营性"
    PROPERTY = "property", "财产性"
    TRANSFER = "transfer", "转移性"


class RigidKind(models.TextChoices):
    MEDICAL = "medical", "医疗自付"
    EDUCATION = "education", "教育"
    DISASTER = "disaster", "灾害损失"
    ACCIDENT = "accident", "意外事故损失"


# Items by kind (national-practice.md §3). Keys are stable codes, values the labels of collection tables.
INCOME_ITEMS: dict[str, dict[str, str]] = {
    IncomeKind.WAGE: {
        "migrant_work": "务工收入",
        "local_work": "本地务工收入",
        "welfare_post": "公益性岗位收入",
    },
    IncomeKind.BUSINESS: {
        "crops": "种植业收入",
        "livestock": "养殖业收入",
        "forestry": "林果业收入",
        "other_business": "其他生产经营收入",
    },
    IncomeKind.PROPERTY: {
        "asset_dividend": "资产收益分红",
        "land_rent": "土地流转收入",
        "other_property": "其他财产性收入",
    },
    IncomeKind.TRANSFER: {
        "family_planning": "计划生育金",
        "dibao": "低保金",
        "tekun": "特困供养金",
        "pension": "养老金或离退休金",
        "eco_compensation": "生态补偿金",
        "elderly_allowance": "高龄补贴",
        "disability_allowance": "残疾人补贴",
        "disaster_relief": "灾害救助金",
        "family_support": "赡养费",
        "anti_poverty_insurance": "防贫保险赔付",
        "donation": "经常性捐赠或赔偿",
        "other_transfer": "其他转移性收入",
    },
}
COST_ITEMS = {"production_cost": "生产经营性支出"}
RIGID_ITEMS = {k.value: k.label for k in RigidKind}
PAYOUT_ITEMS = {"insurance_claim": "理赔收入"}


def item_choices() -> list[tuple[str, str]]:
    items: dict[str, str] = {}
    for group in INCOME_ITEMS.values():
        items.update(group)
    items.update(COST_ITEMS)
    items.update(RIGID_ITEMS)
    items.update(PAYOUT_ITEMS)
    return list(items.items())


ITEM_KIND: dict[str, tuple[str, str]] = {
    **{item: (Flow.INCOME, kind) for kind, group in INCOME_ITEMS.items() for item in group},
    **{item: (Flow.COST, "production_cost") for item in COST_ITEMS},
    **{item: (Flow.RIGID, item) for item in RIGID_ITEMS},
    **{item: (Flow.PAYOUT, "insurance_claim") for item in PAYOUT_ITEMS},
}
