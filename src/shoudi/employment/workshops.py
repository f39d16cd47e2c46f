"""就业帮扶车间 (workshops): recognising an employer as a workshop, editing it, the subsidies it received and the
yearly check that it still qualifies (年度复核).

A workshop is an ``Employer`` of the area (an existing one, or one created here of kind 就业帮扶车间) in a village,
possibly at a relocation site. The people it employs are those whose ``Work`` names its employer. The yearly
review counts the spells that overlap the year — everyone, and those of 脱贫户 or of households under monitoring
during the year — and compares them with the county's ``workshop_min_employed`` / ``workshop_min_priority``; the
officer confirms (one review a year); a workshop that no longer qualifies loses its recognition."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shoudi.core.access import code_in_user_area, in_area
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.employment import codes, params
from shoudi.employment.access import MANAGE_JOBS, require_may
from shoudi.employment.models import Employer, Work, Workshop, WorkshopReview, WorkshopSubsidy
from shoudi.monitoring.models import Case
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes

FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)
WORKSHOP_FIELDS = [
    "name",
    "village",
    "at_relocation_site",
    "relocation_site",
    "industry",
    "jobs",
    "recognised_on",
    "recognised_by",
    "status",
]
MAX_AMOUNT = Decimal("1e10")
MAX_JOBS = 100_000


@dataclass(frozen=True)
class WorkshopInput:
    name: str
    village: str  # the village (社区) code
    industry: str
    jobs: int
    recognised_on: dt.date
    recognised_by: str = "县人力资源和社会保障局"
    at_relocation_site: bool = False
    relocation_site: str = ""


@dataclass(frozen=True)
class NewEmployer:
    """The workshop's operator when it is not yet in the job database (created of kind 就业帮扶车间)."""

    name: str
    credit_code: str = ""
    contact: str = ""
    phone: str = ""


def _village(by: Any, code: str) -> Region:
    text = str(code or "")
    found = (
        Region.objects.filter(code=text, level=Level.VILLAGE).first() if text.isdigit() and len(text) == 12 else None
    )
    if found is None or not code_in_user_area(by, found.code):
        raise ValidationError({"village": "请选择本辖区内的村（社区）"})
    return found


def _facts(by: Any, entry: WorkshopInput) -> dict[str, Any]:
    village = _village(by, entry.village)
    site = clean_text(entry.relocation_site, field="relocation_site", label="安置点名称", max_length=100)
    if entry.at_relocation_site and not site:
        raise ValidationError({"relocation_site": "位于易地搬迁安置点的车间请填写安置点名称"})
    if not 0 <= entry.jobs <= MAX_JOBS:
        raise ValidationError({"jobs": f"就业岗位数应在0–{MAX_JOBS}之间"})
    if entry.recognised_on > timezone.localdate():
        raise ValidationError({"recognised_on": "认定日期不能晚于今天"})
    if entry.recognised_on.year < 2016:
        raise ValidationError({"recognised_on": "认定日期应在2016年以后"})
    return {
        "name": clean_text(entry.name, field="name", label="车间名称", max_length=200, required=True),
        "village": village,
        "industry": clean_text(entry.industry, field="industry", label="主营业务", max_length=100, required=True),
        "jobs": entry.jobs,
        "recognised_on": entry.recognised_on,
        "recognised_by": clean_text(
            entry.recognised_by, field="recognised_by", label="认定部门", max_length=50, required=True
        ),
        "at_relocation_site": entry.at_relocation_site,
        "relocation_site": site if entry.at_relocation_site else "",
    }


