"""Writes to the base database. Every write checks role and area, runs in one transaction, and leaves an
audit entry with before → after, so the household page can show its whole history."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from shoudi.core.access import Capability, code_in_user_area, require
from shoudi.core.audit import audit_entry, diff, snapshot
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Level, Region
from shoudi.registry import codes
from shoudi.registry.idnumber import IdNumberError, parse
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.registry.selectors import forget_area_counts
from shoudi.registry.signals import villages_changed

HOUSEHOLD_FIELDS = [
    f.name
    for f in Household._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name not in {"id", "created_at", "updated_at", "created_by", "updated_by", "version", "number"}
]
PERSON_FIELDS = [
    f.name
    for f in Person._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name not in {"id", "created_at", "updated_at", "created_by", "updated_by", "household"}
]
PERSON_INPUT_FIELDS = [f for f in PERSON_FIELDS if f not in {"sex", "birth_date"}]


def _require_editor(by: Any, village_code: str | None) -> None:
    if not by.can(Capability.EDIT_HOUSEHOLDS):
        raise ValidationError("当前角色无权修改农户信息", code="forbidden")
    if not code_in_user_area(by, village_code):
        raise ValidationError({"village": "所在村不在您负责的区域内"}, code="out_of_area")


def resolve_village(code: Any, *, by: Any) -> Region:
    """The village region for ``code``: must exist, be a village, and lie in the actor's area."""
    code = str(code or "").strip()
    if not code:
        raise ValidationError({"village": "所在村代码不能为空"})
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"village": f"村代码“{code}”不存在"})
    if region.level != Level.VILLAGE:
        raise ValidationError({"village": f"代码“{code}”（{region.name}）不是村级区划"})
    if not code_in_user_area(by, code):
        raise ValidationError({"village": f"村代码“{code}”不在您负责的区域内"})
    return region


