"""Reads of the offline app: "my households" (what a person takes out to the villages), the devices and their
sync log in a manager's area, and the open 集中排查 round.

``my_households(user, today)`` is a village contact's or a village committee's whole village, a 帮扶责任人's
paired households (pairings current today). Everything the household document needs is fetched for all of them
at once (members, this and last year's income sheets with their lines, the open case with its risks, measures and
last visit date), so the number of queries does not grow with the number of households.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DateField, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.assistance.models import Measure
from shoudi.core.access import VILLAGE, Capability, can, get_visible_or_404, in_area, user_area_q
from shoudi.fieldwork.models import Device, FieldRecord, SyncLog
from shoudi.income.models import IncomeSheet
from shoudi.monitoring.models import Case
from shoudi.pairing.models import Pairing
from shoudi.registry.models import Household, Person
from shoudi.rounds.models import Round
from shoudi.rounds.selectors import open_rounds

VILLAGE_ROLES = (Role.VILLAGE_CONTACT, Role.VILLAGE_COMMITTEE)


def _scope(user: Any, today: dt.date) -> QuerySet[Household]:
    """The households the user works with in the field (nothing for a role without the app)."""
    if not can(user, Capability.USE_FIELD_APP):
        return Household.objects.none()
    area = getattr(user, "area_id", "") or ""
    if user.role in VILLAGE_ROLES and len(area) == VILLAGE:
        return Household.objects.filter(village_id=area)
    if user.role == Role.HELPER_CADRE:
        paired = Pairing.objects.filter(cadre=user, since__lte=today).filter(
            Q(until__isnull=True) | Q(until__gte=today)
        )
        return Household.objects.filter(pk__in=paired.values("household_id")).filter(user_area_q(user, "village_id"))
    return Household.objects.none()


def household_in_scope(user: Any, household_id: Any, today: dt.date, *, lock: bool = False) -> Household:
    """One of the user's households (locked for the transaction when ``lock``), or ``NotVisible``."""
    qs = _scope(user, today)
    if lock:
        qs = qs.select_for_update()
    return get_visible_or_404(qs, household_id)


def with_documents(households: QuerySet[Household], year: int) -> QuerySet[Household]:
    """The prefetches the household document reads (``digest.household_document``)."""
    open_cases = (
        Case.objects.filter(is_open=True)
        .annotate(last_visit=Max("visits__visited_on"))
        .annotate(last_seen=Coalesce("last_visit", "period_start", output_field=DateField()))
        .prefetch_related("risks", Prefetch("measures", queryset=Measure.objects.order_by("start", "created_at")))
        .order_by("-opened_on")
    )
    sheets = IncomeSheet.objects.filter(year__gte=year - 1, year__lte=year).prefetch_related("lines")
    return households.select_related("village").prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("birth_date", "pk")),
        Prefetch("income_sheets", queryset=sheets.order_by("-year"), to_attr="recent_sheets"),
        Prefetch("cases", queryset=open_cases, to_attr="open_cases"),
    )


def my_households(user: Any, today: dt.date) -> list[Household]:
    """The user's households with everything their documents need, by household number."""
    return list(with_documents(_scope(user, today), today.year).order_by("number"))


def document_of(user: Any, household_id: Any, today: dt.date) -> Household:
    """One household, fetched the way ``my_households`` fetches them (for the document after a change)."""
    return get_visible_or_404(with_documents(_scope(user, today), today.year), household_id)


def open_round(user: Any, today: dt.date) -> Round | None:
    """The open 集中排查 round that covers the user's area (the newest), if any."""
    return open_rounds(user).filter(starts_on__lte=today).order_by("-starts_on").first()


# ---- managers: devices of the area ----------------------------------------------------------------------------


def devices_visible(user: Any) -> QuerySet[Device]:
    """The devices whose user works in the manager's area."""
    if not can(user, Capability.MANAGE_FIELD_DEVICES):
        return Device.objects.none()
    return Device.objects.filter(user_area_q(user, "user__area_id"))


def device_state(device: Device) -> str:
    """使用中 / 已停用 / 已停用并清除 (what the devices page shows)."""
    if device.revoked_at is None:
        return "使用中" if device.user.is_active else "账号已停用"
    return "已停用并清除" if device.wiped_at else "已停用"


def access_device_by_id(user: Any, device_id: Any) -> Device:
    return get_visible_or_404(devices_visible(user).select_related("user", "revoked_by"), device_id)


def device_list(user: Any, *, village: str = "", username: str = "") -> QuerySet[Device]:
    """The area's devices with their record counts by status; filtered by the user's village or account."""
    qs = devices_visible(user).select_related("user")
    if village:
        qs = qs.filter(in_area("user__area_id", village))
    if username:
        qs = qs.filter(Q(user__username__icontains=username) | Q(user__full_name__icontains=username))
    counts = {f"n_{s}": Count("records", filter=Q(records__status=s)) for s in ("applied", "conflict", "rejected")}
    return qs.annotate(**counts).order_by("-last_push_at", "-created_at")


def device_syncs(device: Device) -> QuerySet[SyncLog]:
    return device.syncs.order_by("-at", "-pk")


def device_records(device: Device) -> QuerySet[FieldRecord]:
    return device.records.select_related("household").order_by("-created_at")


def field_users(user: Any) -> QuerySet[User]:
    """The accounts of the area that may use the app (the filter of the devices page)."""
    roles = [*VILLAGE_ROLES, Role.HELPER_CADRE]
    return User.objects.filter(user_area_q(user, "area_id"), role__in=roles).order_by("area_id", "username")
