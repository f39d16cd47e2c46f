"""社会监督 in the monthly and annual reports: the complaints and reports (12317 hotline, letters, visits, the
public page) of the period, by row — received, closed, closed after the deadline, open past the deadline at the
period's end, turned into risk leads. One grouped query over ``complaints.Complaint``; a complaint counts in its
village's row, or its township's when it names no village."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Substr

from shoudi.complaints.models import Complaint
from shoudi.core.access import in_area
from shoudi.reports.definitions import Indicator
from shoudi.reports.parts import N
from shoudi.reports.queries import Cells, Scope

S_SUPERVISION = "社会监督"
SOURCE = (
    "《中共广西壮族自治区委员会 广西壮族自治区人民政府关于打赢脱贫攻坚战三年行动的实施意见》第九部分："
    "拓宽信访举报渠道，用好“12317”扶贫监督举报电话"
)  # seed 002
MEASURES = (
    ("received", "期内收到"),
    ("closed", "期内办结"),
    ("closed_late", "其中超期办结"),
    ("overdue_open", "期末超期未办结"),
    ("to_leads", "转为风险线索"),
)


def complaint_counts(s: Scope) -> Cells:
    start, end = s.period.start, s.period.end
    in_period = Q(received_on__gte=start, received_on__lte=end)
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    still_open = Q(received_on__lte=end, due_on__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    qs = (
        Complaint.objects.filter(in_area("township_id", s.area[:9]) if len(s.area) <= 9 else Q(village_id=s.area))
        .annotate(g=Substr(Coalesce("village_id", "township_id"), 1, s.group_len))
        .order_by()
        .values("g")
        .annotate(
            received=Count("id", filter=in_period),
            closed=Count("id", filter=closed),
            closed_late=Count("id", filter=closed & Q(closed_on__gt=F("due_on"))),
            overdue_open=Count("id", filter=still_open),
            to_leads=Count("id", filter=in_period & Q(lead__isnull=False)),
        )
    )
    return {(r["g"], key): N(r[key]) for r in qs for key, _label in MEASURES if r[key]}


def indicators() -> list[Indicator]:
    return [
        Indicator(
            "complaints",
            "投诉举报",
            "件",
            "期内收到、期内办结（其中超过办结期限的）、期末超过办结期限仍未办结、期内收到并转为风险线索的投诉举报件数"
            "（12317热线、来信、来访、网上提交）",
            SOURCE,
            S_SUPERVISION,
            complaint_counts,
            dims=MEASURES,
            higher_is_better=False,
        )
    ]
