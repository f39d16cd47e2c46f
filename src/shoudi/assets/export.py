"""Export of the ledgers in the layout counties keep: a title row, a header, one row per asset, a total; one sheet
per class (经营性 / 公益性 / 到户类) and the write-off registration ledger. Text cells that a spreadsheet could
read as a formula are neutralised and always written as strings."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import Count, Q, Sum
from django.utils import timezone

from shoudi.assets import codes
from shoudi.assets.models import Asset, WriteOff
from shoudi.assets.selectors import asset_list, writeoff_ledger
from shoudi.assets.supervision import year_back
from shoudi.registry.io.writers import neutralise

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


def _write(sheet: Any, row: int, col: int, value: Any, fmt: dict[str, Any]) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt["cell"])
    elif isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), fmt["money"])
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", fmt["cell"])
    elif isinstance(value, int):
        sheet.write_number(row, col, value, fmt["cell"])
    elif isinstance(value, dt.date):
        sheet.write_string(row, col, value.isoformat(), fmt["cell"])
    else:
        sheet.write_string(row, col, neutralise(str(value)), fmt["cell"])


def _sheet(
    book: Any,
    fmt: dict[str, Any],
    name: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Any],
    total_header: str,
    day: dt.date,
) -> None:
    sheet = book.add_worksheet(name)
    sheet.merge_range(0, 0, 0, len(columns), neutralise(title), fmt["title"])
    sheet.write_string(1, 0, f"导出日期：{day.isoformat()}    共{len(rows)}条", fmt["note"])
    sheet.write_string(2, 0, "序号", fmt["head"])
    for col, (header, _get, width) in enumerate(columns, start=1):
        sheet.write_string(2, col, header, fmt["head"])
        sheet.set_column(col, col, width)
    sheet.set_column(0, 0, 5)
    total = Decimal(0)
    money_col = next(i for i, c in enumerate(columns, start=1) if c[0] == total_header)
    for n, obj in enumerate(rows, start=1):
        sheet.write_number(2 + n, 0, n, fmt["cell"])
        for col, (_header, get, _width) in enumerate(columns, start=1):
            _write(sheet, 2 + n, col, get(obj), fmt)
        total += columns[money_col - 1][1](obj) or Decimal(0)
    last = 3 + len(rows)
    sheet.write_string(last, 0, "合计", fmt["head"])
    sheet.write_number(last, money_col, float(total), fmt["money"])
    sheet.freeze_panes(3, 3)


def ledgers_xlsx(user: Any, *, title_area: str, level: str = "", area: str = "", today: dt.date | None = None) -> bytes:
    """The three class ledgers and the write-off ledger of the user's area (optionally one level or sub-area)."""
    day = today or timezone.localdate()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "note": book.add_format({"font_color": "#555555"}),
        "head": book.add_format(
            {"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True, "valign": "vcenter"}
        ),
        "cell": book.add_format({"border": 1}),
        "money": book.add_format({"border": 1, "num_format": "#,##0.00"}),
    }
    level_label = dict(codes.LedgerLevel.choices).get(level, "县乡村各级")
    base = asset_list(user, level=level, area=area).prefetch_related("fundings").select_related("village__parent")
    base = base.annotate(
        income_recent=Sum(
            "incomes__amount", filter=Q(incomes__received_on__gt=year_back(day), incomes__received_on__lte=day)
        ),
    )
    for asset_class, name, columns in SHEETS:
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
        _sheet(book, fmt, name, title, columns, rows, "资产原值（元）", day)
    writeoffs: list[WriteOff] = list(writeoff_ledger(user, level=level, area=area))
    _sheet(
        book,
        fmt,
        "核销登记台账",
        f"{title_area}扶贫（帮扶）项目资产核销登记台账",
        WRITEOFF,
        writeoffs,
        "核销金额（元）",
        day,
    )
    book.close()
    return buffer.getvalue()
