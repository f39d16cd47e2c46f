"""Writes of the household files (一户一档, seed 004): the file of a household (created on first use, numbered
per village), an entry proposed by the council with its evidence under a rule in force, and the correction of a
confirmed yellow record (黄榜可以靠改正行为来消除) that the next quarterly review confirms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.governance import codes
from shoudi.governance.access import require_council
from shoudi.governance.models import Entry, HouseholdFile, Rule
from shoudi.registry.models import Household

MAX_DESCRIPTION, MAX_EVIDENCE, MAX_CORRECTION = 300, 300, 300
MAX_AGE_DAYS = 366  # a deed older than a year is no longer proposed (the quarterly review looks at the recent past)
ENTRY_FIELDS = ["rule", "kind", "points", "deed_on", "description", "evidence", "status", "correction", "corrected_on"]


@dataclass(frozen=True)
class EntryInput:
    rule_id: Any
    deed_on: dt.date
    description: str
    evidence: str
    photo: Any = None


def file_for(household: Household, *, by: Any = None) -> HouseholdFile:
    """The household's file, opened now if it has none (number: village code and a sequence)."""
    found = HouseholdFile.objects.filter(household=household).first()
    if found is not None:
        return found
    for _attempt in range(5):
        count = HouseholdFile.objects.filter(village_id=household.village_id).count()
        try:
            with transaction.atomic():
                made = HouseholdFile(
                    household=household,
                    village_id=household.village_id,
                    number=f"{household.village_id}-{count + 1:04d}",
                    opened_on=timezone.localdate(),
                )
                return audited_create(
                    made, by=by, household_id=household.pk, area_code=household.village_id, reason="建立家庭文明档案"
                )
        except (IntegrityError, ValidationError):
            found = HouseholdFile.objects.filter(household=household).first()
            if found is not None:
                return found
    raise ValidationError("建立档案时编号冲突，请重试")


def active_rules(village_code: str) -> list[Rule]:
    """The rules in force in the village (of its adopted version)."""
    return list(
        Rule.objects.filter(rulebook__village_id=village_code, rulebook__status="adopted", active=True).order_by(
            "kind", "created_at"
        )
    )


def entry_propose(*, by: Any, household: Household, entry: EntryInput) -> Entry:
    """A council member records a deed of ``household`` under a rule in force; it awaits the quarterly review."""
    from shoudi.monitoring.uploads import validate_upload

    require_council(by, household.village_id)
    rules = {str(r.pk): r for r in active_rules(household.village_id)}
    rule = rules.get(str(entry.rule_id or ""))
    if rule is None:
        raise ValidationError({"rule": "请从本村现行细则中选择事项"})
    today = timezone.localdate()
    if entry.deed_on is None:
        raise ValidationError({"deed_on": "请填写事项发生日期"})
    if entry.deed_on > today:
        raise ValidationError({"deed_on": "事项发生日期不能晚于今天"})
    if entry.deed_on < today - dt.timedelta(days=MAX_AGE_DAYS):
        raise ValidationError({"deed_on": "一年以前的事项不再记入档案"})
    values = {
        "description": clean_text(
            entry.description, field="description", label="事项经过", max_length=MAX_DESCRIPTION, required=True
        ),
        "evidence": clean_text(
            entry.evidence, field="evidence", label="佐证材料", max_length=MAX_EVIDENCE, required=True
        ),
    }
    photo_type = validate_upload(entry.photo, field="photo", kinds=("jpg", "png")) if entry.photo else ""
    with transaction.atomic():
        file = file_for(household, by=by)
        made = Entry(
            file=file,
            village_id=household.village_id,
            rule=rule,
            kind=rule.kind,
            points=rule.points,
            deed_on=entry.deed_on,
            status=codes.EntryStatus.PROPOSED,
            photo_type=photo_type,
            **values,
        )
        if entry.photo:
            made.photo.save(str(getattr(entry.photo, "name", "photo")), entry.photo, save=False)
        return audited_create(
            made,
            by=by,
            fields=ENTRY_FIELDS,
            household_id=household.pk,
            area_code=household.village_id,
            reason="理事会成员记录，待季度评议",
        )


def entry_correct(*, by: Any, entry: Entry, correction: str, corrected_on: dt.date | None) -> Entry:
    """The household corrected a confirmed yellow record: it awaits the next review to be cleared."""
    require_council(by, entry.village_id)
    text = clean_text(correction, field="correction", label="整改情况", max_length=MAX_CORRECTION, required=True)
    if corrected_on is None:
        raise ValidationError({"corrected_on": "请填写整改日期"})
    if corrected_on > timezone.localdate():
        raise ValidationError({"corrected_on": "整改日期不能晚于今天"})
    if corrected_on < entry.deed_on:
        raise ValidationError({"corrected_on": f"整改日期不能早于事项发生日期（{entry.deed_on}）"})
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.kind != codes.Kind.YELLOW:
            raise ValidationError("只有黄榜记录可以通过整改消除")
        if current.status != codes.EntryStatus.CONFIRMED:
            raise ValidationError(f"该记录{current.get_status_display()}，不能登记整改")
        current, _ = audited_update(
            current,
            by=by,
            changes={
                "status": codes.EntryStatus.CLEARING,
                "correction": text,
                "corrected_on": corrected_on,
                "clear_review": None,
                "clear_decision": "",
                "clear_reason": "",
            },
            fields=ENTRY_FIELDS,
            lock=False,
            household_id=current.file.household_id,
            area_code=current.village_id,
            reason="登记整改，待季度评议确认消除",
        )
    return current
