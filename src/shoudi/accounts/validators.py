"""Django's password rules with their messages in plain Chinese (the zh-hans catalogue leaves the length rule,
and the help texts, in English). ``settings.AUTH_PASSWORD_VALIDATORS`` names these."""

from __future__ import annotations

import itertools
import re
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


# The system's names and the words everyone tries first; a password that is one of them with a year, digits or
# marks around it ("Shoudi2026", "shoudi@123", "Admin!2025") is refused. Lower case, without digits and marks.
BLOCKED_WORDS = frozenset(
    {
        "shoudi",
        "守底",
        "shoudixitong",
        "admin",
        "administrator",
        "root",
        "password",
        "passw0rd",
        "mima",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "abc",
        "abcd",
        "abcdef",
        "test",
        "welcome",
        "changeme",
        "letmein",
        "zhongguo",
        "china",
        "xiangcunzhenxing",
        "乡村振兴",
        "fupin",
        "jiance",
        "woaini",
        "iloveyou",
    }
)


LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _cores(password: str) -> set[str]:
    """The password without digits, marks and spaces, lower case ("Shoudi@2026!" → "shoudi"), read as typed and
    with look-alike digits and marks as letters ("Pa55w0rd" → "password")."""
    text = password.casefold()
    middle = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text)
    return {"".join(ch for ch in t if ch.isalpha()) for t in (text, middle.translate(LEET))}


class BlocklistValidator:
    """Refuses the system's own names and common words with a year or digits added (``BLOCKED_WORDS``), and a
    password made only of one repeated or consecutive run of characters ("12345678", "aaaaaaaaaa")."""

    def validate(self, password: str, user: Any = None) -> None:
        cores = _cores(password)
        if cores & BLOCKED_WORDS or ("" in cores and _is_run(password)):
            raise ValidationError(
                "这个密码太容易被猜到（系统名称、admin、password 等常见词加上年份或数字），请换一个",
                code="password_blocked",
            )
        if _is_run(password):
            raise ValidationError("密码不能是重复或连续的字符", code="password_blocked")

    def get_help_text(self) -> str:
        return "不能使用系统名称、admin、password 等常见词（即使加上年份或数字），也不能是重复或连续的字符"


def _is_run(password: str) -> bool:
    text = password.casefold()
    if len(set(text)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps in ({1}, {-1})
