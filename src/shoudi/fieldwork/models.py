"""The offline phone app's server side: the devices that sync, their sync log, and every record a device
uploaded, keyed by the id the device made (``client_id``) so a repeated upload never writes twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel

USER = settings.AUTH_USER_MODEL


class Device(BaseModel):
    """A phone (a browser profile) that installed the app and synced under one account."""

    user = models.ForeignKey(USER, verbose_name="账号", on_delete=models.CASCADE, related_name="field_devices")
    label = models.CharField("设备名称", max_length=100)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True)
    secret_hash = models.CharField("设备密钥摘要", max_length=128)
    last_pull_at = models.DateTimeField("最近下载时间", null=True, blank=True)
    last_push_at = models.DateTimeField("最近上传时间", null=True, blank=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, verbose_name="停用人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField("停用原因", max_length=200, blank=True)
    wiped_at = models.DateTimeField("设备确认清除时间", null=True, blank=True)

    class Meta:
        verbose_name = "外业设备"
        verbose_name_plural = "外业设备"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class SyncKind(models.TextChoices):
    REGISTER = "register", "登记设备"
    PULL = "pull", "下载我的农户"
    PUSH = "push", "上传记录"
    RESOLVE = "resolve", "处理冲突"
    WIPE = "wipe", "清除数据"


class SyncLog(models.Model):
    """One contact of a device with the server (the server's log of each device's syncs)."""

    device = models.ForeignKey(Device, verbose_name="设备", on_delete=models.CASCADE, related_name="syncs")
    user = models.ForeignKey(USER, verbose_name="账号", null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    kind = models.CharField("类型", max_length=20, choices=SyncKind.choices)
    households = models.PositiveIntegerField("农户数", default=0)
    records = models.PositiveIntegerField("记录数", default=0)
    applied = models.PositiveIntegerField("已入库", default=0)
    conflicts = models.PositiveIntegerField("冲突", default=0)
    rejected = models.PositiveIntegerField("未通过校验", default=0)
    size = models.PositiveIntegerField("数据量（字节）", default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "同步记录"
        verbose_name_plural = "同步记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["device", "at"], name="field_sync_device_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class RecordKind(models.TextChoices):
    VISIT = "visit", "帮扶回访"
    INCOME = "income", "收入采集"
    LEAD = "lead", "新发现风险"
    FACTS = "facts", "农户信息核实"


class RecordStatus(models.TextChoices):
    APPLIED = "applied", "已入库"
    CONFLICT = "conflict", "待处理冲突"
    REJECTED = "rejected", "未通过校验"
    DISCARDED = "discarded", "已放弃"


class FieldRecord(BaseModel):
    """A record made on a device. ``client_id`` is the device's own id for it: the first upload decides, a
    repeat answers what was decided. ``base_stamp`` is the household's stamp the device saw when it synced."""

    client_id = models.UUIDField("设备记录编号", unique=True)
    device = models.ForeignKey(Device, verbose_name="设备", on_delete=models.PROTECT, related_name="records")
    user = models.ForeignKey(USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("记录类型", max_length=20, choices=RecordKind.choices)
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="field_records"
    )
    base_stamp = models.CharField("下载时的农户版本", max_length=64)
    made_at = models.DateTimeField("设备上的记录时间")
    status = models.CharField("状态", max_length=20, choices=RecordStatus.choices)
    payload = models.JSONField("记录内容", default=dict)
    errors = models.JSONField("校验意见", default=dict, blank=True)
    result_type = models.CharField("入库对象类型", max_length=60, blank=True)
    result_id = models.CharField("入库对象编号", max_length=64, blank=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "离线记录"
        verbose_name_plural = "离线记录"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["household", "status"], name="field_record_household")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id}"
