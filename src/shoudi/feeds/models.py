"""Department data (部门数据): uploaded batches, their canonical rows, and saved column mappings.

``FeedBatch`` and ``FeedRecord`` follow the issue-6 contract with the screening app; the fields after
the contract's (file name and hash, report, downloads, job) belong to the intake alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.feeds.sources import SOURCE_CHOICES, SOURCES


class FeedBatch(BaseModel):
    class Status(models.TextChoices):
        STAGED = "staged", "待确认写入"
        APPLIED = "applied", "已写入"
        FAILED = "failed", "失败"

    source = models.CharField("数据来源", max_length=30, choices=SOURCE_CHOICES, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_batches",
    )
    area = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="feed_batches"
    )
    file = models.FileField("原始文件", upload_to="feeds/%Y/%m/", max_length=300)
    period_from = models.DateField("数据期间（起）", null=True, blank=True)
    period_to = models.DateField("数据期间（止）", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.STAGED, db_index=True)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    rows_rejected = models.PositiveIntegerField("退回行数", default=0)
    rows_matched = models.PositiveIntegerField("已匹配行数", default=0)
    rows_unmatched = models.PositiveIntegerField("未匹配行数", default=0)
    # intake only
    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_hash = models.CharField("文件摘要（SHA-256）", max_length=64, db_index=True)
    mapping = models.JSONField("使用的列对应关系", default=dict, blank=True)
    report = models.JSONField("校验报告", default=dict, blank=True)
    message = models.TextField("失败原因", blank=True)
    rejected_file = models.FileField("退回的行", upload_to="feeds/report/%Y/%m/", max_length=300, blank=True)
    unmatched_file = models.FileField("未匹配的行", upload_to="feeds/report/%Y/%m/", max_length=300, blank=True)
    job = models.ForeignKey(
        "jobs.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField("写入时间", null=True, blank=True)

    class Meta:
        verbose_name = "部门数据批次"
        verbose_name_plural = "部门数据批次"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source", "area", "file_hash"], name="feedbatch_dup")]

    def __str__(self) -> str:
        return f"{self.source_label} {self.file_name}（{self.get_status_display()}）"

    @property
    def source_label(self) -> str:
        source = SOURCES.get(self.source)
        return source.label if source else self.source


class FeedRecord(models.Model):
    class Match(models.TextChoices):
        EXACT = "exact", "身份证号精确匹配"
        FUZZY = "fuzzy", "人工确认的模糊匹配"
        NONE = "none", "未匹配"

    id = models.BigAutoField(primary_key=True)
    batch = models.ForeignKey(FeedBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="records")
    source = models.CharField("数据来源", max_length=30, choices=SOURCE_CHOICES, db_index=True)
    row = models.PositiveIntegerField("文件行号")
    id_number = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    name = models.CharField("姓名", max_length=50, blank=True)
    village_code = models.CharField("村代码", max_length=12, blank=True)
    on = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    category = models.CharField("类别", max_length=30, blank=True)
    status = models.CharField("状态", max_length=20, blank=True)
    detail = models.CharField("说明", max_length=100, blank=True)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2, null=True, blank=True)
    amount_oop = models.DecimalField("合规自付费用", max_digits=14, decimal_places=2, null=True, blank=True)
    amount_aid = models.DecimalField("医疗救助金额", max_digits=14, decimal_places=2, null=True, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="匹配的成员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_records",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="匹配的农户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_records",
    )
    match = models.CharField("匹配方式", max_length=10, choices=Match.choices, default=Match.NONE)

    class Meta:
        verbose_name = "部门数据记录"
        verbose_name_plural = "部门数据记录"
        ordering = ["batch", "row"]
        indexes = [models.Index(fields=["source", "on"], name="feedrecord_source_on")]

    def __str__(self) -> str:
        return f"{self.source} 第{self.row}行"


class ColumnMapping(BaseModel):
    """Headers of a department's real export → the template's headers, for one source in one area."""

    source = models.CharField("数据来源", max_length=30, choices=SOURCE_CHOICES)
    area = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.CASCADE, related_name="feed_mappings"
    )
    mapping = models.JSONField("列对应关系（原表列名→模板列名）", default=dict, blank=True)

    class Meta:
        verbose_name = "列对应关系"
        verbose_name_plural = "列对应关系"
        constraints = [models.UniqueConstraint(fields=["source", "area"], name="feed_mapping_source_area")]

    def __str__(self) -> str:
        source = SOURCES.get(self.source)
        return f"{source.label if source else self.source}（{self.area_id}）"
