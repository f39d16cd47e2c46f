"""Screening runs, what each run found, the leads it keeps, register updates (户籍变动待办) and fuzzy-match
candidates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel, StatusChange


class ScreeningRun(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Engine(models.TextChoices):
        DUCKDB = "duckdb", "DuckDB（快照）"
        POSTGRES = "postgres", "PostgreSQL（直接）"
        SPARK = "spark", "Spark"

    area = models.ForeignKey("regions.Region", verbose_name="筛查区域", on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField("筛查日期")
    engine = models.CharField("计算引擎", max_length=10, choices=Engine.choices, default=Engine.DUCKDB)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    rule_versions = models.JSONField("规则版本", default=dict, blank=True)
    parameters = models.JSONField("参数取值", default=dict, blank=True)
    inputs = models.JSONField("输入数据", default=dict, blank=True)
    counts_by_rule = models.JSONField("按规则计数", default=dict, blank=True)
    counts_by_township = models.JSONField("按乡镇计数", default=dict, blank=True)
    diff = models.JSONField("与上次比较", default=dict, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name="上次筛查", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leads_created = models.PositiveIntegerField("新建线索", default=0)
    leads_updated = models.PositiveIntegerField("追加佐证的线索", default=0)
    register_updates_created = models.PositiveIntegerField("新建户籍变动待办", default=0)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)
    error = models.TextField("错误信息", blank=True)
    job = models.ForeignKey(
        "jobs.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "筛查批次"
        verbose_name_plural = "筛查批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"筛查 {self.area_id} {self.as_of}"


class RunHit(models.Model):
    """One household flagged by one rule in one run (the base of the next run's diff)."""

    run = models.ForeignKey(  # runhit_unique leads with the run: no index of its own
        ScreeningRun, verbose_name="筛查批次", on_delete=models.CASCADE, related_name="hits", db_index=False
    )
    household = models.ForeignKey("registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField("预警规则", max_length=40)
    township_code = models.CharField("乡镇代码", max_length=9)

    class Meta:
        verbose_name = "筛查命中"
        verbose_name_plural = "筛查命中"
        constraints = [models.UniqueConstraint(fields=["run", "household", "rule"], name="runhit_unique")]

    def __str__(self) -> str:
        return f"{self.rule} {self.household_id}"


class ScreeningLead(models.Model):
    """The screening side of a department lead: its rule, first and last seen, the feed records behind it."""

    lead = models.OneToOneField(
        "monitoring.Lead", verbose_name="线索", on_delete=models.CASCADE, related_name="screening"
    )
    household = models.ForeignKey(  # screenlead_hh_rule leads with the household: no index of its own
        "registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rule = models.CharField("预警规则", max_length=40)
    first_seen = models.DateField("首次发现")
    last_seen = models.DateField("最近发现")

    class Meta:
        verbose_name = "筛查线索"
        verbose_name_plural = "筛查线索"
        indexes = [models.Index(fields=["household", "rule"], name="screenlead_hh_rule")]

    def __str__(self) -> str:
        return f"{self.rule} {self.household_id}"


class LeadEvidence(models.Model):
    screening_lead = models.ForeignKey(  # leadevidence_unique leads with it: no index of its own
        ScreeningLead, verbose_name="筛查线索", on_delete=models.CASCADE, related_name="records", db_index=False
    )
    record_id = models.BigIntegerField("部门数据记录编号")
    text = models.TextField("佐证说明")

    class Meta:
        verbose_name = "线索佐证记录"
        verbose_name_plural = "线索佐证记录"
        constraints = [models.UniqueConstraint(fields=["screening_lead", "record_id"], name="leadevidence_unique")]

    def __str__(self) -> str:
        return f"{self.screening_lead_id} #{self.record_id}"


class RegisterUpdate(BaseModel):
    """户籍变动待办: a death or birth in 公安户籍 that the village writes into the base database (not a lead).
    Closed through ``screening.register_updates.WORKFLOW`` (done, or not applicable with the reason)."""

    class Kind(models.TextChoices):
        DEATH = "death", "死亡"
        BIRTH = "birth", "出生"

    class Status(models.TextChoices):
        OPEN = "open", "待更新"
        DONE = "done", "已更新"
        NOT_APPLICABLE = "not_applicable", "不适用"

    household = models.ForeignKey("registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "registry.Person", verbose_name="成员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_id = models.BigIntegerField("部门数据记录编号", unique=True)
    kind = models.CharField("变动类型", max_length=10, choices=Kind.choices)
    on = models.DateField("变动日期", null=True, blank=True)
    text = models.TextField("说明")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    run = models.ForeignKey(
        ScreeningRun,
        verbose_name="筛查批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_updates",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("办结说明", blank=True)

    class Meta:
        verbose_name = "户籍变动待办"
        verbose_name_plural = "户籍变动待办"
        ordering = ["village_id", "on"]
        indexes = [models.Index(fields=["village", "status"], name="regupdate_village_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.household_id}"


class RegisterUpdateStep(StatusChange):
    """One closing of a register update (``core.workflow``): done or not applicable, who, when, the note."""

    register_update = models.ForeignKey(
        RegisterUpdate, verbose_name="户籍变动待办", on_delete=models.CASCADE, related_name="steps"
    )

    class Meta(StatusChange.Meta):
        verbose_name = "户籍变动待办办理记录"
        verbose_name_plural = "户籍变动待办办理记录"


class LinkCandidate(BaseModel):
    """A fuzzy match (Splink) of an unmatched feed row to a registry person, waiting for a person to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    record = models.ForeignKey(
        "feeds.FeedRecord", verbose_name="部门数据记录", on_delete=models.CASCADE, related_name="link_candidates"
    )
    person = models.ForeignKey("registry.Person", verbose_name="候选成员", on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField("所属区域", max_length=12, db_index=True)
    score = models.FloatField("匹配概率")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "疑似匹配"
        verbose_name_plural = "疑似匹配"
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["record", "person"], name="linkcandidate_unique")]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.person_id} ({self.score:.2f})"
