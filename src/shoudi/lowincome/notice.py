"""The written notice of a stop (停止保障告知书, seed 003: 作出停止保障决定的应书面告知保障对象): what the printed A4
page and the API say. It names the household head, the layer, the decision and its date, the reason found on the
visit, the 民主评议, who decided and how to ask for a review — and never an ID number, a phone, a bank account or
anything about health (``NOTICE_FIELDS`` is all it carries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from shoudi.lowincome import cadence, codes
from shoudi.lowincome.models import FollowUp
from shoudi.lowincome.selectors_followup import heads
from shoudi.regions.models import Region

GENERIC_BODIES = frozenset({"", "县民政局", "县级民政部门", "民政局"})
APPEAL = (
    "如对本决定有异议，可自收到本告知书之日起 {days} 日内向{agency}申请复核，也可依法申请行政复议或者提起行政诉讼。"
)
AFTER = (
    "停止保障后，你户已纳入民政监测预警。家庭遇到新的困难，可随时向所在村（居）民委员会、乡镇人民政府（街道办事处）"
    "申请救助，或拨打 12345、12317 反映。"
)


@dataclass(frozen=True)
class StopNotice:
    notice_no: str
    head_name: str
    household_number: str
    place: str  # 乡镇 村
    layer: str
    layer_label: str
    visited_on: dt.date
    decided_on: dt.date
    notified_on: dt.date | None
    reason: str
    review_note: str
    agency: str
    decided_by: str
    appeal: str
    after: str

    def as_json(self) -> dict[str, object]:
        return asdict(self)


NOTICE_FIELDS = tuple(StopNotice.__dataclass_fields__)


def _names(codes_: list[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes_).values_list("code", "name"))


def _short(name: str) -> str:
    for suffix in ("村民委员会", "居民委员会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def agency_of(deciding_body: str, county_name: str) -> str:
    """The deciding body as the notice names it: the county's own name for the generic 县民政局."""
    body = (deciding_body or "").strip()
    if body in GENERIC_BODIES and county_name:
        return f"{county_name}民政局"
    return body or "县民政局"


def stop_notice(follow: FollowUp) -> StopNotice:
    """The notice of a 停止 follow-up (the caller checks the outcome and the reader's access)."""
    membership = follow.membership
    household = membership.household
    village = membership.village_id
    names = _names([village[:6], village[:9], village])
    county = names.get(village[:6], "")
    days, _ = cadence.whole_param("stop_appeal_days", village, follow.visited_on, upper=3650)
    agency = agency_of(membership.deciding_body, county)
    decider = follow.created_by
    return StopNotice(
        notice_no=follow.notice_no,
        head_name=heads([household.pk]).get(household.pk, "") or f"户编号 {household.number}",
        household_number=household.number,
        place=f"{names.get(village[:9], '')}{_short(names.get(village, ''))}",
        layer=membership.layer,
        layer_label=codes.StoredLayer(membership.layer).label,
        visited_on=follow.visited_on,
        decided_on=membership.ended_on or follow.visited_on,
        notified_on=follow.notified_on,
        reason=follow.findings,
        review_note=follow.review_note,
        agency=agency,
        decided_by=(getattr(decider, "display_name", "") or "") if decider else "",
        appeal=APPEAL.format(days=days, agency=agency),
        after=AFTER,
    )
