"""Code lists of dynamic monitoring (national-practice.md §4, §6, §7). Labels are those of the data tables."""

from __future__ import annotations

from django.db import models

MAX_RISK_TYPES = 5  # "up to five per household" is the shape of the national data table, not a policy number


class RiskType(models.TextChoices):
    ILLNESS = "illness", "因病"
    SCHOOLING = "schooling", "因学"
    DISABILITY = "disability", "因残"
    DISASTER = "disaster", "因自然灾害"
    ACCIDENT = "accident", "因意外事故"
    INDUSTRY_FAILURE = "industry_failure", "因产业项目失败"
    UNSTABLE_WORK = "unstable_work", "因务工就业不稳"
    LACK_LABOUR = "lack_labour", "因缺劳动力"
    OTHER = "other", "其他"


class DisasterSubtype(models.TextChoices):
    FLOOD = "flood", "洪涝"
    GEOLOGICAL = "geological", "地质"
    DROUGHT = "drought", "旱灾"
    BIOLOGICAL = "biological", "生物"
    METEOROLOGICAL = "meteorological", "气象"
    EARTHQUAKE = "earthquake", "地震"
    OTHER = "other", "其他"


class Problem(models.TextChoices):
    """The four yes/no problems of the data table (两不愁三保障 and drinking water)."""

    HOUSING = "housing", "住房出现安全问题"
    DROPOUT = "dropout", "义务教育阶段失学辍学"
    WATER = "water", "饮水出现安全问题"
    NO_MEDICAL_INSURANCE = "no_medical_insurance", "家庭成员未参加基本医疗保险"


# Risk types and problems share one code space wherever a measure must answer them (RiskMeasureRule).
RISK_CODE_CHOICES: list[tuple[str, str]] = [*RiskType.choices, *Problem.choices]
RISK_CODE_LABELS: dict[str, str] = dict(RISK_CODE_CHOICES)


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", "产业帮扶"
    EMPLOYMENT = "employment", "就业帮扶"
    FINANCE = "finance", "金融帮扶"
    WELFARE_POST = "welfare_post", "公益岗位帮扶"
    HEALTH = "health", "健康帮扶"
    COMPULSORY_EDUCATION = "compulsory_education", "义务教育保障"
    OTHER_EDUCATION = "other_education", "其他教育帮扶"
    SOCIAL_PROTECTION = "social_protection", "综合保障"
    HOUSING = "housing", "住房安全保障"
    WATER = "water", "饮水安全保障"
    SOCIAL_SUPPORT = "social_support", "社会帮扶"
    RELOCATION = "relocation", "搬迁"
    LIVING_CONDITIONS = "living_conditions", "生产生活条件改善"
    INFRASTRUCTURE = "infrastructure", "基础设施建设"


DEVELOPMENT_KINDS = frozenset({MeasureKind.INDUSTRY, MeasureKind.EMPLOYMENT, MeasureKind.FINANCE})


class Category(models.TextChoices):
    UNSTABLE = "unstable", "脱贫不稳定户"
    MARGINAL = "marginal", "边缘易致贫户"
    SUDDEN = "sudden", "突发严重困难户"


class Channel(models.TextChoices):
    APPLICATION = "application", "农户自主申报"
    CADRE_VISIT = "cadre_visit", "基层干部排查"
    DEPARTMENT = "department", "部门筛查预警"
    BIG_DATA = "big_data", "大数据比对"
    MEDIA = "media", "媒体"
    PETITION = "petition", "信访"
    ROUND = "round", "集中排查"


STAFF_CHANNELS = frozenset({Channel.MEDIA, Channel.PETITION})


class LeadStatus(models.TextChoices):
    SUBMITTED = "submitted", "待乡镇受理"
    OPEN = "open", "待入户核实"
    CLOSED = "closed", "已排除"
    CONVERTED = "converted", "已转为监测对象"
    JOINED = "joined", "已并入在办监测对象"


class Procedure(models.TextChoices):
    IDENTIFICATION = "identification", "识别纳入"
    ELIMINATION = "elimination", "风险消除"
    ROLLBACK = "rollback", "风险消除回退"


