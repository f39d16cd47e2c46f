"""Writes of 收入核算: a household-year's sheet, saved whole (``sheet_save``), and the department figures that
feeds carry in (``feed_lines_replace``).

Which lines a save replaces: every line typed by people (page, import, API, 集中排查 visit) is replaced by the
new list. A department line (source ``feed``) stays unless the new list has a line of the same item — then the
person's figure replaces the department's for that item (the page shows the department figure beside the field
and leaves the field empty, so keeping it needs no typing and replacing it is deliberate).

Every save bumps ``version`` (a stale ``expected_version`` is refused: 已被他人修改), writes one audit entry on the
household (before → after per item, shown in the household page's 变更记录) and marks the village's income
summary stale (``registry.signals.villages_changed``), all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.accounts.roles import Department
from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.income import hooks
from shoudi.income.inputs import LineInput, check_lines, item_label
from shoudi.income.models import IncomeLine, IncomeSheet, Source
from shoudi.registry.models import Household
from shoudi.registry.signals import villages_changed

CONFLICT = "该户本年度收入核算表已被他人修改，请重新打开后再保存"
TYPED_SOURCES = frozenset({Source.PAGE, Source.IMPORT, Source.API, Source.ROUND})
MIN_YEAR, MAX_YEAR = 2013, 2100


def department_label(code: str) -> str:
    return str(dict(Department.choices).get(code, code or "部门"))


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": f"核算年度应在{MIN_YEAR}–{MAX_YEAR}年之间"})


def _member_names(household: Household) -> dict[uuid.UUID, str]:
    return dict(household.members.values_list("id", "name"))


def _line_key(item: str, member_id: Any, names: dict[uuid.UUID, str]) -> str:
    label = item_label(item)
    if member_id is not None:
        return f"{label}（{names.get(member_id, '已删除成员')}）"
    return label


def _totals(lines: Iterable[IncomeLine], names: dict[uuid.UUID, str]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        key = _line_key(line.item, line.member_id, names)
        if line.source == Source.FEED:
            key = f"{key}［{department_label(line.department)}］"
        totals[key] += line.amount
    return totals


def _changes(before: dict[str, Decimal], after: dict[str, Decimal]) -> dict[str, list[Any]]:
    keys = list(dict.fromkeys([*before, *after]))
    fmt = lambda v: f"{v:.2f}" if v is not None else None  # noqa: E731
    return {k: [fmt(before.get(k)), fmt(after.get(k))] for k in keys if before.get(k) != after.get(k)}


def _new_line(sheet: IncomeSheet, line: LineInput, source: str) -> IncomeLine:
    return IncomeLine(
        sheet=sheet,
        item=line.item,
        member_id=line.member_id,
        work_place=line.work_place,
        work_months=line.work_months,
        amount=line.amount,
        monthly=[f"{m:.2f}" for m in line.monthly] if line.monthly is not None else None,
        source=source,
    )


def _signature(item: str, member_id: Any, place: str, months: Any, amount: Decimal, monthly: Any) -> tuple:
    return (item, member_id, place or "", months, amount, tuple(Decimal(str(m)) for m in monthly or ()))


def _same(old: list[IncomeLine], lines: Sequence[LineInput]) -> bool:
    """``lines`` would write exactly the typed lines ``old`` holds (no department line among them)."""
    if any(o.source == Source.FEED for o in old):
        return False
    before = sorted(
        (_signature(o.item, o.member_id, o.work_place, o.work_months, o.amount, o.monthly) for o in old), key=str
    )
    after = sorted(
        (_signature(n.item, n.member_id, n.work_place, n.work_months, n.amount, n.monthly) for n in lines), key=str
    )
    return before == after


def _locked_sheet(household: Household, year: int, *, by: Any, source: str) -> tuple[IncomeSheet, bool]:
    """The household-year's sheet, locked for this transaction; created (unsaved lines) when missing."""
    found = IncomeSheet.objects.select_for_update().filter(household=household, year=year).first()
    if found is not None:
        return found, False
    sheet = IncomeSheet(
        household=household,
        year=year,
        starts=dt.date(year, 1, 1),
        source=source,
        version=0,
        created_by=by if getattr(by, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            sheet.save(force_insert=True)
    except IntegrityError:  # another save created it a moment ago
        raise ConflictError(CONFLICT, code="conflict") from None
    return sheet, True


def _finish(
    sheet: IncomeSheet, *, by: Any, created: bool, before: dict[str, Decimal], names: dict[uuid.UUID, str]
) -> None:
    after = _totals(sheet.lines.all(), names)
    changes = _changes(before, after)
    sheet.version += 1
    sheet.updated_by = by if getattr(by, "pk", None) else None
    sheet.save()
    household = sheet.household
    audit_entry(
        actor=by,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=sheet,
        changes=changes,
        household_id=household.pk,
        area_code=household.village_id,
    )
    villages = {household.village_id}
    transaction.on_commit(functools.partial(villages_changed.send, sender=IncomeSheet, villages=villages))


def sheet_save(
    *,
    by: Any,
    household: Household,
    year: int,
    lines: Sequence[LineInput],
    source: str,
    collected_on: dt.date | None = None,
    expected_version: int | None = None,
    note: str = "",
) -> IncomeSheet:
    """Save the household's sheet of ``year`` with ``lines`` (typed by people; see the module for what is
    replaced). ``expected_version`` is the version the person saw (0: there was no sheet yet)."""
    require(by, Capability.RECORD_INCOME, household.village_id)
    _check_year(year)
    if source not in TYPED_SOURCES:
        raise ValidationError({"source": "来源应为页面填写、表格导入、接口或集中排查走访"})
    if len(note) > 200:
        raise ValidationError({"note": "备注不能超过200个字"})
    names = _member_names(household)
    check_lines(list(lines), set(names))
    with transaction.atomic():
        sheet, created = _locked_sheet(household, year, by=by, source=source)
        if expected_version is not None and sheet.version != expected_version:
            raise ConflictError(CONFLICT, code="conflict")
        old = list(sheet.lines.all())
        before = _totals(old, names)
        typed_items = {line.item for line in lines}
        gone = [o for o in old if o.source != Source.FEED or o.item in typed_items]
        if not created and _same(gone, lines) and note == sheet.note:
            return sheet  # saved again unchanged (an import run twice): no new version, no history entry
        IncomeLine.objects.filter(pk__in=[o.pk for o in gone]).delete()
        IncomeLine.objects.bulk_create([_new_line(sheet, line, source) for line in lines])
        sheet.collected_on = collected_on or timezone.localdate()
        sheet.collector = by if getattr(by, "pk", None) else None
        sheet.note = note
        if not created and sheet.source == Source.FEED:
            sheet.source = source
        _finish(sheet, by=by, created=created, before=before, names=names)
        # the labour database (employment) learns the wage lines: entered once
        hooks.run_after_sheet_save(by=by, sheet=sheet, lines=lines, source=source)
    return sheet


def feed_lines_replace(
    *,
    by: Any,
    household: Household,
    year: int,
    department: str,
    batch_ref: str,
    amounts: dict[str, Decimal],
) -> IncomeSheet | None:
    """Department figures of one feed batch for one household-year: ``amounts`` by item replace the lines of
    this batch (a batch applied again never doubles) and the typed lines of the same items (for an item the
    latest word wins: a person's figure or the departments'; lines of several batches add up). The sheet is
    created (source 部门数据) when missing.
    Called by the feeds app after the upload was authorised; returns None when nothing changed."""
    _check_year(year)
    names = _member_names(household)
    check_lines([LineInput(item=i, amount=a) for i, a in amounts.items()], set(names))
    with transaction.atomic():
        sheet, created = _locked_sheet(household, year, by=by, source=Source.FEED)
        old = list(sheet.lines.all())
        before = _totals(old, names)
        mine = [o for o in old if o.source == Source.FEED and o.batch_ref == batch_ref]
        typed = [o for o in old if o.source != Source.FEED and o.item in amounts]
        if not created and not typed and {(o.item, o.amount) for o in mine} == set(amounts.items()):
            return None
        IncomeLine.objects.filter(pk__in=[o.pk for o in [*mine, *typed]]).delete()
        IncomeLine.objects.bulk_create(
            IncomeLine(
                sheet=sheet, item=item, amount=amount, source=Source.FEED, department=department, batch_ref=batch_ref
            )
            for item, amount in amounts.items()
        )
        _finish(sheet, by=by, created=created, before=before, names=names)
    return sheet
