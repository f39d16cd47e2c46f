"""以工代赈: the labourers a project of the library marked 以工代赈 engages, month by month, with days, pay due
and pay paid; and the warning when pay lags (seed 003/004: 及时足额发放劳务报酬).

- ``relief_month_save``: a month sheet of a project — every row checked first, each error naming its row
  (第n行), then all rows written in one transaction or none. A row of a labourer already on the sheet of that
  month is updated. The labourers are people of the project's area (its village, township or county).
- Engaging a labourer of a household under monitoring adds a 就业帮扶 measure to its case, once per project.
- ``lagging_q``: a row whose month ended more than ``relief_pay_lag_days`` ago and is not paid in full.
- ``relief_project_mark``: mark (or unmark) a project of the library as 以工代赈 at any stage of its life."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from shoudi.assistance.models import Measure
from shoudi.core.access import Capability, can, in_area
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.employment import measures, params
from shoudi.employment.access import RECORD_RELIEF_WORK, require_may
from shoudi.employment.models import ReliefWork
from shoudi.employment.months import month_end, month_start
from shoudi.monitoring.common import open_case_of
from shoudi.projects.models import Project
from shoudi.registry.idnumber import normalize
from shoudi.registry.models import Person

CENT = Decimal("0.01")
MAX_PAY = Decimal("1e7")  # a month's pay of one labourer
ROW_FIELDS = ["project", "person", "village", "month", "days", "pay_due", "pay_paid", "paid_on", "note"]
PREFIX = "rows"


@dataclass(frozen=True)
class ReliefRowInput:
    """One labourer's month: by the person's id (a labourer already engaged) or by ID number (a new one)."""

    person_id: uuid.UUID | None = None
    id_number: str = ""
    days: int = 0
    pay_due: Decimal = Decimal(0)
    pay_paid: Decimal = Decimal(0)
    paid_on: dt.date | None = None
    note: str = ""
    line: int | None = None  # the row's place on the sheet (0-based), when blank rows were left out


def lag_days(area_code: str, on: dt.date) -> int:
    return params.integer("relief_pay_lag_days", area_code, on)


def lag_cutoff(today: dt.date, days: int) -> dt.date:
    """Rows of months before this day's month ended more than ``days`` days before ``today``."""
    return month_start(today - dt.timedelta(days=days))


def lagging_q(today: dt.date, days: int, prefix: str = "") -> Q:
    """A row whose month ended more than ``days`` days ago with less paid than due."""
    return Q(**{f"{prefix}month__lt": lag_cutoff(today, days), f"{prefix}pay_paid__lt": F(f"{prefix}pay_due")})


def is_lagging(row: ReliefWork, today: dt.date, days: int) -> bool:
    return row.month < lag_cutoff(today, days) and row.pay_paid < row.pay_due


def labourers(project: Project) -> Any:
    """The people who may be engaged on ``project``: those of its area."""
    return Person.objects.filter(in_area("household__village_id", project.area_id))


def _money(value: Decimal | None, label: str) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if not value.is_finite() or value < 0:
        raise ValidationError(f"{label}不能为负数")
    if value >= MAX_PAY:
        raise ValidationError(f"{label}超出合理范围")
    if value != value.quantize(CENT):
        raise ValidationError(f"{label}最多保留两位小数")
    return value.quantize(CENT)


class _Rows:
    """The sheet's errors, each under its row's field (``rows-0-days``) and saying the row number."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, i: int, field: str, message: str) -> None:
        self.errors.setdefault(f"{PREFIX}-{i}-{field}", []).append(f"第{i + 1}行：{message}")


def _person(project: Project, row: ReliefRowInput) -> Person | None:
    pool = labourers(project).select_related("household")
    if row.person_id is not None:
        return pool.filter(pk=row.person_id).first()
    number = normalize(row.id_number or "")
    if not number or len(number) > 18 or not number[:17].isdigit():
        return None
    return pool.filter(id_number=number).first()


def _check_row(project: Project, month: dt.date, today: dt.date, i: int, row: ReliefRowInput, out: _Rows) -> Any:
    """The row's values (person, days, due, paid, paid_on, note), or None after its errors are added."""
    ok = True
    if "\x00" in (row.id_number or ""):
        out.add(i, "id_number", "身份证号含有不可见的空字符")
        return None
    person = _person(project, row)
    if person is None:
        where = "务工群众" if row.person_id is not None else "身份证号"
        out.add(i, "person" if row.person_id is not None else "id_number", f"{where}不是本项目所在区域的群众")
        ok = False
    last = month_end(month).day
    if not 0 < row.days <= last:
        out.add(i, "days", f"务工天数应在1–{last}天之间")
        ok = False
    values: dict[str, Any] = {}
    for name, label in (("pay_due", "应发劳务报酬"), ("pay_paid", "实发劳务报酬")):
        try:
            values[name] = _money(getattr(row, name), label)
        except ValidationError as exc:
            out.add(i, name, exc.messages[0])
            ok = False
    if ok and values["pay_due"] <= 0:
        out.add(i, "pay_due", "应发劳务报酬应大于0")
        ok = False
    if ok and values["pay_paid"] > values["pay_due"]:
        out.add(i, "pay_paid", "实发劳务报酬不能超过应发")
        ok = False
    if values.get("pay_paid") and row.paid_on is None:
        out.add(i, "paid_on", "已发放的请填写发放日期")
        ok = False
    if row.paid_on is not None and not month <= row.paid_on <= today:
        out.add(i, "paid_on", f"发放日期应在 {month.isoformat()} 至今天之间")
        ok = False
    try:
        note = clean_text(row.note, field="note", label="备注", max_length=200)
    except ValidationError as exc:
        out.add(i, "note", exc.messages[0])
        ok = False
    if not ok:
        return None
    return person, values["pay_due"], values["pay_paid"], note