class Status(models.TextChoices):
    ID_HOME_CHECK = "id_home_check", "待入户核实"
    ID_DATA_CHECK = "id_data_check", "待信息比对"
    ID_REVIEW = "id_review", "待民主评议"
    ID_NOTICE = "id_notice", "公示中"
    ID_TOWNSHIP = "id_township", "待乡镇审核"
    ID_DECISION = "id_decision", "待审定"
    ID_ENTRY = "id_entry", "待纳入监测"
    MONITORED = "monitored", "监测帮扶中"
    EL_REVIEW = "el_review", "消除·待民主评议"
    EL_NOTICE = "el_notice", "消除·公示中"
    EL_TOWNSHIP = "el_township", "消除·待乡镇审核"
    EL_DECISION = "el_decision", "消除·待审定"
    EL_ENTRY = "el_entry", "消除·待标注"
    ELIMINATED = "eliminated", "风险已消除"
    RB_REVIEW = "rb_review", "回退·待民主评议"
    RB_NOTICE = "rb_notice", "回退·公示中"
    RB_TOWNSHIP = "rb_township", "回退·待乡镇审核"
    RB_DECISION = "rb_decision", "回退·待审定"
    NOT_INCLUDED = "not_included", "不予纳入"


STATUS_LABELS: dict[str, str] = dict(Status.choices)
IDENTIFICATION_STATUSES = frozenset(s for s in Status if s.value.startswith("id_"))
ELIMINATION_STATUSES = frozenset(s for s in Status if s.value.startswith("el_"))
ROLLBACK_STATUSES = frozenset(s for s in Status if s.value.startswith("rb_"))
NOTICE_STATUSES = frozenset({Status.ID_NOTICE, Status.EL_NOTICE, Status.RB_NOTICE})
CLOSED_STATUSES = frozenset({Status.ELIMINATED, Status.NOT_INCLUDED})
# Monitored in the national sense: entered, and not yet eliminated (elimination and rollback steps included).
UNDER_MONITORING = frozenset({Status.MONITORED, *ELIMINATION_STATUSES, *ROLLBACK_STATUSES})


class EliminationKind(models.TextChoices):
    ASSISTED = "assisted", "帮扶消除"
    NATURAL = "natural", "自然消除"


class NoticeKind(models.TextChoices):
    INCLUSION = "inclusion", "纳入监测对象公示"
    ELIMINATION = "elimination", "风险消除公示"
    ROLLBACK = "rollback", "风险消除回退公示"
    ASSISTANCE_PLAN = "assistance_plan", "帮扶计划公示"


NOTICE_KIND_BY_STATUS = {
    Status.ID_NOTICE: NoticeKind.INCLUSION,
    Status.EL_NOTICE: NoticeKind.ELIMINATION,
    Status.RB_NOTICE: NoticeKind.ROLLBACK,
}


class ReviewResult(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"


class Resolution(models.TextChoices):
    PENDING = "", "待核实"
    DISMISSED = "dismissed", "经核实不成立"
    UPHELD = "upheld", "经核实成立"


class AttachmentKind(models.TextChoices):
    PROMISE = "promise", "承诺授权书"
    PHOTO = "photo", "现场照片"
    MINUTES = "minutes", "评议记录"
    NOTICE_PHOTO = "notice_photo", "公示照片"
    ASSEMBLY = "assembly", "村民代表大会评议记录"
    EVIDENCE = "evidence", "核实佐证材料"
    ANNOUNCEMENT = "announcement", "结果公告照片"
    OTHER = "other", "其他材料"


def risk_text(code: str, disaster_subtype: str = "") -> str:
    """因病, or 因灾（洪涝）: a risk type as pages and lists write it (``CaseRisk.__str__`` and the case list)."""
    label = RISK_CODE_LABELS.get(code, code)
    if not disaster_subtype:
        return label
    return f"{label}（{_SUBTYPE_LABELS.get(disaster_subtype, disaster_subtype)}）"


_SUBTYPE_LABELS = dict(DisasterSubtype.choices)
