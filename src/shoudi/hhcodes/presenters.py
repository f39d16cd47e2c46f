"""How a household is named where personal data must not show: the head's name masked (张*三), the village and
its group (村民小组, read from the address) — never the ID number, phone, health or bank account."""

from __future__ import annotations

import re

from shoudi.monitoring.presenters import short_name

GROUP = re.compile(r"(\d{1,3}|[一二三四五六七八九十]{1,3})组$")
ROLE_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def masked_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; an empty name → —."""
    name = (name or "").strip()
    if not name:
        return "—"
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def group_of(address: str) -> str:
    """The 村民小组 at the end of an address (…当造村3组 → 3组), or ""."""
    found = GROUP.search((address or "").strip())
    return found.group(0) if found else ""


def place_of(village_name: str, address: str) -> str:
    """当造村 3组 (the group only when the address names one)."""
    group = group_of(address)
    return f"{short_name(village_name)} {group}" if group else short_name(village_name)


def person_name(display_name: str) -> str:
    """李明（当造村监测联系人） → 李明: the name without the note on the account."""
    return ROLE_NOTE.sub("", display_name or "").strip() or (display_name or "")
