"""Writes to the base database. Every write checks role and area, runs in one transaction, and leaves an
audit entry with before → after (``core.audit``), so the household page can show its whole history.

Input is typed (``registry.inputs``): the page forms and the API schemas build it; these functions decide."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shoudi.core.access import Capability, code_in_user_area, require
from shoudi.core.audit import audit_entry, audited_create, audited_delete, audited_update
from shoudi.core.models import AuditEntry
from shoudi.core.reveal import revealed
from shoudi.regions.models import Level, Region
from shoudi.registry import codes, extensions
from shoudi.registry.idnumber import ID_UNUSABLE, IdNumberError, mask, parse
from shoudi.registry.inputs import HOUSEHOLD_KEYS, PERSON_KEYS, HouseholdInput, PersonInput, refuse_unknown
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
# The ID number is masked wherever a diff keeps it (the audit log is read by roles that may not see it).
ID_MASK = {str(Person._meta.get_field("id_number").verbose_name): mask}
CONFLICT = "该户信息已被他人修改，请刷新后重试"
WORK_PLACE_LABEL = str(Person._meta.get_field("work_place").verbose_name)  # its key in an audit diff


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


def id_fields(raw: str | None, *, today: dt.date | None = None) -> dict[str, Any]:
    """The ID number, normalised, and what follows from it (birth date and sex); an error on ``id_number``."""
    try:
        info = parse(str(raw or ""), today=today)
    except IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    sex = codes.Sex.MALE if info.sex == "男" else codes.Sex.FEMALE
    return {"id_number": info.number, "birth_date": info.birth_date, "sex": sex}


def check_id_free(number: str, *, by: Any, household: Household | None, exclude_person: Any = None) -> None:
    """A person belongs to at most one household; a conflict names both — when the other household lies in
    the actor's area. Outside it the message (``ID_UNUSABLE``) says only that the number cannot be used and to
    ask the county: an ID number typed into a form must not confirm that the person is registered elsewhere."""
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
        message = ID_UNUSABLE
    raise ValidationError({"id_number": message})


def _full_clean(instance: Any, exclude: Sequence[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _check_heads(members: Sequence[Person]) -> None:
    heads = [m for m in members if m.relationship == codes.Relationship.HEAD]
    if len(heads) != 1:
        raise ValidationError({"relationship": f"每户必须有且只有一位户主，当前有{len(heads)}位"})


def _household_values(data: HouseholdInput) -> dict[str, Any]:
    refuse_unknown(data, HOUSEHOLD_KEYS, "农户")
    return {name: data[name] for name in HOUSEHOLD_FIELDS if name in data}  # type: ignore[literal-required]


def _person_values(data: PersonInput) -> dict[str, Any]:
    refuse_unknown(data, PERSON_KEYS, "家庭成员")
    values = {name: data[name] for name in PERSON_INPUT_FIELDS if name in data and name != "id_number"}  # type: ignore[literal-required]
    if "id_number" in data:
        values.update(id_fields(data["id_number"]))
    return values


def _new_person(data: PersonInput, household: Household) -> Person:
    if "id_number" not in data:
        raise ValidationError({"id_number": "身份证号不能为空"})
    return Person(household=household, **_person_values(data))


def household_create(*, by: Any, data: HouseholdInput, members: Sequence[PersonInput]) -> Household:
    """Create a household with its members (the head among them) in one transaction."""
    require(by, Capability.EDIT_HOUSEHOLDS)
    village = resolve_village(data.get("village_code"), by=by)
    household = Household(village=village, number=str(data.get("number") or "").strip(), **_household_values(data))
    _full_clean(household, exclude=["number"])
    people = [_new_person(m, household) for m in members]
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
        audited_create(
            household, by=by, fields=["number", *HOUSEHOLD_FIELDS], household_id=household.pk, area_code=village.code
        )
        for person in people:
            person.household = household
            audited_create(
                person, by=by, fields=PERSON_FIELDS, mask=ID_MASK, household_id=household.pk, area_code=village.code
            )
        _counts_changed(village.code)
    return household


def household_update(
    *, by: Any, household: Household, data: HouseholdInput, expected_version: int | None = None
) -> Household:
    """Change a household's facts. ``expected_version`` guards against overwriting someone else's edit."""
    require(by, Capability.EDIT_HOUSEHOLDS, household.village_id)
    if "number" in data:
        raise ValidationError({"number": "户编号不能修改"})
    changes = _household_values(data)
    area = household.village_id
    if "village_code" in data:
        changes["village"] = resolve_village(data["village_code"], by=by)
        area = changes["village"].code
    with transaction.atomic():
        current, diffs = audited_update(
            household,
            by=by,
            changes=changes,
            fields=HOUSEHOLD_FIELDS,
            expected_version=expected_version,
            household_id=household.pk,
            area_code=area,
            conflict_message=CONFLICT,
        )
        if diffs:
            _counts_changed(household.village_id, current.village_id)
    return current


def _counts_changed(*village_codes: str) -> None:
    """The workbench counts of these villages and the areas above them are stale once this commits, and so is
    what other apps derive from their households (``villages_changed``: the reports' income summary)."""
    villages = set(village_codes)
    for code in villages:
        transaction.on_commit(functools.partial(forget_area_counts, code))
    transaction.on_commit(functools.partial(villages_changed.send, sender=Household, villages=villages))


def person_add(*, by: Any, household: Household, data: PersonInput) -> Person:
    require(by, Capability.EDIT_HOUSEHOLDS, household.village_id)
    person = _new_person(data, household)
    _full_clean(person, exclude=["household"])
    with transaction.atomic():
        check_id_free(person.id_number, by=by, household=household)
        _check_heads([*household.members.all(), person])
        try:
            audited_create(
                person,
                by=by,
                fields=PERSON_FIELDS,
                mask=ID_MASK,
                household_id=household.pk,
                area_code=household.village_id,
            )
        except IntegrityError:
            raise ValidationError({"id_number": ID_UNUSABLE}) from None
        _counts_changed(household.village_id)
        if person.work_place:
            extensions.person_work_changed(by=by, person=person)
    return person


def person_update(*, by: Any, person: Person, data: PersonInput) -> Person:
    village = person.household.village_id
    require(by, Capability.EDIT_HOUSEHOLDS, village)
    changes = _person_values(data)
    if "id_number" in changes:
        check_id_free(changes["id_number"], by=by, household=person.household, exclude_person=person.pk)

    def one_head(current: Person) -> None:
        _check_heads([*Person.objects.filter(household_id=current.household_id).exclude(pk=current.pk), current])

    with transaction.atomic():
        current, diffs = audited_update(
            person,
            by=by,
            changes=changes,
            fields=PERSON_FIELDS,
            validate=one_head,
            clean_exclude=["household"],
            household_id=person.household_id,
            area_code=village,
            mask=ID_MASK,
        )
        if diffs:
            _counts_changed(village)
        if WORK_PLACE_LABEL in diffs:
            extensions.person_work_changed(by=by, person=current)
    return current


def person_remove(*, by: Any, person: Person, reason: str) -> Person:
    """Remove a member (death, moved out…). The reason is required and kept in the history. Returns the
    removed member (no longer stored)."""
    village = person.household.village_id
    require(by, Capability.EDIT_HOUSEHOLDS, village)
    if not reason.strip():
        raise ValidationError({"reason": "请填写移除原因"})
    if person.relationship == codes.Relationship.HEAD:
        raise ValidationError({"relationship": "不能直接移除户主，请先变更户主"})
    with transaction.atomic():
        audited_delete(
            person,
            by=by,
            fields=PERSON_FIELDS,
            mask=ID_MASK,
            household_id=person.household_id,
            area_code=village,
            reason=reason.strip(),
        )
        _counts_changed(village)
    return person


def parse_month(value: dt.date | str | None) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip().replace("/", "-").replace("年", "-").replace("月", "")
    try:
        year, month = (int(p) for p in text.split("-")[:2])
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError({"month": f"月份“{value}”格式应为 YYYY-MM"}) from None


def parse_amount(value: Decimal | int | str | None, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"金额“{value}”不是有效数字"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"金额“{value}”不是有效数字"})
    if amount < 0:
        raise ValidationError({field: "金额不能为负数"})
    return amount.quantize(Decimal("0.01"))


def finance_set(
    *,
    by: Any,
    household: Household,
    month: dt.date | str | None,
    item: str,
    amount: Decimal | int | str | None,
) -> FinanceRecord | None:
    """Set one month's amount of one item (0 removes it). The change is audited on the household."""
    require(by, Capability.EDIT_HOUSEHOLDS, household.village_id)
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


def household_phone_reveal(*, by: Any, household: Household, where: str) -> str:
    """The full phone of ``household`` for a role that calls households (``REVEAL_PHONE``: the village contact,
    the 帮扶责任人, township and county; not the 村两委); every look is logged in the household's history."""
    return revealed(
        household.phone,
        by=by,
        capability=Capability.REVEAL_PHONE,
        obj=household,
        area_code=household.village_id,
        reason=where,
        household_id=household.pk,
    )


def person_reveal(*, by: Any, person: Person, where: str) -> Person:
    """Show ``by`` the full ID number and phone of ``person``: only roles that need them, and every look is
    logged (who, whom, from where) in the household's history."""
    return revealed(
        person,
        by=by,
        capability=Capability.REVEAL_ID,
        obj=person,
        area_code=person.household.village_id,
        reason=where,
        household_id=person.household_id,
    )
