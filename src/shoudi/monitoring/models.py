"""Leads (线索), cases (监测对象), their status-change rows, village notices, attachments, quality findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel, StatusChange
from shoudi.monitoring import codes

USER = settings.AUTH_USER_MODEL


class Lead(BaseModel):
    """A sign that a household may be at risk, from any channel; checked at home, then closed or a case."""

    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="leads"
    )
    # no index of its own (nor its LIKE twin): lead_village_status leads with the village
    village = models.ForeignKey(
        "regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel = models.CharField("发现渠道", max_length=20, choices=codes.Channel.choices)
    online = models.BooleanField("网上申报", default=False)
    department = models.CharField("预警部门", max_length=30, blank=True)
    external_ref = models.CharField("来源编号", max_length=100, blank=True)
    rule = models.CharField("预警规则", max_length=40, blank=True)  # screening rule id, e.g. medical_oop
    summary = models.TextField("线索内容")
    evidence = models.TextField("佐证情况", blank=True)
    risk_hint = models.CharField("疑似风险类型", max_length=30, choices=codes.RiskType.choices, blank=True)
    reported_on = models.DateField("发现日期")
    due_on = models.DateField("核实期限")
    status = models.CharField("状态", max_length=20, choices=codes.LeadStatus.choices, default=codes.LeadStatus.OPEN)
    case = models.ForeignKey(
        "monitoring.Case",
        verbose_name="监测对象",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    checked_on = models.DateField("核实日期", null=True, blank=True)
    checked_by = models.ForeignKey(
        USER, verbose_name="核实人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField("核实结果", blank=True)

    class Meta:
        verbose_name = "风险线索"
        verbose_name_plural = "风险线索"
        ordering = ["due_on", "created_at"]
        # Every index costs each of a province screening's 450,000 new leads an insertion: no LIKE twins
        # (area filters are code ranges), none a composite one already leads with.
        indexes = [
            models.Index(fields=["village", "status"], name="lead_village_status"),
            models.Index(fields=["rule"], name="lead_rule"),
        ]

    def __str__(self) -> str:
        return f"线索 {self.household.number} {self.get_channel_display()} {self.reported_on}"


class Case(BaseModel):
    """One household in one monitoring period: identification, monitoring and assistance, elimination."""

    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="cases"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=codes.Status.choices, default=codes.Status.ID_HOME_CHECK)
    is_open = models.BooleanField("在办", default=True)
    status_on = models.DateField("最近办理日期")
    category = models.CharField("监测对象类型", max_length=20, choices=codes.Category.choices, blank=True)
    channel = models.CharField("发现渠道", max_length=20, choices=codes.Channel.choices)
    contact = models.ForeignKey(
        USER, verbose_name="监测联系人", null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_cases"
    )
    helper = models.ForeignKey(
        USER, verbose_name="帮扶责任人", null=True, blank=True, on_delete=models.SET_NULL, related_name="helper_cases"
    )
    fast_track = models.BooleanField("先帮扶后认定", default=False)
    fast_track_event = models.TextField("突发事件情况", blank=True)
    opened_on = models.DateField("线索发现日期")
    deadline = models.DateField("识别办结期限")
    period_start = models.DateField("纳入监测日期", null=True, blank=True)
    period_end = models.DateField("结束日期", null=True, blank=True)
    elimination_kind = models.CharField(
        "风险消除方式", max_length=20, choices=codes.EliminationKind.choices, blank=True
    )
    previous = models.ForeignKey(
        "self", verbose_name="上一监测周期", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.JSONField("最近研判结果", default=dict, blank=True)
    assessed_on = models.DateField("研判日期", null=True, blank=True)
    assessed_income_pc = models.DecimalField(
        "研判人均纯收入（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    assessed_line = models.DecimalField("研判时监测范围（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "监测对象"
        verbose_name_plural = "监测对象"
        ordering = ["deadline", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(is_open=True), name="one_open_case_per_household")
        ]
        indexes = [
            models.Index(fields=["village", "status"], name="case_village_status"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
        ]

    def __str__(self) -> str:
        return f"监测对象 {self.household.number}（{self.get_status_display()}）"

    @property
    def remarked(self) -> bool:
        return self.previous_id is not None


class CaseRisk(models.Model):
    """One risk type (≤ 5 per case) or one of the four problems of a case."""

    case = models.ForeignKey(Case, verbose_name="监测对象", on_delete=models.CASCADE, related_name="risks")
    code = models.CharField("风险类型", max_length=30, choices=codes.RISK_CODE_CHOICES)
    disaster_subtype = models.CharField("灾害类型", max_length=20, choices=codes.DisasterSubtype.choices, blank=True)

    class Meta:
        verbose_name = "风险类型"
        verbose_name_plural = "风险类型"
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="case_risk_once")]
        indexes = [models.Index(fields=["code", "case"], name="case_risk_code")]

    def __str__(self) -> str:
        return codes.risk_text(self.code, self.disaster_subtype)


class CaseTransition(StatusChange):
    """A status-change row (the one shape of ``core.models.StatusChange``): every step, return and rejection of
    a case, with who, when, why, what was entered and — in ``snapshot`` — the policy assessment frozen at the
    decision. Written by ``monitoring.workflow.CASE_FLOW`` only (and, for the first row and the rows that record
    an event without moving the case, by the services beside it)."""

    case = models.ForeignKey(Case, verbose_name="监测对象", on_delete=models.CASCADE, related_name="transitions")

    class Meta(StatusChange.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    @property
    def from_label(self) -> str:
        return codes.STATUS_LABELS.get(self.from_status, self.from_status)

    @property
    def to_label(self) -> str:
        return codes.STATUS_LABELS.get(self.to_status, self.to_status)


class Notice(BaseModel):
    """A village public notice (公示) of inclusions, eliminations or rollbacks."""

    village = models.ForeignKey("regions.Region", verbose_name="村", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("公示类型", max_length=20, choices=codes.NoticeKind.choices)
    posted_on = models.DateField("张贴日期")
    ends_on = models.DateField("公示截止日期")
    objection_channel = models.TextField("异议反映渠道")

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-posted_on", "-created_at"]
        indexes = [models.Index(fields=["village", "kind"], name="notice_village_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.posted_on}"


class NoticeEntry(models.Model):
    """One household on a notice, as printed (frozen when posted). Never ID, phone, bank account, health."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(Case, verbose_name="监测对象", on_delete=models.PROTECT, related_name="notice_entries")
    head_name = models.CharField("户主姓名", max_length=50)
    size = models.PositiveSmallIntegerField("家庭人口")
    category = models.CharField("监测对象类型", max_length=20, blank=True)
    reason = models.CharField("风险类型/消除理由", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)  # off once withdrawn, or when the procedure ends

    class Meta:
        verbose_name = "公示名单"
        verbose_name_plural = "公示名单"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.size}人）"


