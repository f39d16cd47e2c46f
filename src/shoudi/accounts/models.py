"""Users with one role, an area scope (a region code) and, for department clerks, a department."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from shoudi.accounts.roles import CAPABILITIES, ROLE_AREA_LENGTHS, Department, Role, role_title
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
    must_change_password = models.BooleanField(
        "首次登录须修改密码", default=False, help_text="一次性密码登录后，须先设置新密码才能使用系统"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_title(self) -> str:
        """The role as shown: 县级系统管理员 for an admin of a county, the role's name otherwise."""
        return role_title(self.role, self.area_id) if self.role else ""

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
            raise ValidationError({"area": f"角色“{self.role_title}”的负责区域级别不符"})
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


class UserImport(models.Model):
    """One uploaded sheet of accounts: checked row by row (``rows`` the valid ones, ``errors`` each problem with
    its row and column), created only when the uploader confirms. The one-time passwords exist only in
    ``passwords`` (the XLSX), which the first download takes and clears."""

    class Status(models.TextChoices):
        STAGED = "staged", "待确认"
        APPLIED = "applied", "已导入"

    id = models.UUIDField("编号", primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="user_imports"
    )
    area_code = models.CharField("上传人负责区域", max_length=12, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    total = models.PositiveIntegerField("数据行数", default=0)
    rows = models.JSONField("无误的行", default=list, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.STAGED)
    created_count = models.PositiveIntegerField("已创建账号数", default=0)
    passwords = models.BinaryField("一次性密码文件", null=True, blank=True, editable=False)
    passwords_taken_at = models.DateTimeField("密码文件下载时间", null=True, blank=True)

    class Meta:
        verbose_name = "批量导入用户"
        verbose_name_plural = "批量导入用户"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
