"""Django's password rules with their messages in plain Chinese (the zh-hans catalogue leaves the length rule,
and the help texts, in English). ``settings.AUTH_PASSWORD_VALIDATORS`` names these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码与用户名、姓名等个人信息太相似", code="password_too_similar") from None

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名等个人信息太相似"


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短：至少 {self.min_length} 个字符（当前 {len(password)} 个）", code="password_too_short"
            )

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符"


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("这个密码太常见，容易被猜到，请换一个", code="password_too_common") from None

    def get_help_text(self) -> str:
        return "不能使用常见密码"


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError("密码不能全是数字", code="password_entirely_numeric")

    def get_help_text(self) -> str:
        return "密码不能全是数字"