class Objection(BaseModel):
    """An objection received during a notice, and how it was resolved."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections")
    case = models.ForeignKey(Case, verbose_name="涉及对象", on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容")
    resolution = models.CharField("核实结论", max_length=20, choices=codes.Resolution.choices, blank=True)
    resolution_note = models.TextField("核实情况", blank=True)
    resolved_on = models.DateField("核实日期", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "created_at"]

    def __str__(self) -> str:
        return f"异议 {self.received_on}"


def _upload_to(instance: Attachment, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"monitoring/{instance.case_id}/{instance.id}.{suffix}"


class Attachment(BaseModel):
    """A scanned or photographed document: the signed promise and authorisation, photos, minutes."""

    case = models.ForeignKey(Case, verbose_name="监测对象", on_delete=models.CASCADE, related_name="attachments")
    transition = models.ForeignKey(
        CaseTransition,
        verbose_name="办理记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField("材料类型", max_length=20, choices=codes.AttachmentKind.choices)
    file = models.FileField("文件", upload_to=_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"


class QualityRun(models.Model):
    """One run of the data-quality checks over an area; its findings list the offending cases."""

    area = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField("检查基准日")
    started_at = models.DateTimeField("开始时间")
    seconds = models.DecimalField("耗时（秒）", max_digits=10, decimal_places=3, default=0)
    by = models.ForeignKey(
        USER, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField("各项问题数", default=dict)

    class Meta:
        verbose_name = "数据质量检查"
        verbose_name_plural = "数据质量检查"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area_id} {self.as_of}"


class QualityFinding(models.Model):
    run = models.ForeignKey(QualityRun, verbose_name="检查", on_delete=models.CASCADE, related_name="findings")
    check_name = models.CharField("检查项", max_length=50)
    village_code = models.CharField("村代码", max_length=12)
    case = models.ForeignKey(
        Case, verbose_name="监测对象", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey("registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "数据质量问题"
        verbose_name_plural = "数据质量问题"
        indexes = [models.Index(fields=["run", "check_name", "village_code"], name="finding_run_check")]

    def __str__(self) -> str:
        return f"{self.check_name} {self.household_id}"


# Models of their own modules, registered with the app here.
from shoudi.monitoring.models_apply import Application  # noqa: E402, F401
from shoudi.monitoring.models_checks import (  # noqa: E402, F401
    Announcement,
    AnnouncementEntry,
    DataCheckItem,
    ExclusionDecision,
)
