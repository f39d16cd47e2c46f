"""Who works on complaints: the township's reviewers and the county's officers (recording, taking up, closing,
feedback, turning one into a risk lead), each within their own area.

Village roles do not see them, even of their own village: a report of 优亲厚友 or 虚报冒领 is often about the
village's own cadres, and a reporter must never be made known to the people reported (举报人保密). Department
clerks, helper cadres and leaders do not either (leaders read the counts in the monthly report).

The role check is the capability ``HANDLE_COMPLAINTS`` (township reviewers and county officers), held at
township level or above."""

from __future__ import annotations

from typing import Any

from shoudi.core.access import TOWNSHIP, Capability, NotVisible, can, require

WORK = Capability.HANDLE_COMPLAINTS


def may_work(user: Any) -> bool:
    """The user's role works on complaints and their area is a township or wider."""
    area = getattr(user, "area_id", "") or ""
    return can(user, WORK) and 0 < len(area) <= TOWNSHIP


def require_work(user: Any, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless the user works on complaints (in ``area_code``, when given)."""
    if not may_work(user):
        raise NotVisible()
    require(user, WORK, area_code)
