"""Users with one role, an area scope (a region code) and, for department clerks, a department."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from shoudi.accounts.roles import CAPABILITIES, ROLE_AREA_LENGTHS, Department, Role
from shoudi.core.access import Capability


class User(AbstractUser):
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        "regions.Region",
        verbose_name="负责区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.CharField("所属部门", max_length=30, choices=Department.choices, blank=True)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def can(self, capability: Capability) -> bool:
        """The role holds ``capability``. A string that names no capability is a programming error and raises
        ``ValueError`` (Capability's constructor), instead of quietly answering no."""
        return self.is_active and Capability(capability) in CAPABILITIES.get(self.role, frozenset())

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        lengths = ROLE_AREA_LENGTHS.get(self.role, ())
        if not self.area_id:
            raise ValidationError({"area": "必须指定负责区域"})
        if len(self.area_id) not in lengths:
            raise ValidationError({"area": f"角色“{self.get_role_display()}”的负责区域级别不符"})
        if self.role == Role.DEPT_CLERK and not self.department:
            raise ValidationError({"department": "部门数据员必须指定所属部门"})


class ApiToken(models.Model):
    """A bearer token for other government systems. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    digest = models.CharField("摘要", max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最后使用", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "sd_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=cls.hash(raw), prefix=raw[:8])
        return token, raw
