"""Shared pieces: the base model and the audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID key (nothing guessable in URLs) and who/when of creation and last change."""

    id = models.UUIDField("编号", primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One row per change or decision: who, when, what, before → after. Written by services only."""

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        REVEAL = "reveal", "查看完整证件号"
        TRANSITION = "transition", "流程变更"
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=64)
    object_label = models.CharField("对象", max_length=200, blank=True)
    household_id = models.UUIDField("所属户", null=True, blank=True, db_index=True)
    area_code = models.CharField("所属区划", max_length=12, blank=True)  # indexed in Meta: no LIKE twin
    changes = models.JSONField("变更内容", default=dict, blank=True)
    reason = models.TextField("原因", blank=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["area_code"], name="audit_area"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_label}"


class StatusChange(models.Model):
    """The one shape of a status-change row, for every workflow (cases, projects, asset decisions): which step,
    from → to, who, the business date and the time it was recorded, the reason or opinion, what was entered
    (``payload``) and the object as it stood when decided (``snapshot``: later edits do not rewrite what was
    approved). Each app's concrete subclass adds the foreign key to its object."""

    action = models.CharField("环节", max_length=30)
    label = models.CharField("环节名称", max_length=50)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("办理人姓名", max_length=150, blank=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)
    on = models.DateField("办理日期")
    reason = models.TextField("原因/意见", blank=True)
    payload = models.JSONField("办理内容", default=dict, blank=True)
    snapshot = models.JSONField("办理时快照", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.label} {self.from_status}→{self.to_status}"


class RateCount(models.Model):
    """How often one key (a client address on the public page) was used in one time window; the count only
    ever goes up by one conditional UPDATE, so two web processes cannot both take the last allowed use."""

    key = models.CharField("键", max_length=200)
    window = models.BigIntegerField("时间窗")
    count = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratecount_key_window")]

    def __str__(self) -> str:
        return f"{self.key} {self.window}: {self.count}"
