"""Django's password rules with their messages in plain Chinese (the zh-hans catalogue leaves the length rule,
and the help texts, in English). ``settings.AUTH_PASSWORD_VALIDATORS`` names these."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError
from pypinyin import lazy_pinyin

from shoudi.core.access import covering_codes


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
    """Refuses the system's own names and common words with a year or digits added (``BLOCKED_WORDS``), the
    names of the account's own area and the areas above it with the same ("松桃2026!!", "Songtao2026":
    ``place_words``), and a password made only of one repeated or consecutive run
    of characters ("12345678", "aaaaaaaaaa")."""

    def validate(self, password: str, user: Any = None) -> None:
        cores = _cores(password)
        if cores & BLOCKED_WORDS or ("" in cores and _is_run(password)):
            raise ValidationError(
                "这个密码太容易被猜到（系统名称、admin、password 等常见词加上年份或数字），请换一个",
                code="password_blocked",
            )
        places = cores & area_words(getattr(user, "area_id", None))
        if places:
            raise ValidationError(
                f"这个密码太容易被猜到：用了本地地名“{min(places)}”加上年份或数字，请换一个", code="password_blocked"
            )
        if _is_run(password):
            raise ValidationError("密码不能是重复或连续的字符", code="password_blocked")

    def get_help_text(self) -> str:
        return "不能使用系统名称、本地地名、admin、password 等常见词（即使加上年份或数字），也不能是重复或连续的字符"


# What an area's name ends with, longest first: 当造村村民委员会 → 当造村 → 当造, 松桃苗族自治县 → 松桃苗族 → 松桃.
PLACE_SUFFIXES = (
    "村民委员会",
    "居民委员会",
    "街道办事处",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "村委会",
    "居委会",
    "街道",
    "社区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "镇",
    "乡",
    "村",
)
ETHNIC_TAIL = re.compile(r"(.{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+")  # 松桃苗族 → 松桃, 威宁彝族回族苗族 → 威宁


def place_words(name: str) -> set[str]:
    """The ways people write a place's name in a password, lower case: the full name, without its suffixes and
    its peoples, and each of them in pinyin (``pypinyin``: Songtao, Weining)."""
    words: set[str] = set()
    todo = [name.strip()]
    while todo:
        word = todo.pop()
        if len(word) < 2 or word in words:
            continue
        words.add(word)
        todo.extend(word[: -len(s)] for s in PLACE_SUFFIXES if word.endswith(s) and len(word) - len(s) >= 2)
        ethnic = ETHNIC_TAIL.fullmatch(word)
        if ethnic:  # 松桃苗族 → 松桃, and 松桃县 as people write the county
            todo.extend((ethnic.group(1), ethnic.group(1) + name[-1]) if "自治" in name else (ethnic.group(1),))
    return {w.casefold() for w in words} | _pinyin(words)


def _pinyin(words: Iterable[str]) -> set[str]:
    return {"".join(lazy_pinyin(w)).casefold() for w in words}


def area_words(area_code: str | None) -> set[str]:
    """``place_words`` of the area ``area_code`` and every area above it, by the names in the region table."""
    if not area_code:
        return set()
    region = apps.get_model("regions", "Region")  # accounts sits below the regions app: no import
    names = region.objects.filter(code__in=covering_codes(area_code)).values_list("name", flat=True)
    return set().union(*(place_words(n) for n in names))


def _is_run(password: str) -> bool:
    text = password.casefold()
    if len(set(text)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps in ({1}, {-1})
