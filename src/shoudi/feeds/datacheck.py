"""The household's department records for monitoring's 信息比对 step (registered in ``FeedsConfig.ready``).

Only records of applied batches that matched a member of the household are shown, with the batch they came
in with. Each record says which exclusion of seed 001 it would prove: a 小型轿车 (unless the registry judged the
household's car a production or low-value vehicle, with the reason recorded), a truck or excavator, a
commercial property, a business, public payroll. Medical records show the kind and the amounts, never a
diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.monitoring.datacheck import SOURCE_LABELS, DepartmentRecord

CAR = "家庭成员拥有享受型轿车"
TRUCK = "家庭成员拥有大中型货车或挖机等工程机械"
SHOP = "家庭成员拥有商品房或门面房"
BUSINESS = "家庭成员经商办企业"
PAYROLL = "家庭成员中有财政供养人员"


def _money(value: Any) -> str:
    return f"{value:,.2f} 元" if value is not None else ""


def _summary(r: FeedRecord) -> str:
    day = r.on.isoformat() if r.on else ""
    by_source: dict[str, list[str]] = {
        "vehicles": [r.category, f"登记日期 {day}"],
        "real_estate": [f"房屋用途：{r.category}", f"登记日期 {day}"],
        "market": [r.category or "市场主体", f"成立日期 {day}"],
        "payroll": [r.detail or "财政供养", f"自 {day}"],
        "medical_enrolment": [f"{r.year or ''}年度", r.status],
        "medical_claims": [f"{r.category}结算 {day}", f"合规自付 {_money(r.amount_oop)}"],
        "civil_assistance": [f"{r.category}{r.status}", day, _money(r.amount)],
    }
    parts = by_source.get(r.source, [r.category, r.status, day])
    return "，".join(p for p in parts if p)[:200]


def _exclusion(r: FeedRecord, car_judged: bool) -> str:
    if r.source == "vehicles":
        if r.category == "小型轿车":
            return "" if car_judged else CAR
        return TRUCK if r.category in ("大中型货车", "工程机械") else ""
    if r.source == "real_estate":
        return SHOP if r.category == "商业" else ""
    return {"market": BUSINESS, "payroll": PAYROLL}.get(r.source, "")


def household_records(household: Any) -> Iterator[DepartmentRecord]:
    car_judged = bool(getattr(household, "other_car", "")) and not household.leisure_car
    records = (
        FeedRecord.objects.filter(household=household, source__in=SOURCE_LABELS, batch__status=FeedBatch.Status.APPLIED)
        .select_related("batch", "person")
        .order_by("source", "on", "id")
    )
    for r in records:
        batch = r.batch
        yield DepartmentRecord(
            key=f"feed:{r.pk}",
            source=r.source,
            on=r.on or (batch.period_to if batch else None),
            batch=f"{batch.file_name or '部门数据'}（{batch.created_at:%Y-%m-%d}导入，第{r.row}行）",
            person=r.person.name if r.person else r.name,
            summary=_summary(r),
            exclusion=_exclusion(r, car_judged),
        )
