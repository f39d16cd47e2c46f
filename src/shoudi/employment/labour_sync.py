"""Entered once: the labour database and the ledgers that also learn where a person works keep each other in step.
Registered from ``panels_labour.register`` (income and the registry never import employment).

- **Income sheet → labour** (``from_income``, ``income.hooks.after_sheet_save``): a saved sheet of the current
  year with a wage line (本地务工 / 外出务工) naming a member and a work place opens a spell for that member
  when the labour database knows nothing of the member's work that year (no spell overlapping it): source
  收入核算 (集中排查走访 for a round visit's sheet), from 1 January of the sheet's year — the line is the year's
  wages, so the spell covers the year; ``months_this_year`` is the line's months, the monthly pay the line's
  amount ÷ months when that divides to the cent. A past year's sheet opens nothing (it says nothing of today).
- **Labour → income** (``wage_suggestions``, ``income.hooks.wage_suggester``): the income form of a year offers,
  for each member without a typed wage line, the year's spells with a stated pay — place of the last spell,
  months worked, monthly pay × months — marked "来自就业台账". The form never puts it over what a person typed.
- **Registry → labour** (``from_registry``, ``registry.extensions.on_person_work_changed``): an edit of a
  member's 务工地点 (the household page, the API, a 集中排查 visit) that sets it with no open spell opens one
  from today (source 页面填写 / 走访记录), months as the registry has them; one that clears it ends the open
  spell today; one that changes it starts a new spell from today. ``work.sync_person`` writes the registry
  straight (not through its services), so nothing loops back.

Every refusal of one member (a date the spell cannot take…) leaves that member out; the saving ledger's own
write is never undone by the labour database."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.employment import codes, work
from shoudi.employment.models import Work
from shoudi.registry.models import Household, Person

WAGE_ITEMS = frozenset({"local_work", "migrant_work"})
FROM_INCOME = "收入核算登记务工"
FROM_REGISTRY = "农户信息登记务工"
SUGGESTED = "来自就业台账"
CENT = Decimal("0.01")


def _quietly(call: Any) -> Any:
    """Run ``call`` in a savepoint; a refusal leaves this member out, the rest goes on."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError:
        return None


def _overlapping(person_id: Any, year: int) -> bool:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    spells = Work.objects.filter(person_id=person_id, started_on__lte=last)
    return spells.filter(ended_on__isnull=True).exists() or spells.filter(ended_on__gte=first).exists()


def _pay(amount: Decimal, months: int | None) -> Decimal | None:
    if not months or amount is None or amount <= 0:
        return None
    pay = (amount / months).quantize(CENT)
    return pay if pay * months == amount else None


# ---- income → labour ---------------------------------------------------------------------------------------------


def from_income(*, by: Any, sheet: Any, lines: Sequence[Any], source: str = "page") -> list[Work]:
    """The ``income.hooks.after_sheet_save`` callback (see the module)."""
    today = timezone.localdate()
    if sheet.year != today.year:
        return []
    origin = codes.WorkSource.VISIT if source == "round" else codes.WorkSource.INCOME
    members = {p.pk: p for p in Person.objects.filter(household_id=sheet.household_id).select_related("household")}
    opened: list[Work] = []
    seen: set[Any] = set()
    for line in lines:
        person = members.get(line.member_id)
        if line.item not in WAGE_ITEMS or person is None or not line.work_place or person.pk in seen:
            continue
        seen.add(person.pk)
        if _overlapping(person.pk, sheet.year):
            continue
        entry = work.WorkInput(
            place=line.work_place,
            started_on=dt.date(sheet.year, 1, 1),
            employer_name=FROM_INCOME,
            monthly_pay=_pay(line.amount, line.work_months),
            months_this_year=line.work_months,
            source=origin,
            source_ref=f"income:{sheet.pk}",
        )
        spell = _quietly(lambda p=person, e=entry: work.work_start(by=by, person=p, entry=e, trusted=True))
        if spell is not None:
            opened.append(spell)
    return opened


# ---- labour → income ---------------------------------------------------------------------------------------------


def wage_suggestions(household: Household, year: int) -> dict[uuid.UUID, dict[str, Any]]:
    """Per member with spells of ``year`` that state a pay: ``place``, ``months``, ``amount``, ``note``."""
    today = timezone.localdate()
    until = min(today, dt.date(year, 12, 31))
    if until < dt.date(year, 1, 1):
        return {}
    spells = Work.objects.filter(
        person__household=household, started_on__lte=dt.date(year, 12, 31), monthly_pay__isnull=False
    ).exclude(ended_on__lt=dt.date(year, 1, 1))
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for spell in spells.order_by("started_on"):
        assert spell.monthly_pay is not None
        if spell.months_this_year is not None and spell.started_on.year == year:
            months = spell.months_this_year
        else:
            months = work.months_in_year(spell.started_on, spell.ended_on, year, until)
        if not months:
            continue
        row = found.setdefault(spell.person_id, {"months": 0, "amount": Decimal(0), "spells": []})
        row["months"] = min(12, row["months"] + months)
        row["amount"] += spell.monthly_pay * months
        row["place"] = spell.place
        row["spells"].append(f"{spell.employer_name}（{spell.get_place_display()}）{months}个月×{spell.monthly_pay}元")
    for row in found.values():
        row["amount"] = row["amount"].quantize(CENT)
        row["note"] = f"{SUGGESTED}：{'；'.join(row.pop('spells'))}"
    return found


# ---- registry → labour ---------------------------------------------------------------------------------------------


def from_registry(*, by: Any, person: Any, source: str = codes.WorkSource.PAGE) -> Work | None:
    """The ``registry.extensions.on_person_work_changed`` callback (see the module)."""
    person = Person.objects.select_related("household").get(pk=person.pk)
    today = timezone.localdate()
    current = Work.objects.filter(person=person, ended_on__isnull=True).select_related("person").first()
    place = person.work_place or ""
    if not place:
        if current is None or current.started_on > today:
            return None
        return _quietly(
            lambda: work.work_end(by=by, work=current, ended_on=today, reason="农户信息：未务工", trusted=True)
        )
    if current is not None and (current.place == place or current.started_on >= today):
        return None
    entry = work.WorkInput(
        place=place,
        started_on=today,
        employer_name=FROM_REGISTRY,
        months_this_year=person.work_months or None,
        source=source,
    )
    return _quietly(lambda: work.work_start(by=by, person=person, entry=entry, trusted=True))