def relief_month_save(*, by: Any, project: Project, month: dt.date, rows: Sequence[ReliefRowInput]) -> list[ReliefWork]:
    """Write the month sheet of ``project``: all rows or none."""
    require_may(by, RECORD_RELIEF_WORK, project.area_id)
    if not project.relief_work:
        raise ValidationError({"month": "该项目未标记为以工代赈项目"})
    today = timezone.localdate()
    month = month_start(month)
    if month > month_start(today):
        raise ValidationError({"month": "务工月份不能晚于本月"})
    if month.year < 2016:
        raise ValidationError({"month": "务工月份应在2016年以后"})
    if not rows:
        raise ValidationError({"month": "请至少填写一名务工群众"})
    out = _Rows()
    checked: list[tuple[Person, ReliefRowInput, Decimal, Decimal, str]] = []
    seen: dict[uuid.UUID, int] = {}
    for n, row in enumerate(rows):
        i = row.line if row.line is not None else n
        found = _check_row(project, month, today, i, row, out)
        if found is None:
            continue
        person, due, paid, note = found
        if person.pk in seen:
            out.add(i, "id_number", f"与第{seen[person.pk] + 1}行是同一人")
            continue
        seen[person.pk] = i
        checked.append((person, row, due, paid, note))
    if out.errors:
        raise ValidationError(out.errors)
    saved: list[ReliefWork] = []
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        for person, row, due, paid, note in checked:
            saved.append(_save(by, project, month, person, row, due, paid, note))
        for person, *_rest in checked:
            _link_measure(by, project, person, month)
    return saved


def _save(
    by: Any,
    project: Project,
    month: dt.date,
    person: Person,
    row: ReliefRowInput,
    due: Decimal,
    paid: Decimal,
    note: str,
) -> ReliefWork:
    village = person.household.village_id
    changes = {"days": row.days, "pay_due": due, "pay_paid": paid, "paid_on": row.paid_on, "note": note}
    current = ReliefWork.objects.filter(project=project, person=person, month=month).first()
    if current is not None:
        updated, _ = audited_update(
            current, by=by, changes=changes, household_id=person.household_id, area_code=village, lock=True
        )
        return updated
    entry = ReliefWork(project=project, person=person, village_id=village, month=month, **changes)
    return audited_create(entry, by=by, fields=ROW_FIELDS, household_id=person.household_id, area_code=village)


def measure_content(project: Project) -> str:
    return f"以工代赈：{project.name}"[:500]


def _link_measure(by: Any, project: Project, person: Person, month: dt.date) -> None:
    """A 就业帮扶 measure of the person's monitoring case, once per project."""
    case = open_case_of(person.household)
    if case is None:
        return
    content = measure_content(project)
    if Measure.objects.filter(case=case, kind=measures.EMPLOYMENT, person=person, content=content).exists():
        return
    measures.link(by=by, person=person, kind=measures.EMPLOYMENT, start=month, content=content)


def relief_project_mark(*, by: Any, project: Project, relief_work: bool) -> Project:
    """Mark a project as carried out by 以工代赈 (or not) at any stage; unmarking a project with labourers on
    record is refused."""
    require_may(by, RECORD_RELIEF_WORK, project.area_id)
    if not can(by, Capability.MANAGE_PROJECTS) and not can(by, Capability.REVIEW_PROJECTS):
        raise ValidationError({"relief_work": "标记以工代赈项目由县、乡镇项目管理部门办理"})
    if not relief_work and ReliefWork.objects.filter(project=project).exists():
        raise ValidationError({"relief_work": "该项目已有以工代赈务工记录，不能取消标记"})
    updated, _ = audited_update(
        project,
        by=by,
        changes={"relief_work": relief_work},
        fields=["relief_work"],
        area_code=project.area_id,
        clean_exclude=["code"],
    )
    return updated
