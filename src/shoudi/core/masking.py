"""Masking personal numbers: one ID number (520628********123X), one phone (139****5678), and every phone or ID
number found in free text (``mask_numbers``) — what people type into a report, a lead's summary or evidence.

In text, a number is masked when it looks like a resident ID (18 characters with a plausible birth date, or the
old 15 digits), a mainland mobile (11 digits from 13–19, spaces, dashes or +86 allowed) or a landline with its
area code (0851-12345678). It keeps its first 3 and last 4 digits: enough to tell two apart, never enough to
call or to look up. A 户编号 (16 digits from the region code), an amount or a date is left as written.
"""

from __future__ import annotations

import re
from typing import Any

FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}  # １３９ typed on a phone's Chinese keyboard
FULL_WIDTH_DIGIT = re.compile("[\uff10-\uff19]")
SEPARATOR = "\x00"  # joins texts for one pass (no text holds it: the inputs refuse NUL, PostgreSQL cannot store it)
_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_SEP = r"[ \-－—]?"
NUMBER_IN_TEXT = re.compile(
    "|".join(
        (
            rf"(?<![\dA-Za-z])\d{{6}}{_DATE}\d{{3}}[\dXx](?![\dA-Za-z])",  # ID number, 18
            r"(?<![\dA-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![\dA-Za-z])",  # ID number, 15
            rf"(?<![\d+])(?:\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)",  # mobile
            rf"(?<!\d)0\d{{2,3}}{_SEP}\d{{7,8}}(?!\d)",  # landline with its area code
        )
    )
)


def mask_id(number: str | None) -> str:
    """520628********123X — the place and the last four, never the birth date."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """139****5678: the first three and the last four digits."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def _masked(match: re.Match[str]) -> str:
    text = match.group()
    digits = "".join(ch for ch in text if ch.isdigit() or ch in "Xx")
    if text.startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        digits = digits[2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_numbers(text: str | None) -> str:
    """``text`` with every phone and ID number in it masked (``NUMBER_IN_TEXT``); "" for None."""
    if not text:
        return text or ""
    if FULL_WIDTH_DIGIT.search(text):  # str.translate looks up every character: only when there is one
        text = text.translate(FULL_WIDTH_DIGITS)
    return NUMBER_IN_TEXT.sub(_masked, text)


def mask_numbers_many(texts: list[str]) -> list[str]:
    """``mask_numbers`` of each text, in one pass over them joined by NUL (a screening masks hundreds of
    thousands of evidence texts; NUL is neither digit, letter nor separator, so every number stops at it as at
    the end of a text). A text holding NUL after all is masked on its own."""
    joined = mask_numbers(SEPARATOR.join(texts))
    out = joined.split(SEPARATOR)
    if len(out) != len(texts):
        return [mask_numbers(t) for t in texts]
    return out


def masked_text_fields(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    """``fields`` with the text values under ``names`` passed through ``mask_numbers``."""
    return {k: mask_numbers(v) if k in names and isinstance(v, str) else v for k, v in fields.items()}
