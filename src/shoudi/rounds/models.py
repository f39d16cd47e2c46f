"""集中排查: a yearly campaign in which every household of an area is visited and its income accounted.
Opening a round puts every household in scope on its village's list (``RoundHousehold``, one row each, status
未走访); each visit (``RoundVisit``) moves the row on. ``VillageResult`` keeps each village's counts by status
(moved by every visit, so the progress page reads a few hundred rows, never 100,000); closing recounts them from
the list and freezes them for the annual report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shoudi.core.models import BaseModel

YEAR_RANGE = "年度应在2020–2100年之间"


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class VisitStatus(models.TextChoices):
    UNVISITED = "unvisited", "未走访"
    VISITED = "visited", "已走访"
    ACCOUNTED = "accounted", "已核算"
    RISK = "risk", "发现风险"


# The checklist of a round: (field, label). A round checks some or all of them at each visit.
CHECKLIST = (
    ("check_income", "收入核算"),
    ("check_basic", "两不愁三保障"),
    ("check_water", "饮水安全"),
    ("check_risks", "新风险"),
)


class Round(BaseModel):
    name = models.CharField("排查名称", max_length=100)
    year = models.PositiveSmallIntegerField(
        "核算年度",
        validators=[MinValueValidator(2020, YEAR_RANGE), MaxValueValidator(2100, YEAR_RANGE)],
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    area = models.ForeignKey("regions.Region", verbose_name="排查范围", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    check_income = models.BooleanField("收入核算", default=True)
    check_basic = models.BooleanField("两不愁三保障", default=True)
    check_water = models.BooleanField("饮水安全", default=True)
    check_risks = models.BooleanField("新风险", default=True)
    warn_days = models.PositiveSmallIntegerField(
        "提前提醒天数", default=7, help_text="距结束不足这些天仍有未走访户的村标为即将逾期"
    )
    household_count = models.PositiveIntegerField("纳入户数", default=0)
    closed_on = models.DateField("结束排查日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "集中排查"
        verbose_name_plural = "集中排查"
        ordering = ["-starts_on", "-created_at"]
        indexes = [models.Index(fields=["status", "area"], name="round_status_area")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def checklist(self) -> list[tuple[str, str]]:
        return [(name, label) for name, label in CHECKLIST if getattr(self, name)]


class RoundHousehold(models.Model):
    """One household on its village's list of one round. Written in bulk when the round opens."""

    round = models.ForeignKey(Round, verbose_name="集中排查", on_delete=models.CASCADE, related_name="households")
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="round_entries"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("走访状态", max_length=10, choices=VisitStatus.choices, default=VisitStatus.UNVISITED)
    visited_on = models.DateField("走访日期", null=True, blank=True)
    lead = models.ForeignKey(
        "monitoring.Lead", verbose_name="风险线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "排查农户"
        verbose_name_plural = "排查农户"
        ordering = ["village", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "household"], name="round_household_once")]
        indexes = [models.Index(fields=["round", "village", "status"], name="round_village_status")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.household_id}"


class RoundVisit(BaseModel):
    """One visit of a household in a round: what was checked, the risk found, the assessment then."""

    entry = models.ForeignKey(RoundHousehold, verbose_name="排查农户", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("走访日期")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked = models.JSONField("检查项目", default=list, blank=True)
    income_accounted = models.BooleanField("已核算收入", default=False)
    risk_type = models.CharField("新风险类型", max_length=30, blank=True)
    risk_note = models.CharField("风险情况", max_length=500, blank=True)
    within_range = models.BooleanField("收入在监测范围内", default=False)
    assessment = models.JSONField("评估结果", default=dict, blank=True)
    note = models.CharField("走访情况", max_length=500, blank=True)

    class Meta:
        verbose_name = "排查走访"
        verbose_name_plural = "排查走访"
        ordering = ["-visited_on", "-created_at"]

    def __str__(self) -> str:
        return f"走访 {self.visited_on}"


# The counter of each status on ``VillageResult``.
STATUS_FIELDS = {
    VisitStatus.UNVISITED: "unvisited",
    VisitStatus.VISITED: "visited",
    VisitStatus.ACCOUNTED: "accounted",
    VisitStatus.RISK: "at_risk",
}


class VillageResult(models.Model):
    """A village's counts in a round: kept current by each visit while the round is open, recounted and frozen
    when it closes (the annual report reads these)."""

    round = models.ForeignKey(Round, verbose_name="集中排查", on_delete=models.CASCADE, related_name="results")
    village = models.ForeignKey("regions.Region", verbose_name="村", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField("纳入户数", default=0)
    unvisited = models.PositiveIntegerField("未走访", default=0)
    visited = models.PositiveIntegerField("已走访", default=0)
    accounted = models.PositiveIntegerField("已核算", default=0)
    at_risk = models.PositiveIntegerField("发现风险", default=0)
    leads = models.PositiveIntegerField("产生线索", default=0)

    class Meta:
        verbose_name = "排查结果（村）"
        verbose_name_plural = "排查结果（村）"
        ordering = ["round", "village"]
        constraints = [models.UniqueConstraint(fields=["round", "village"], name="round_result_once")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.total}"
