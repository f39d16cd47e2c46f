"""The register as the columns 民政's low-income population platform exchanges (低收入人口动态监测信息平台): one
row per household and layer it holds on the day of the export, streamed through ``core.exports`` (formula guard,
numbers as numbers, ID numbers as text).

The head's ID number is shown in full only to roles that may see ID numbers (``reveal_id``); every export is
logged (who, which area, how many rows, whether IDs were shown). The columns and their meanings: ``COLUMNS``
(also in FORMATS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from shoudi.core.access import in_area
from shoudi.core.exports import Column, Workbook, export_bytes
from shoudi.core.models import AuditEntry
from shoudi.lowincome import codes
from shoudi.lowincome.counts import LAYERS, held_q, layer_mask, monitored_q
from shoudi.lowincome.models import Membership
from shoudi.monitoring.models import Case
from shoudi.policy.layers import LAYER_LABELS, SHORT_LABELS, Layer
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes
from shoudi.registry.idnumber import mask
from shoudi.registry.models import Household, Person

CHUNK = 250
# (header, kind, meaning): the header is what the platform's template names the column.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("行政区划代码", "text", "户所在村的12位统计用区划代码"),
    ("乡镇（街道）", "text", "乡镇名称"),
    ("村（社区）", "text", "村名称"),
    ("户编号", "text", "基础数据库的户编号"),
    ("户主姓名", "text", "户主（与户主关系为“户主”的成员）姓名"),
    ("户主身份证号", "text", "18位；无权查看完整证件号的角色导出时脱敏（保留前6位和后4位）"),
    ("家庭人口", "int", "户内成员人数"),
    (
        "人员类别",
        "text",
        "低保、特困、低保边缘、刚性支出困难、防止返贫致贫监测对象、脱贫户之一；一户属于多类的，每类一行",
    ),
    ("类别代码", "text", "dibao、tekun、dibao_edge、rigid_hardship、monitoring、former_poor"),
    ("纳入日期", "date", "台账类别为纳入日期；监测对象为纳入监测日期；脱贫户为空"),
    ("认定机关", "text", "台账类别为认定机关（如县民政局）；其他为空"),
    ("认定文号", "text", "认定文件编号，可为空"),
    ("月救助金额（元）", "money", "低保、特困的月救助金额；其他为空"),
    ("低保类别", "text", "一类至四类，仅低保"),
    ("状态", "text", "台账类别为在保、渐退期；监测对象为其办理状态；脱贫户为户类型（脱贫户、脱贫不享受政策户）"),
    ("渐退期截止日期", "date", "低保渐退期的截止日期，仅渐退期中"),
    ("下次核查日期", "date", "台账类别的下次核查（跟踪核查）日期"),
    ("脱贫年度", "int", "脱贫户的脱贫年度"),
    ("同时属于", "text", "该户同时属于的其他类别，以“、”分隔"),
    ("数据来源", "text", "台账类别为民政数据导入、民政部门录入或转介认定；监测对象为防止返贫监测；脱贫户为基础数据库"),
)
HEADERS = tuple(c[0] for c in COLUMNS)
LABEL = {**SHORT_LABELS, Layer.MONITORING: LAYER_LABELS[Layer.MONITORING]}
ORDER = {layer: i for i, layer in enumerate(LAYERS)}


def households(area: str, on: dt.date) -> QuerySet[Household]:
    """Households of ``area`` holding at least one layer on ``on``, with what the rows need prefetched."""
    members = Prefetch("members", queryset=Person.objects.order_by("relationship", "birth_date"), to_attr="people")
    held = Prefetch(
        "low_income_layers", queryset=Membership.objects.filter(held_q(on)).order_by("layer"), to_attr="held"
    )
    monitored = Prefetch("cases", queryset=Case.objects.filter(monitored_q(on)), to_attr="monitored")
    return (
        Household.objects.filter(in_area("village_id", area))
        .annotate(mask=layer_mask(on, "pk", "status"))
        .exclude(mask=0)
        .select_related("village")
        .prefetch_related(members, held, monitored)
        .order_by("village_id", "number")
    )


def _household_cells(h: Household, townships: dict[str, str], reveal: bool) -> list[Any]:
    people = getattr(h, "people", [])
    head = next((p for p in people if p.relationship == rcodes.Relationship.HEAD), None)
    number = (head.id_number if reveal else mask(head.id_number)) if head else ""
    village = h.village
    return [
        village.code,
        townships.get(village.code[:9], ""),
        village.name,
        h.number,
        head.name if head else "",
        number,
        len(people),
    ]


def _layer_rows(h: Household) -> list[tuple[str, list[Any]]]:
    """(layer, the layer's cells from 人员类别 to 脱贫年度) of each layer the household holds."""
    found: list[tuple[str, list[Any]]] = []
    for m in getattr(h, "held", []):
        phasing = m.phase_out_until if m.status == codes.MembershipStatus.PHASING_OUT else None
        cells = [
            m.started_on,
            m.deciding_body,
            m.document_no,
            m.monthly_amount,
            m.get_dibao_class_display() if m.dibao_class else "",
            m.get_status_display(),
            phasing,
            m.next_due,
            None,
        ]
        found.append((m.layer, cells))
    for case in getattr(h, "monitored", [])[:1]:
        found.append(
            (Layer.MONITORING, [case.period_start, "", "", None, "", case.get_status_display(), None, None, None])
        )
    if h.status in (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY):
        found.append((Layer.FORMER_POOR, [None, "", "", None, "", h.get_status_display(), None, None, h.exit_year]))
    return sorted(found, key=lambda item: ORDER.get(item[0], 99))


def _source(layer: str, h: Household) -> str:
    if layer == Layer.MONITORING:
        return "防止返贫监测"
    if layer == Layer.FORMER_POOR:
        return "基础数据库"
    m = next((m for m in getattr(h, "held", []) if m.layer == layer), None)
    return m.get_source_display() if m else ""


def rows(area: str, on: dt.date, *, reveal: bool) -> Iterator[list[Any]]:
    """One row per household and layer held on ``on``, in village and household-number order."""
    townships = dict(
        Region.objects.filter(in_area("code", area[:9] if len(area) > 9 else area), level=Level.TOWNSHIP).values_list(
            "code", "name"
        )
    )
    for h in households(area, on).iterator(chunk_size=CHUNK):
        base = _household_cells(h, townships, reveal)
        layers = _layer_rows(h)
        held = [layer for layer, _cells in layers]
        for layer, cells in layers:
            others = "、".join(LABEL[x] for x in held if x != layer)
            yield [*base, LABEL[layer], layer, *cells, others, _source(layer, h)]


def export_register(*, user: Any, area: Region, on: dt.date, reveal: bool) -> bytes:
    """The XLSX of ``area``'s register on ``on``; the export is logged. The caller checks the user's right."""
    written = 0

    def build(book: Workbook) -> None:
        nonlocal written
        columns = [Column(header, kind, width) for (header, kind, _m), width in zip(COLUMNS, _widths(), strict=True)]
        sheet = book.sheet("低收入人口", columns)  # the header on the first row: the platform reads it as it is
        for row in rows(area.code, on, reveal=reveal):
            sheet.write(row)
            written += 1
        info = book.sheet("列说明", [Column("列名", width=18), Column("说明", width=60)])
        info.write_rows([(header, meaning) for header, _kind, meaning in COLUMNS])

    content = export_bytes(build)
    AuditEntry.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=getattr(user, "display_name", "") or "系统",
        action=AuditEntry.Action.EXPORT,
        object_type="lowincome_export",
        object_id=area.code,
        object_label=f"导出{area.name}农村低收入人口台账"[:200],
        area_code=area.code,
        changes={"行数": written, "显示完整证件号": reveal},
    )
    return content


def _widths() -> list[float | None]:
    wide = {"村（社区）": 20.0, "户主身份证号": 22.0, "人员类别": 20.0, "同时属于": 30.0, "数据来源": 14.0}
    return [wide.get(header) for header in HEADERS]