def next_household_number(village_code: str) -> str:
    """Village code + 4-digit sequence; the next free one in that village."""
    last = (
        Household.objects.filter(number__startswith=village_code, number__regex=r"^\d{16}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[12:]) + 1 if last else 1
    return f"{village_code}{seq:04d}"


def _apply(instance: Any, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def apply_id_number(person: Person, raw: Any, *, today: dt.date | None = None) -> None:
    try:
        info = parse(str(raw or ""), today=today)
    except IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    person.id_number = info.number
    person.birth_date = info.birth_date
    person.sex = codes.Sex.MALE if info.sex == "男" else codes.Sex.FEMALE


def check_id_free(number: str, *, by: Any, household: Household | None, exclude_person: Any = None) -> None:
    """A person belongs to at most one household; a conflict names both — when the other household lies in
    the actor's area. Outside it the message says only that the number is taken elsewhere: an ID number typed
    into a form must not tell a village contact who lives in another county and under which household."""
    qs = Person.objects.filter(id_number=number).select_related("household")
    if exclude_person is not None:
        qs = qs.exclude(pk=exclude_person)
    other = qs.first()
    if other is None:
        return
    here = f"户 {household.number}" if household and household.number else "本户"
    if code_in_user_area(by, other.household.village_id):
        message = f"身份证号已属于户 {other.household.number}（{other.name}），不能同时加入{here}"
    else:
        message = f"身份证号已登记在您辖区以外的农户中，不能同时加入{here}；请联系县级乡村振兴部门核实"
    raise ValidationError({"id_number": message})


def _full_clean(instance: Any, exclude: Sequence[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _check_heads(members: Sequence[Person]) -> None:
    heads = [m for m in members if m.relationship == codes.Relationship.HEAD]
    if len(heads) != 1:
        raise ValidationError({"relationship": f"每户必须有且只有一位户主，当前有{len(heads)}位"})


def _person_from(data: Mapping[str, Any], household: Household, by: Any) -> Person:
    person = Person(household=household, created_by=by, updated_by=by)
    _apply(person, data, [f for f in PERSON_INPUT_FIELDS if f != "id_number"])
    apply_id_number(person, data.get("id_number"))
    return person


def household_create(*, by: Any, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> Household:
    """Create a household with its members in one transaction."""
    village = resolve_village(data.get("village_code") or data.get("village"), by=by)
    _require_editor(by, village.code)
    household = Household(village=village, created_by=by, updated_by=by)
    _apply(household, data, [f for f in HOUSEHOLD_FIELDS if f != "village"])
    household.number = str(data.get("number") or "").strip()
    _full_clean(household, exclude=["number"])
    people = [_person_from(m, household, by) for m in members]
    if not people:
        raise ValidationError({"members": "至少需要一名家庭成员（户主）"})
    _check_heads(people)
    seen: set[str] = set()
    for person in people:
        if person.id_number in seen:
            raise ValidationError({"id_number": f"身份证号 {person.masked_id} 在本户中重复"})
        seen.add(person.id_number)
        _full_clean(person, exclude=["household"])
    with transaction.atomic():
        if not household.number:
            household.number = next_household_number(village.code)
        elif Household.objects.filter(number=household.number).exists():
            raise ValidationError({"number": f"户编号“{household.number}”已存在"})
        for person in people:
            check_id_free(person.id_number, by=by, household=household)
        household.save()
        for person in people:
            person.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=household,
            changes={k: [None, v] for k, v in snapshot(household, ["number", *HOUSEHOLD_FIELDS]).items()},
            household_id=household.pk,
            area_code=village.code,
        )
        for person in people:
            _audit_person(by, person, AuditEntry.Action.CREATE, {}, snapshot(person, PERSON_FIELDS))
        _counts_changed(village.code)
    return household


def household_update(
    *, by: Any, household: Household, data: Mapping[str, Any], expected_version: int | None = None
) -> Household:
    """Change a household's facts. ``expected_version`` guards against overwriting someone else's edit."""
    _require_editor(by, household.village_id)
    with transaction.atomic():
        current = Household.objects.select_for_update().get(pk=household.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError("该户信息已被他人修改，请刷新后重试", code="conflict")
        before = snapshot(current, HOUSEHOLD_FIELDS)
        if "village_code" in data or "village" in data:
            current.village = resolve_village(data.get("village_code") or data.get("village"), by=by)
        _apply(current, data, [f for f in HOUSEHOLD_FIELDS if f != "village"])
        _full_clean(current)
        changes = diff(before, snapshot(current, HOUSEHOLD_FIELDS))
        if not changes:
            return current
        current.updated_by = by
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes=changes,
            household_id=current.pk,
            area_code=current.village_id,
        )
        _counts_changed(household.village_id, current.village_id)
    return current


def _counts_changed(*village_codes: str) -> None:
    """The workbench counts of these villages and the areas above them are stale once this commits, and so is
    what other apps derive from their households (``villages_changed``: the reports' income summary)."""
    villages = set(village_codes)
    for code in villages:
        transaction.on_commit(functools.partial(forget_area_counts, code))
    transaction.on_commit(functools.partial(villages_changed.send, sender=Household, villages=villages))


def _audit_person(by: Any, person: Person, action: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    changes = diff(before, after)
    if "身份证号" in changes:
        changes["身份证号"] = [_masked(v) for v in changes["身份证号"]]
    audit_entry(
        actor=by,
        action=action,
        obj=person,
        changes=changes,
        household_id=person.household_id,
        area_code=person.household.village_id,
    )


def _masked(value: Any) -> Any:
    from shoudi.registry.idnumber import mask

    return mask(value) if isinstance(value, str) else value


def person_add(*, by: Any, household: Household, data: Mapping[str, Any]) -> Person:
    _require_editor(by, household.village_id)
    person = _person_from(data, household, by)
    _full_clean(person, exclude=["household"])
    with transaction.atomic():
        check_id_free(person.id_number, by=by, household=household)
        members = [*household.members.all(), person]
        _check_heads(members)
        try:
            person.save()
        except IntegrityError:
            raise ValidationError({"id_number": "身份证号已被其他成员使用"}) from None
        _audit_person(by, person, AuditEntry.Action.CREATE, {}, snapshot(person, PERSON_FIELDS))
        _counts_changed(household.village_id)
    return person


def person_update(*, by: Any, person: Person, data: Mapping[str, Any]) -> Person:
    _require_editor(by, person.household.village_id)
    with transaction.atomic():
        current = Person.objects.select_for_update().select_related("household").get(pk=person.pk)
        before = snapshot(current, PERSON_FIELDS)
        _apply(current, data, [f for f in PERSON_INPUT_FIELDS if f != "id_number"])
        if "id_number" in data:
            apply_id_number(current, data["id_number"])
            check_id_free(current.id_number, by=by, household=current.household, exclude_person=current.pk)
        _full_clean(current, exclude=["household"])
        others = [m for m in current.household.members.exclude(pk=current.pk)]
        _check_heads([*others, current])
        after = snapshot(current, PERSON_FIELDS)
        if before == after:
            return current
        current.updated_by = by
        current.save()
        _audit_person(by, current, AuditEntry.Action.UPDATE, before, after)
    return current


def person_remove(*, by: Any, person: Person, reason: str) -> None:
    """Remove a member (death, moved out…). The reason is required and kept in the history."""
    _require_editor(by, person.household.village_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写移除原因"})
    if person.relationship == codes.Relationship.HEAD:
        raise ValidationError({"relationship": "不能直接移除户主，请先变更户主"})
    with transaction.atomic():
        before = snapshot(person, PERSON_FIELDS)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.DELETE,
            obj=person,
            changes={k: [v, None] for k, v in before.items() if k != "身份证号"},
            household_id=person.household_id,
            area_code=person.household.village_id,
            reason=reason,
        )
        person.delete()
        _counts_changed(person.household.village_id)


def parse_month(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip().replace("/", "-").replace("年", "-").replace("月", "")
    try:
        year, month = (int(p) for p in text.split("-")[:2])
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError({"month": f"月份“{value}”格式应为 YYYY-MM"}) from None


def parse_amount(value: Any, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"金额“{value}”不是有效数字"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"金额“{value}”不是有效数字"})
    if amount < 0:
        raise ValidationError({field: "金额不能为负数"})
    return amount.quantize(Decimal("0.01"))


def finance_set(*, by: Any, household: Household, month: Any, item: str, amount: Any) -> FinanceRecord | None:
    """Set one month's amount of one item (0 removes it). Audited like every other change."""
    _require_editor(by, household.village_id)
    if item not in codes.ITEM_KIND:
        raise ValidationError({"item": f"收支项目“{item}”不在代码表中"})
    month_date = parse_month(month)
    value = parse_amount(amount)
    flow, kind = codes.ITEM_KIND[item]
    label = dict(codes.item_choices())[item]
    with transaction.atomic():
        record = (
            FinanceRecord.objects.select_for_update().filter(household=household, month=month_date, item=item).first()
        )
        before = record.amount if record else None
        if value == 0:
            if record:
                record.delete()
            result = None
        elif record:
            record.amount = value
            record.save(update_fields=["amount"])
            result = record
        else:
            result = FinanceRecord.objects.create(
                household=household, month=month_date, item=item, flow=flow, kind=kind, amount=value
            )
        after = value if value else None
        if before != after:
            audit_entry(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=household,
                changes={f"{month_date:%Y-%m} {label}": [_money(before), _money(after)]},
                household_id=household.pk,
                area_code=household.village_id,
            )
            _counts_changed(household.village_id)
    return result


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def person_reveal(*, by: Any, person: Person, where: str) -> Person:
    """Show ``by`` the full ID number and phone of ``person``: only roles that need them, and every look is
    logged (who, whom, from where) in the household's history."""
    require(by, Capability.REVEAL_ID)
    if not code_in_user_area(by, person.household.village_id):
        raise PermissionDenied("不在您负责的区域内")
    audit_entry(
        actor=by,
        action=AuditEntry.Action.REVEAL,
        obj=person,
        household_id=person.household_id,
        area_code=person.household.village_id,
        reason=where,
    )
    return person