def _employer(by: Any, village: Region, employer_id: Any, new: NewEmployer | None) -> Employer:
    if employer_id:
        try:
            key = uuid.UUID(str(employer_id))
        except ValueError:
            raise ValidationError({"employer": "请选择本辖区的用工主体"}) from None
        found = Employer.objects.filter(in_area("area_id", by.area_id), pk=key, active=True).first()
        if found is None:
            raise ValidationError({"employer": "请选择本辖区的用工主体"})
        if Workshop.objects.filter(employer=found).exists():
            raise ValidationError({"employer": f"“{found.name}”已认定为就业帮扶车间"})
        return found
    if new is None or not new.name.strip():
        raise ValidationError({"employer_name": "请选择已有的用工主体，或填写新的经营主体名称"})
    name = clean_text(new.name, field="employer_name", label="经营主体名称", max_length=200, required=True)
    if Employer.objects.filter(area=village, name=name).exists():
        raise ValidationError({"employer_name": f"本村已有名为“{name}”的用工主体，请直接选择"})
    credit = clean_text(new.credit_code, field="credit_code", label="统一社会信用代码", max_length=18)
    if credit and (len(credit) != 18 or not credit.isalnum()):
        raise ValidationError({"credit_code": "统一社会信用代码应为18位数字或字母"})
    employer = Employer(
        name=name,
        kind=codes.EmployerKind.WORKSHOP,
        credit_code=credit.upper(),
        area=village,
        contact=clean_text(new.contact, field="contact", label="联系人", max_length=50),
        phone=clean_text(new.phone, field="phone", label="联系电话", max_length=20),
    )
    return audited_create(employer, by=by, area_code=village.code)


def workshop_create(
    *, by: Any, entry: WorkshopInput, employer_id: Any = None, new_employer: NewEmployer | None = None
) -> Workshop:
    """Recognise a workshop in a village of ``by``'s area, run by an existing employer or a new one."""
    require_may(by, MANAGE_JOBS)
    facts = _facts(by, entry)
    require_may(by, MANAGE_JOBS, facts["village"].code)
    with transaction.atomic():
        employer = _employer(by, facts["village"], employer_id, new_employer)
        workshop = Workshop(employer=employer, **facts)
        return audited_create(workshop, by=by, fields=WORKSHOP_FIELDS, area_code=workshop.village_id)


def workshop_update(*, by: Any, workshop: Workshop, entry: WorkshopInput, expected_version: int | None) -> Workshop:
    require_may(by, MANAGE_JOBS, workshop.village_id)
    facts = _facts(by, entry)
    updated, _ = audited_update(
        workshop,
        by=by,
        changes=facts,
        fields=WORKSHOP_FIELDS,
        expected_version=expected_version,
        area_code=workshop.village_id,
        conflict_message="该车间已被他人修改，请刷新后重试",
    )
    return updated


def subsidy_add(
    *, by: Any, workshop: Workshop, kind: str, amount: Decimal, received_on: dt.date, document_no: str = ""
) -> WorkshopSubsidy:
    require_may(by, MANAGE_JOBS, workshop.village_id)
    if kind not in codes.SubsidyKind.values:
        raise ValidationError({"kind": "请选择补贴类型"})
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": "金额应大于0"})
    if amount >= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "金额超出合理范围或超过两位小数"})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "拨付日期不能晚于今天"})
    row = WorkshopSubsidy(
        workshop=workshop,
        kind=kind,
        amount=amount.quantize(Decimal("0.01")),
        received_on=received_on,
        document_no=clean_text(document_no, field="document_no", label="文号", max_length=50),
    )
    return audited_create(row, by=by, area_code=workshop.village_id)


# ---- who a workshop employs -------------------------------------------------------------------------------


def monitored_between(household_ref: str, start: dt.date, end: dt.date) -> Exists:
    """The household was under monitoring (entered, not yet ended) at some day between ``start`` and ``end``."""
    cases = Case.objects.filter(household_id=OuterRef(household_ref), period_start__isnull=False)
    cases = cases.filter(period_start__lte=end).filter(Q(period_end__isnull=True) | Q(period_end__gte=start))
    return Exists(cases)


