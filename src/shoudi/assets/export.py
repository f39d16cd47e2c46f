"""Export of the ledgers in the layout counties keep: a title row, a header, one row per asset, a total; one sheet
per class (经营性 / 公益性 / 到户类) and the write-off registration ledger. Written through ``core.exports``:
text cells a spreadsheet could read as a formula are guarded, money is a number with two decimals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone

from shoudi.assets import codes
from shoudi.assets.models import Asset, WriteOff
from shoudi.assets.selectors import asset_list, writeoff_ledger
from shoudi.assets.supervision import year_back
from shoudi.core.access import Capability, require
from shoudi.core.exports import Column as ExportColumn
from shoudi.core.exports import Workbook, export_bytes
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit

Column = tuple[str, Callable[[Any], Any], int]

COMMON: list[Column] = [
    ("资产编号", lambda a: a.code, 22),
    ("资产名称", lambda a: a.name, 24),
    ("所在乡镇", lambda a: a.village.parent.name if a.village.parent else "", 12),
    ("所在村", lambda a: a.village.name, 16),
    ("具体位置", lambda a: a.location, 14),
    ("来源项目", lambda a: a.project_name, 24),
    ("项目年度", lambda a: a.project_year, 8),
    ("形成日期", lambda a: a.formed_on, 11),
    ("资产原值（元）", lambda a: a.value, 14),
    ("资金来源", lambda a: "；".join(f"{f.get_source_display()}{f.amount:.2f}" for f in a.fundings.all()), 28),
    ("台账级别", lambda a: a.get_ledger_level_display(), 9),
    ("行业主管部门", lambda a: a.get_department_display(), 10),
    ("资产状态", lambda a: a.get_status_display(), 8),
    ("所有权类型", lambda a: a.get_owner_type_display(), 12),
    ("所有权人", lambda a: a.ownership_holder, 20),
    ("经营权人", lambda a: a.operation_holder, 16),
    ("收益权人", lambda a: a.income_holder, 16),
    ("处置权人", lambda a: a.disposal_holder, 16),
    ("监督权人", lambda a: a.supervision_holder, 16),
    ("确权日期", lambda a: a.ownership_confirmed_on, 11),
    ("移交去向", lambda a: a.get_transfer_system_display(), 16),
    ("移交日期", lambda a: a.transferred_on, 11),
]
OPERATING: list[Column] = [
    ("经营方式", lambda a: a.get_operation_mode_display(), 9),
    ("运营主体", lambda a: a.operator, 18),
    ("经营期限", lambda a: f"{a.operation_start or ''}至{a.operation_end or ''}" if a.operation_start else "", 22),
    ("约定年收益（元）", lambda a: a.agreed_return, 12),
    ("近12个月收益（元）", lambda a: a.income_recent or Decimal(0), 12),
]
PUBLIC: list[Column] = [
    ("管护主体", lambda a: a.maintenance_owner, 18),
    ("管护责任人", lambda a: a.maintenance_person, 10),
    ("年度管护经费（元）", lambda a: a.maintenance_funds, 12),
    ("管护经费来源", lambda a: a.maintenance_funds_source, 16),
    ("管护岗位人数", lambda a: a.post_count, 8),
    ("其中脱贫户、边缘户", lambda a: a.priority_posts, 10),
]
SHEETS = [
    (codes.AssetClass.OPERATING, "经营性资产台账", COMMON + OPERATING),
    (codes.AssetClass.PUBLIC, "公益性资产台账", COMMON + PUBLIC),
    (codes.AssetClass.HOUSEHOLD, "到户类资产台账", COMMON),
]
WRITEOFF: list[Column] = [
    ("资产编号", lambda w: w.asset.code, 22),
    ("资产名称", lambda w: w.asset.name, 24),
    ("所在村", lambda w: w.asset.village.name, 16),
    ("台账级别", lambda w: w.asset.get_ledger_level_display(), 9),
    ("行业主管部门", lambda w: w.asset.get_department_display(), 10),
    ("资产原值（元）", lambda w: w.asset.value, 14),
    ("损毁原因", lambda w: w.get_cause_display(), 12),
    ("损毁日期", lambda w: w.occurred_on, 11),
    ("核销金额（元）", lambda w: w.amount, 14),
    (
        "评估证明文件",
        lambda w: f"{w.document.get_kind_display()}：{w.document.title} {w.document.number}" if w.document else "",
        36,
    ),
    ("出具单位", lambda w: w.document.issuer if w.document else "", 18),
    ("核销日期", lambda w: w.approved_on, 11),
]


def _kind(header: str) -> str:
    if header.endswith("（元）"):
        return "money"
    return "text" if header == "资产编号" else "auto"


def _sheet(
    book: Workbook,
    name: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Any],
    total_header: str,
    day: dt.date,
) -> None:
    """Title, export date and count, header (with 序号), one row per object, the total of ``total_header``."""
    kit = [
        ExportColumn("序号", "int", 5),
        *(ExportColumn(header, _kind(header), width) for header, _g, width in columns),
    ]
    note = f"导出日期：{day.isoformat()}    共{len(rows)}条"
    sheet = book.sheet(name, kit, title_rows=[title, note], borders=True, freeze_columns=3)
    money_col = next(i for i, c in enumerate(columns, start=1) if c[0] == total_header)
    total = Decimal(0)
    for n, obj in enumerate(rows, start=1):
        sheet.write([n, *(get(obj) for _header, get, _width in columns)])
        total += columns[money_col - 1][1](obj) or Decimal(0)
    sheet.write(["合计", *(total if col == money_col else None for col in range(1, len(kit)))], total=True)


def ledgers_xlsx(
    user: Any,
    *,
    title_area: str,
    level: str = "",
    area: str = "",
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> bytes:
    """The three class ledgers and the write-off ledger of the user's area (optionally one level or sub-area)."""
    day = today or timezone.localdate()
    report = progress or (lambda phase, done, total: None)
    level_label = dict(codes.LedgerLevel.choices).get(level, "县乡村各级")
    base = asset_list(user, level=level, area=area).prefetch_related("fundings").select_related("village__parent")
    base = base.annotate(
        income_recent=Sum(
            "incomes__amount", filter=Q(incomes__received_on__gt=year_back(day), incomes__received_on__lte=day)
        ),
    )

    def build(book: Workbook) -> None:
        for n, (asset_class, name, columns) in enumerate(SHEETS):
            report(f"正在写“{name}”", n, len(SHEETS) + 1)
            rows: list[Asset] = list(base.filter(asset_class=asset_class))
            if asset_class == codes.AssetClass.PUBLIC:
                counts = (
                    Asset.objects.filter(pk__in=[a.pk for a in rows])
                    .annotate(n=Count("posts"), p=Count("posts", filter=~Q(posts__category="other")))
                    .values_list("pk", "n", "p")
                )
                by_pk = {pk: (n, p) for pk, n, p in counts}
                for a in rows:
                    a.post_count, a.priority_posts = by_pk.get(a.pk, (0, 0))  # type: ignore[attr-defined]
            title = f"{title_area}扶贫（帮扶）项目资产管理台账（{codes.AssetClass(asset_class).label}，{level_label}）"
            _sheet(book, name, title, columns, rows, "资产原值（元）", day)
        report("正在写“核销登记台账”", len(SHEETS), len(SHEETS) + 1)
        writeoffs: list[WriteOff] = list(writeoff_ledger(user, level=level, area=area))
        title = f"{title_area}扶贫（帮扶）项目资产核销登记台账"
        _sheet(book, "核销登记台账", title, WRITEOFF, writeoffs, "核销金额（元）", day)

    content = export_bytes(build)
    report("已完成", len(SHEETS) + 1, len(SHEETS) + 1)
    return content


def export_submit(*, by: Any, level: str = "", area: str = "") -> Job:
    """Queue the export of the ledgers of ``area`` (the user's own by default; one ledger level or all) as a
    job; the file is downloaded from the job's page."""
    area = (area or "").strip() or (by.area_id or "")
    require(by, Capability.EXPORT_ASSETS, area)
    if level and level not in codes.LedgerLevel.values:
        raise ValidationError({"level": f"台账级别“{level}”不在可选范围内"})
    return job_submit(by=by, kind=Job.Kind.EXPORT_ASSETS, area_code=area, params={"level": level, "area": area})
