"""Files written for income: the import template (both layouts and 填写说明) and the export of an area's sheets
of a year in the wide layout, which imports back unchanged. Both go through ``core.exports`` (formula guard);
the export masks ID numbers unless the role may see them and is logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from shoudi.core import exports
from shoudi.core.access import Capability, in_area
from shoudi.core.models import AuditEntry
from shoudi.income.inputs import ITEM_LABELS, WAGE_ITEMS
from shoudi.income.io import layout as L
from shoudi.income.models import IncomeLine, IncomeSheet
from shoudi.registry import codes as rcodes
from shoudi.registry.idnumber import mask
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.models import Person
from shoudi.registry.selectors import households_visible

Progress = Callable[[str, int, int], None]
PHASE_EXPORT = "导出收入核算表"
CHUNK = 500
KEYS = [L.NUMBER, L.HEAD_ID, L.YEAR, L.DATE]
WIDE_HEADERS = [*KEYS, *ITEM_LABELS.values(), L.NOTE]
LONG_HEADERS = [*KEYS, L.ITEM, L.AMOUNT, L.MEMBER_ID, L.PLACE, L.MONTHS, *L.MONTH_HEADERS, L.NOTE]
EXPORT_HEADERS = [L.NUMBER, "所在村", "户主姓名", L.HEAD_ID, L.YEAR, L.DATE, *ITEM_LABELS.values(), L.NOTE]
TEXT_HEADERS = {L.NUMBER, L.HEAD_ID, L.MEMBER_ID}
INTRO = (
    "两种填法任选其一（也可同时使用，同一户同一年度的同一项目只能填一次）：“按户填写”每户每年度一行、每个收支项目一列"
    "（工资性收入填全户合计）；“按项目填写”每户每年度每个项目一行（工资性收入可按成员各填一行，可填1–12月逐月金额，"
    "逐月合计应等于金额，金额也可留空由逐月合计得出）。按户编号（或户主身份证号）匹配系统中的农户。"
    "导入时，文件中每户每年度的收支条目替换系统中由人工填写的条目；部门推送的条目保留，除非文件填写了同一项目。"
    "空白单元格表示没有该项目，填0表示该项目为0。列名可带“（元）”等单位，列的顺序可以调整。"
)
FIXED_HELP = [
    (L.NUMBER, "必填（或填户主身份证号）", "系统中农户的户编号，须在您负责的区域内"),
    (L.HEAD_ID, "", "户主的18位身份证号；未填户编号时用它匹配农户；请将该列设为文本格式"),
    (L.YEAR, "必填", f"核算年度，{L.YEAR_MIN}–{L.YEAR_MAX}"),
    (L.DATE, "", "入户核算的日期，如 2026-10-15；留空为导入当天"),
    (L.ITEM, "按项目填写必填", "收支项目的名称或代码，见下表"),
    (L.AMOUNT, "按项目填写必填", "全年金额（元），不小于0，最多两位小数，不超过99,999,999.99"),
    (L.MEMBER_ID, "", "工资性收入：务工成员的身份证号（须为该户成员）"),
    (L.PLACE, "", "工资性收入：县内、省内县外、省外"),
    (L.MONTHS, "", "工资性收入：务工月数 0–12"),
    ("1月…12月", "", "按月采集时的逐月金额（元）"),
    (L.NOTE, "", "最多200字"),
]
KIND_LABELS = {**dict(rcodes.IncomeKind.choices), **dict(rcodes.Flow.choices)}


def _kind_of(code: str) -> str:
    flow, kind = rcodes.ITEM_KIND[code]
    return str(KIND_LABELS.get(kind, "") or KIND_LABELS.get(flow, ""))


def _columns(headers: list[str], required: set[str]) -> list[exports.Column]:
    return [
        exports.Column(
            h, "text" if h in TEXT_HEADERS else "auto", 20 if h in TEXT_HEADERS else None, required=h in required
        )
        for h in headers
    ]


def write_template(path: str | Path) -> Path:
    path = Path(path)
    with exports.open_export(path, "xlsx") as book:
        book.sheet(L.WIDE_SHEET, _columns(WIDE_HEADERS, {L.NUMBER, L.YEAR}), freeze_columns=1)
        long = _columns(LONG_HEADERS, {L.NUMBER, L.YEAR, L.ITEM, L.AMOUNT})
        long[LONG_HEADERS.index(L.ITEM)] = exports.Column(L.ITEM, width=18, required=True, choices=())
        long[LONG_HEADERS.index(L.PLACE)] = exports.Column(L.PLACE, choices=("县内", "省内县外", "省外"))
        book.sheet(L.LONG_SHEET, long, freeze_columns=1)
        rows: list[tuple[str, ...]] = [(h, need, text, "") for h, need, text in FIXED_HELP]
        for code, label in ITEM_LABELS.items():
            wage = "；可按成员填写" if code in WAGE_ITEMS else ""
            rows.append((label, "", f"收支项目（{_kind_of(code)}）{wage}", f"代码：{code}"))
        footer = [
            (
                "示例（按户填写）",
                "",
                "户编号 5206280010010001，年度 2026，核算日期 2026-10-15，务工收入 36000，种植业收入 4200，生产经营性支出 1500，医疗自付 800",
            ),
            (
                "示例（按项目填写）",
                "",
                "户编号 5206280010010001，年度 2026，项目 务工收入，金额 36000，成员身份证号 …，务工地点 省外，务工月数 10",
            ),
        ]
        book.instructions(INTRO, rows, widths=(22, 16, 60, 30), footer=footer, intro_height=110)
    return path


# -- export ------------------------------------------------------------------------------------------------
def export_sheets(user: Any, area: str, year: int) -> Any:
    if not user.can(Capability.IMPORT_INCOME):
        raise ImportRefused("当前账号无权导出收入核算表")
    area = (area or getattr(user, "area_id", "") or "").strip()
    if not area.isdigit() or len(area) > 12 or not area.startswith(getattr(user, "area_id", None) or ""):
        raise ImportRefused(f"区划代码“{area}”无效或不在您负责的区域内")
    if not L.YEAR_MIN <= year <= L.YEAR_MAX:
        raise ImportRefused(f"年度应在{L.YEAR_MIN}–{L.YEAR_MAX}年之间")
    households = households_visible(user).filter(in_area("village_id", area))
    heads = Prefetch(
        "household__members", queryset=Person.objects.filter(relationship=rcodes.Relationship.HEAD), to_attr="heads"
    )
    return (
        IncomeSheet.objects.filter(year=year, household__in=households)
        .select_related("household__village")
        .prefetch_related(heads, Prefetch("lines", queryset=IncomeLine.objects.only("sheet_id", "item", "amount")))
        .order_by("household__number")
    )


def export_income(
    *, user: Any, area: str, year: int, path: str | Path, progress: Progress | None = None
) -> dict[str, Any]:
    """Write the wide layout of the area's sheets of ``year``; log the export."""
    sheets = export_sheets(user, area, year)
    area = area or user.area_id
    total = sheets.count()
    reveal = bool(user.can(Capability.REVEAL_ID))
    written = 0
    with exports.open_export(Path(path), exports.format_of(path)) as book:
        out = book.sheet(L.WIDE_SHEET, _columns(EXPORT_HEADERS, set()), freeze_columns=1)
        for sheet in sheets.iterator(chunk_size=CHUNK):
            household = sheet.household
            heads: list[Person] = getattr(household, "heads", [])
            head = heads[0] if heads else None
            amounts: dict[str, Decimal] = defaultdict(Decimal)
            for line in sheet.lines.all():
                amounts[line.item] += line.amount
            out.write(
                [
                    household.number,
                    household.village.name,
                    head.name if head else "",
                    (head.id_number if reveal else mask(head.id_number)) if head else "",
                    sheet.year,
                    sheet.collected_on,
                    *[amounts.get(code) for code in ITEM_LABELS],
                    sheet.note,
                ]
            )
            written += 1
            if progress and written % 1000 == 0:
                progress(PHASE_EXPORT, written, total)
    if progress:
        progress(PHASE_EXPORT, total, total)
    AuditEntry.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=getattr(user, "display_name", "") or "系统",
        action=AuditEntry.Action.EXPORT,
        object_type="export",
        object_id=area,
        object_label=f"导出{area}{year}年收入核算表"[:200],
        area_code=area,
        changes={"收入核算表": written, "年度": year, "显示完整证件号": reveal},
        reason=Path(path).name,
    )
    return {"sheets": written, "area": area, "year": year, "revealed": reveal}