def priority_q(household_ref: str, status_field: str, start: dt.date, end: dt.date) -> Q:
    """A member of a 脱贫户 or of a household under monitoring between ``start`` and ``end``."""
    return Q(**{f"{status_field}__in": FORMER_POOR}) | Q(monitored_between(household_ref, start, end))


def spells_between(workshop: Workshop, start: dt.date, end: dt.date) -> QuerySet[Work]:
    """The workshop's work spells that overlap ``start``–``end``."""
    overlapping = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return Work.objects.filter(overlapping, employer_id=workshop.employer_id)


def employed_between(workshop: Workshop, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(people employed, of them 脱贫/监测) by the workshop at some time between ``start`` and ``end``."""
    qs = spells_between(workshop, start, end).annotate(
        priority=priority_q("person__household_id", "person__household__status", start, end)
    )
    people = set(qs.values_list("person_id", flat=True))
    priority = set(qs.filter(priority=True).values_list("person_id", flat=True))
    return len(people), len(priority)


@dataclass(frozen=True)
class Proposal:
    year: int
    employed: int
    employed_priority: int
    min_employed: int
    min_priority: int
    qualifies: bool
    criteria: str


def review_proposal(workshop: Workshop, year: int, today: dt.date | None = None) -> Proposal:
    """The year's figures against the county's criteria: 继续认定 when both minimums are met."""
    today = today or timezone.localdate()
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    employed, priority = employed_between(workshop, start, end) if start <= end else (0, 0)
    on = min(dt.date(year, 12, 31), today)
    need = params.integer("workshop_min_employed", workshop.village_id, on)
    need_priority = params.integer("workshop_min_priority", workshop.village_id, on)
    criteria = f"吸纳就业不少于{need}人，其中脱贫人口和监测对象不少于{need_priority}人"
    source = params.resolved("workshop_min_employed", workshop.village_id, on).record.source
    if source:
        criteria = f"{criteria}（{source}）"
    return Proposal(
        year=year,
        employed=employed,
        employed_priority=priority,
        min_employed=need,
        min_priority=need_priority,
        qualifies=employed >= need and priority >= need_priority,
        criteria=criteria[:200],
    )


def review_confirm(*, by: Any, workshop: Workshop, year: int, qualifies: bool, note: str = "") -> WorkshopReview:
    """The officer's 年度复核: the year's figures are computed again, the decision is the officer's (a decision
    against the proposal needs its reason); not qualifying withdraws the recognition."""
    require_may(by, MANAGE_JOBS, workshop.village_id)
    today = timezone.localdate()
    if not 2016 <= year <= today.year:
        raise ValidationError({"year": f"复核年度应在2016–{today.year}年之间"})
    note = clean_text(note, field="note", label="说明", max_length=300)
    proposal = review_proposal(workshop, year, today)
    if qualifies != proposal.qualifies and not note:
        raise ValidationError({"note": "复核结论与系统测算不一致，请在说明中写明理由"})
    if qualifies and workshop.status == codes.WorkshopStatus.WITHDRAWN:
        raise ValidationError({"qualifies": "该车间已取消认定，不能继续认定；如需恢复请重新认定"})
    with transaction.atomic():
        current = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if WorkshopReview.objects.filter(workshop=current, year=year).exists():
            raise ValidationError({"year": f"该车间{year}年度已复核"})
        review = WorkshopReview(
            workshop=current,
            year=year,
            employed=proposal.employed,
            employed_priority=proposal.employed_priority,
            qualifies=qualifies,
            criteria=proposal.criteria,
            note=note,
        )
        review = audited_create(review, by=by, area_code=current.village_id)
        if not qualifies and current.status != codes.WorkshopStatus.WITHDRAWN:
            audited_update(
                current,
                by=by,
                changes={"status": codes.WorkshopStatus.WITHDRAWN},
                fields=["status"],
                lock=False,
                area_code=current.village_id,
                reason=f"{year}年度复核不再符合认定条件",
            )
    return review
