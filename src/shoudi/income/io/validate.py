"""Check every row of an income file and build the plan ``apply`` writes; nothing here writes.

One pass over each sheet converts the cells (``layout``) and groups them into household-years, finding
duplicates of a household-year-item inside the file; then chunked queries find the households (by 户编号, or by
the head's ID number) and, for the long layout, the members. A household outside the actor's area gets the
same error as one that does not exist, so the file cannot probe other areas.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from shoudi.income.io import layout as L
from shoudi.income.io.plan import HouseholdDraft, IncomePlan, Line, SheetDraft, SheetError, Where
from shoudi.registry import codes as rcodes
from shoudi.registry.idnumber import IdNumberError, parse
from shoudi.registry.io.actors import in_scope
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.reader import Table
from shoudi.registry.io.validate import LOOKUP_CHUNK, MAX_KEPT_ERRORS, MAX_MESSAGES_PER_ROW, chunks
from shoudi.registry.models import Household, Person

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 5000
PHASE_READ = "读取并校验每一行"
PHASE_DB = "核对系统中的农户和成员"
ID_PREFIX = "身份证:"
NOT_HERE = "在您负责的区域内没有这一户"


class Validator:
    def __init__(self, tables: list[Table], *, actor: Any, year: int | None, progress: Progress | None) -> None:
        self.tables = [t for t in tables if t.total > 0]
        self.actor = actor
        self.default_year = year
        self.progress = progress or (lambda phase, done, total: None)
        self.plan = IncomePlan({}, [], 0, {}, 0, {})

    def error(self, where: Where, column: str, message: str) -> None:
        plan = self.plan
        plan.error_count += 1
        if len(plan.errors) < MAX_KEPT_ERRORS:
            plan.errors.append(SheetError(where[1], column, message, where[0]))
        messages = plan.bad_rows.setdefault(where, [])
        if len(messages) < MAX_MESSAGES_PER_ROW:
            messages.append(f"{column}：{message}")

    def run(self) -> IncomePlan:
        if not self.tables:
            raise ImportRefused("文件中没有数据行：请在“按户填写”或“按项目填写”工作表的列名下逐行填写")
        layouts = [(table, self._layout(table)) for table in self.tables]
        total = sum(t.total for t in self.tables)
        self.done = 0
        self.progress(PHASE_READ, 0, total)
        for table, found in layouts:
            self._scan(table, found, total)
        self.progress(PHASE_READ, total, total)
        self._check_database()
        self.plan.errors.sort(key=lambda e: (e.sheet, e.row))
        return self.plan

    def _layout(self, table: Table) -> L.Layout:
        where = f"工作表“{table.sheet or '（CSV）'}”第{table.header_row}行"
        found = L.detect(table.headers)
        if found is None:
            raise ImportRefused(
                f"{where}的列名无法识别：应有“户编号”（或“户主身份证号”）和“年度”，以及各收支项目列（按户填写）"
                "或“项目”“金额”列（按项目填写）；请使用系统提供的模板"
            )
        if found.unknown:
            raise ImportRefused(f"{where}有不认识的列：{'、'.join(found.unknown[:20])}；可用的列见模板的“填写说明”")
        if L.YEAR not in found.positions and self.default_year is None:
            raise ImportRefused(f"{where}缺少“年度”列（或在导入时指定年度）")
        if found.kind == L.LONG and L.ITEM not in found.positions:
            raise ImportRefused(f"{where}缺少“项目”列")
        if found.kind == L.LONG and L.AMOUNT not in found.positions and L.MONTH_HEADERS[0] not in found.positions:
            raise ImportRefused(f"{where}缺少“金额”列")
        self.plan.sheets[table.sheet] = (found.kind, ["" if h is None else str(h) for h in table.headers])
        return found

    # -- one pass over a sheet ------------------------------------------------------------------------------
    def _scan(self, table: Table, found: L.Layout, total: int) -> None:
        pos = found.positions
        width = max([*pos.values(), *found.items, 0]) + 1
        items = list(found.items.items())
        months = [pos.get(h) for h in L.MONTH_HEADERS]
        for row, cells in table.rows():
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.progress(PHASE_READ, self.done, total)
            if len(cells) < width:
                cells = [*cells, *[""] * (width - len(cells))]
            if all(_blank(c) for c in cells):
                continue
            self.plan.rows += 1
            where = (table.sheet, row)
            sheet = self._sheet(where, cells, pos, found.kind)
            if found.kind == L.WIDE:
                self._wide(where, cells, items, sheet)
            else:
                self._long(where, cells, pos, months, sheet)

    def _cell(self, where: Where, column: str, convert: Callable[[Any], Any], value: Any) -> Any:
        try:
            return convert(value)
        except L.CellError as exc:
            self.error(where, column, str(exc))
            return None

    def _sheet(self, where: Where, cells: list[Any], pos: dict[str, int], kind: str) -> SheetDraft | None:
        """The household-year of a row (created at its first row), or None when the row cannot name one."""
        key = None
        number_cell = cells[pos[L.NUMBER]] if L.NUMBER in pos else None
        id_cell = cells[pos[L.HEAD_ID]] if L.HEAD_ID in pos else None
        if not _blank(number_cell):
            key = self._cell(where, L.NUMBER, L.code, number_cell)
        elif not _blank(id_cell):
            number = self._cell(where, L.HEAD_ID, _id_number, id_cell)
            key = ID_PREFIX + number if number else None
        else:
            self.error(where, L.NUMBER, "户编号和户主身份证号都为空，请至少填写一项")
        year = self.default_year
        if L.YEAR in pos and (not _blank(cells[pos[L.YEAR]]) or year is None):
            year = self._cell(where, L.YEAR, L.year, cells[pos[L.YEAR]])
        collected = self._cell(where, L.DATE, L.date, cells[pos[L.DATE]]) if L.DATE in pos else None
        note = self._cell(where, L.NOTE, L.note, cells[pos[L.NOTE]]) if L.NOTE in pos else ""
        if key is None:
            key = f"（{where[0]}第{where[1]}行）"
        household = self.plan.households.get(key)
        if household is None:
            household = self.plan.households[key] = HouseholdDraft(key, where)
        household.rows.append(where)
        if where in self.plan.bad_rows:
            household.bad = True
        if year is None:
            return None
        sheet = household.years.get(year)
        if sheet is None:
            sheet = household.years[year] = SheetDraft(key, year, where, kind, collected_on=collected, note=note or "")
        elif kind == L.WIDE and sheet.layout == L.WIDE:
            first = sheet.first
            self._bad(where, household, L.NUMBER, f"与{first[0]}第{first[1]}行重复：同一户同一年度只能填写一行")
            return None
        else:
            self._agree(where, household, sheet, collected, note or "")
        return sheet

    def _agree(self, where: Where, household: HouseholdDraft, sheet: SheetDraft, collected: Any, note: str) -> None:
        first = f"{sheet.first[0]}第{sheet.first[1]}行"
        if collected and sheet.collected_on and collected != sheet.collected_on:
            self._bad(where, household, L.DATE, f"与同户同年度的{first}不一致")
        if note and sheet.note and note != sheet.note:
            self._bad(where, household, L.NOTE, f"与同户同年度的{first}不一致")
        sheet.collected_on = sheet.collected_on or collected
        sheet.note = sheet.note or note

    def _bad(self, where: Where, household: HouseholdDraft, column: str, message: str) -> None:
        self.error(where, column, message)
        household.bad = True

    def _add(self, where: Where, sheet: SheetDraft, line: Line, column: str) -> None:
        item, member = line[0], line[2]
        seen = sheet.seen
        household = self.plan.households[sheet.key]
        clash = seen.get((item, member)) or seen.get((item, "")) if member else seen.get((item, member))
        if clash is None and not member and L.is_wage(item):
            clash = next((w for (i, m), w in seen.items() if i == item and m), None)
        if clash is not None:
            label = L.ITEM_LABELS[item]
            message = f"“{label}”与{clash[0]}第{clash[1]}行重复：同一户同一年度每个项目只填一次"
            if L.is_wage(item):
                message += "（工资性收入可按成员各填一行，但不能同时按户和按成员填写）"
            self._bad(where, household, column, message)
            return
        seen[(item, member)] = where
        sheet.lines.append(line)

    def _wide(self, where: Where, cells: list[Any], items: list[tuple[int, str]], sheet: SheetDraft | None) -> None:
        household = self.plan.households[sheet.key] if sheet else None
        for index, item in items:
            value = cells[index]
            if value is None or value == "":
                continue
            try:
                number = L.amount(value)
            except L.CellError as exc:
                self.error(where, L.ITEM_LABELS[item], str(exc))
                if household:
                    household.bad = True
                continue
            if number is not None and sheet is not None:
                self._add(where, sheet, (item, number, "", "", None, None), L.ITEM_LABELS[item])

    def _long(
        self, where: Where, cells: list[Any], pos: dict[str, int], months: list[int | None], sheet: SheetDraft | None
    ) -> None:
        errors = self.plan.error_count
        item = self._cell(where, L.ITEM, L.item, cells[pos[L.ITEM]])
        amount = self._cell(where, L.AMOUNT, L.amount, cells[pos[L.AMOUNT]]) if L.AMOUNT in pos else None
        member = self._cell(where, L.MEMBER_ID, _optional_id, cells[pos[L.MEMBER_ID]]) if L.MEMBER_ID in pos else ""
        place = self._cell(where, L.PLACE, L.place, cells[pos[L.PLACE]]) if L.PLACE in pos else ""
        worked = self._cell(where, L.MONTHS, L.months, cells[pos[L.MONTHS]]) if L.MONTHS in pos else None
        monthly: tuple[Decimal, ...] | None = None
        if any(i is not None and not _blank(cells[i]) for i in months):
            values = [
                self._cell(where, f"{n + 1}月", L.amount, cells[i]) if i is not None else None
                for n, i in enumerate(months)
            ]
            monthly = tuple(v if v is not None else Decimal("0.00") for v in values)
        if item and not L.is_wage(item) and (member or place or worked is not None):
            self.error(where, L.MEMBER_ID, f"“{L.ITEM_LABELS[item]}”不是工资性收入，不能填写成员、务工地点或务工月数")
        if monthly is not None and self.plan.error_count == errors:
            total = sum(monthly, Decimal("0.00"))
            if amount is None:
                amount = total
            elif total != amount:
                self.error(where, L.AMOUNT, f"1–12月合计 {total:.2f} 元，与金额 {amount:.2f} 元不一致")
        if amount is None and self.plan.error_count == errors:
            self.error(where, L.AMOUNT, "不能为空（或填写1–12月的金额）")
        household = self.plan.households[sheet.key] if sheet else None
        if self.plan.error_count != errors:
            if household:
                household.bad = True
            return
        if sheet is not None and household is not None and not household.bad:
            line: Line = (item, cast(Decimal, amount), member or "", place or "", worked, monthly)
            self._add(where, sheet, line, L.ITEM)

    # -- against the database -------------------------------------------------------------------------------
    def _check_database(self) -> None:
        drafts = self.plan.households
        self.progress(PHASE_DB, 0, 3)
        numbers = [k for k in drafts if not k.startswith((ID_PREFIX, "（"))]
        for chunk in chunks(numbers, LOOKUP_CHUNK):
            for number, pk, village in Household.objects.filter(number__in=chunk).values_list(
                "number", "id", "village_id"
            ):
                if in_scope(self.actor, village):
                    drafts[number].household_id, drafts[number].number, drafts[number].village_id = pk, number, village
        self.progress(PHASE_DB, 1, 3)
        heads = {k[len(ID_PREFIX) :]: k for k in drafts if k.startswith(ID_PREFIX)}
        for chunk in chunks(list(heads), LOOKUP_CHUNK):
            rows = Person.objects.filter(id_number__in=chunk, relationship=rcodes.Relationship.HEAD).values_list(
                "id_number", "household_id", "household__number", "household__village_id"
            )
            for id_number, pk, number, village in rows:
                if in_scope(self.actor, village):
                    draft = drafts[heads[id_number]]
                    draft.household_id, draft.number, draft.village_id = pk, number, village
        self.progress(PHASE_DB, 2, 3)
        for draft in drafts.values():
            if draft.household_id is None and not draft.key.startswith("（"):
                column = L.HEAD_ID if draft.key.startswith(ID_PREFIX) else L.NUMBER
                shown = draft.key.removeprefix(ID_PREFIX)
                what = "以此身份证号为户主的农户" if column == L.HEAD_ID else "这一户"
                self._bad(draft.first, draft, column, f"“{shown}”{NOT_HERE.replace('这一户', what)}")
        self._check_members()
        self.progress(PHASE_DB, 3, 3)

    def _check_members(self) -> None:
        wanted: dict[str, HouseholdDraft] = {}
        for draft in self.plan.households.values():
            for sheet in draft.years.values():
                for line in sheet.lines:
                    if line[2]:
                        wanted[line[2]] = draft
        found: dict[str, tuple[Any, Any]] = {}
        for chunk in chunks(list(wanted), LOOKUP_CHUNK):
            for id_number, pk, household in Person.objects.filter(id_number__in=chunk).values_list(
                "id_number", "id", "household_id"
            ):
                found[id_number] = (pk, household)
        for id_number, draft in wanted.items():
            person = found.get(id_number)
            if person is not None and draft.household_id is not None and person[1] == draft.household_id:
                draft.members[id_number] = person[0]
            elif draft.household_id is not None:
                where = next(
                    s.seen[(ln[0], ln[2])] for s in draft.years.values() for ln in s.lines if ln[2] == id_number
                )
                self._bad(where, draft, L.MEMBER_ID, "不是该户的家庭成员")


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _id_number(value: Any) -> str:
    if isinstance(value, float) and value >= L.MAX_EXACT_FLOAT:
        raise L.CellError("被Excel存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
    raw = L.text(value)
    if "*" in raw:
        raise L.CellError("身份证号已脱敏（含*号），不能用于匹配；请填写户编号或完整的身份证号")
    try:
        return parse(raw).number
    except IdNumberError as exc:
        raise L.CellError(str(exc)) from None


def _optional_id(value: Any) -> str:
    return _id_number(value) if L.text(value) else ""


def validate(
    tables: list[Table], *, actor: Any, year: int | None = None, progress: Progress | None = None
) -> IncomePlan:
    return Validator(tables, actor=actor, year=year, progress=progress).run()
