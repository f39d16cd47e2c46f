"""Validate every row of an import and build the plan that ``apply`` writes.

One pass over the rows converts each cell (``columns``), groups rows into households by 户编号 and finds
duplicates inside the file; then a few chunked queries check villages, existing households and people
against the database; then each household is checked as a whole (exactly one head, …). Every problem is
a ``RowError`` naming the row and the column, in Chinese. Nothing here writes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from shoudi.regions.models import Level, Region
from shoudi.registry import codes
from shoudi.registry.idnumber import ID_UNUSABLE
from shoudi.registry.io.actors import in_scope
from shoudi.registry.io.columns import HOUSEHOLD, CellError, Column, match_headers
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import Table
from shoudi.registry.models import Household, Person

Progress = Callable[[str, int, int], None]
# Values per ``IN (…)`` lookup. PostgreSQL plans a list of 2,000 random keys as a scan of the whole table
# (≈60 ms per query at 350,000 people: 18 s to check a re-import of 10⁵ households); up to a few hundred
# it takes the index.
LOOKUP_CHUNK = 250
MAX_KEPT_ERRORS = 200_000
MAX_MESSAGES_PER_ROW = 20
PROGRESS_EVERY = 5000  # rows between progress reports
HEAD = codes.Relationship.HEAD.value
POOR_STATUSES = {codes.HouseholdStatus.FORMER_POOR.value, codes.HouseholdStatus.FORMER_POOR_NO_POLICY.value}
PHASE_READ = "读取并校验每一行"
PHASE_DB = "核对系统中已有的村、农户和成员"


@dataclass(slots=True)
class PersonDraft:
    row: int
    id_number: str
    values: tuple[Any, ...] | None  # aligned with ImportPlan.person_fields; None if the row has errors
    is_head: bool


@dataclass(slots=True)
class HouseholdDraft:
    number: str
    first_row: int
    raw_hash: int
    values: tuple[Any, ...] | None  # aligned with ImportPlan.household_fields; None if bad
    rows: list[int] = field(default_factory=list)
    persons: list[PersonDraft] = field(default_factory=list)
    bad: bool = False
    exists: bool = False


@dataclass
class ImportPlan:
    household_fields: list[str]  # present household columns, 户编号 excluded
    person_fields: list[str]  # present person columns (身份证号 first)
    households: dict[str, HouseholdDraft]
    errors: list[RowError]
    error_count: int
    bad_rows: dict[int, list[str]]
    rows: int
    headers: list[str]
    existing_persons: int = 0

    def good(self) -> Iterator[HouseholdDraft]:
        return (d for d in self.households.values() if not d.bad)

    def summary(self) -> dict[str, Any]:
        good = [d for d in self.households.values() if not d.bad]
        return {
            "rows": self.rows,
            "households": len(self.households),
            "persons": sum(len(d.rows) for d in self.households.values()),
            "valid_households": len(good),
            "valid_persons": sum(len(d.persons) for d in good),
            "bad_households": len(self.households) - len(good),
            "bad_rows": len(self.rejected_rows()),
            "new_households": sum(1 for d in good if not d.exists),
            "existing_households": sum(1 for d in good if d.exists),
            "error_count": self.error_count,
        }

    def rejected_rows(self) -> dict[int, str]:
        """Every row that will not be written, with why: its own errors, or its household's."""
        result: dict[int, str] = {}
        for draft in self.households.values():
            if not draft.bad:
                continue
            own = [r for r in draft.rows if r in self.bad_rows]
            for row in draft.rows:
                if row in self.bad_rows:
                    result[row] = "；".join(self.bad_rows[row])
                else:
                    where = "、".join(f"第{r}行" for r in own[:5]) or f"第{draft.first_row}行"
                    result[row] = f"同户{where}有错误，整户未导入"
        for row, messages in self.bad_rows.items():
            result.setdefault(row, "；".join(messages))
        return dict(sorted(result.items()))


class Validator:
    def __init__(self, table: Table, *, actor: Any, progress: Progress | None = None) -> None:
        self.table = table
        self.actor = actor
        self.progress = progress or (lambda phase, done, total: None)
        self.errors: list[RowError] = []
        self.error_count = 0
        self.bad_rows: dict[int, list[str]] = {}

    # -- errors ---------------------------------------------------------------------------------------
    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(row, column, message))
        messages = self.bad_rows.setdefault(row, [])
        if len(messages) < MAX_MESSAGES_PER_ROW:
            messages.append(f"{column}：{message}")

    # -- the whole run --------------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        positions, missing, duplicated = match_headers(self.table.headers)
        self.positions = positions
        where = f"（第{self.table.header_row}行应为列名）"
        if missing:
            raise ImportRefused(f"缺少必填列：{'、'.join(missing)}{where}；请使用系统提供的导入模板")
        if duplicated:
            raise ImportRefused(f"列名重复：{'、'.join(dict.fromkeys(duplicated))}{where}")
        self.number_at = next(i for i, c in positions.items() if c.field == "number" and c.target == HOUSEHOLD)
        self.hh_cols = [(i, c) for i, c in positions.items() if c.target == HOUSEHOLD and c.field != "number"]
        self.p_cols = sorted(
            [(i, c) for i, c in positions.items() if c.target != HOUSEHOLD], key=lambda ic: ic[1].field != "id_number"
        )
        self.width = max(positions) + 1
        plan = ImportPlan(
            household_fields=[c.field for _, c in self.hh_cols],
            person_fields=[c.field for _, c in self.p_cols],
            households={},
            errors=self.errors,
            error_count=0,
            bad_rows=self.bad_rows,
            rows=0,
            headers=[str(h) for h in self.table.headers],
        )
        self.plan = plan
        self._scan()
        self._check_database()
        self._check_households()
        plan.error_count = self.error_count
        self.errors.sort(key=lambda e: e.row)
        return plan

    # -- pass over the rows ---------------------------------------------------------------------------
    def _scan(self) -> None:
        plan, total = self.plan, self.table.total
        households = plan.households
        seen_ids: dict[str, int] = {}
        number_col = self.positions[self.number_at]
        rel_index = plan.person_fields.index("relationship")
        grade_index = _index(plan.person_fields, "disability_grade")
        category_index = _index(plan.person_fields, "disability_category")
        hh_cells = operator.itemgetter(*[i for i, _ in self.hh_cols], self.number_at)
        count = 0
        self.progress(PHASE_READ, 0, total)
        for row, cells in self.table.rows():
            count += 1
            if count % PROGRESS_EVERY == 0:
                self.progress(PHASE_READ, count, total)
            if len(cells) < self.width:
                cells = [*cells, *[""] * (self.width - len(cells))]
            if _blank(cells):
                continue
            plan.rows += 1
            try:
                number = number_col.convert(cells[self.number_at])
            except CellError as exc:
                self.error(row, number_col.header, str(exc))
                number = f"（第{row}行）"
            raw_hash = hash(hh_cells(cells))
            draft = households.get(number)
            if draft is None:
                values = self._convert(row, cells, self.hh_cols)
                draft = HouseholdDraft(number, row, raw_hash, values, bad=values is None or number.startswith("（"))
                households[number] = draft
            elif raw_hash != draft.raw_hash:
                self._compare_household(row, cells, draft)
            draft.rows.append(row)
            person = self._convert(row, cells, self.p_cols)
            id_number = person[0] if person else self._quiet(cells, 0)
            if id_number:
                first = seen_ids.get(id_number)
                if first is not None:
                    self.error(row, "身份证号", f"与第{first}行重复，同一人只能出现一次")
                    person, id_number = None, ""
                else:
                    seen_ids[id_number] = row
            if (
                person is not None
                and grade_index is not None
                and category_index is not None
                and person[grade_index] is not None
                and not person[category_index]
            ):
                self.error(row, "残疾等级", "填写了残疾等级，但残疾类别为“无”")
                person = None
            is_head = self._is_head(cells, rel_index, person)
            draft.persons.append(PersonDraft(row, id_number, person, is_head))
            if person is None or row in self.bad_rows:
                draft.bad = True
        self.progress(PHASE_READ, total, total)

    def _convert(self, row: int, cells: list[Any], cols: list[tuple[int, Column]]) -> tuple[Any, ...] | None:
        try:  # the common case, every cell fine, in one comprehension
            return tuple([column.convert(cells[index]) for index, column in cols])
        except CellError:
            pass
        values: list[Any] = []
        ok = True
        for index, column in cols:
            try:
                values.append(column.convert(cells[index]))
            except CellError as exc:
                self.error(row, column.header, str(exc))
                ok = False
        return tuple(values) if ok else None

    def _compare_household(self, row: int, cells: list[Any], draft: HouseholdDraft) -> None:
        for position, (index, column) in enumerate(self.hh_cols):
            try:
                value = column.convert(cells[index])
            except CellError as exc:
                self.error(row, column.header, str(exc))
                draft.bad = True
                continue
            if draft.values is not None and value != draft.values[position]:
                self.error(
                    row,
                    column.header,
                    f"与同户第{draft.first_row}行不一致（同一户编号的各行，户的信息应相同）",
                )
                draft.bad = True

    def _is_head(self, cells: list[Any], rel_index: int, person: tuple[Any, ...] | None) -> bool:
        if person is not None:
            return bool(person[rel_index] == HEAD)
        return bool(self._quiet(cells, rel_index) == HEAD)

    def _quiet(self, cells: list[Any], position: int) -> Any:
        """One person cell converted without reporting (its error is already reported)."""
        index, column = self.p_cols[position]
        try:
            return column.convert(cells[index])
        except CellError:
            return ""

    # -- against the database -------------------------------------------------------------------------
    def _check_database(self) -> None:
        plan = self.plan
        drafts = plan.households
        steps = 4
        self.progress(PHASE_DB, 0, steps)
        village_at = plan.household_fields.index("village")
        self._check_villages(village_at)
        self.progress(PHASE_DB, 1, steps)
        for chunk in chunks([n for n in drafts if not n.startswith("（")], LOOKUP_CHUNK):
            for number, village_id in Household.objects.filter(number__in=chunk).values_list("number", "village_id"):
                draft = drafts[number]
                draft.exists = True
                if not in_scope(self.actor, village_id):
                    self.error(draft.first_row, "户编号", f"户编号“{number}”已被您负责区域以外的农户使用")
                    draft.bad = True
        self.progress(PHASE_DB, 2, steps)
        owner: dict[str, HouseholdDraft] = {}
        for draft in drafts.values():
            for person in draft.persons:
                if person.id_number:
                    owner[person.id_number] = draft
        for chunk in chunks(list(owner), LOOKUP_CHUNK):
            rows = Person.objects.filter(id_number__in=chunk).values_list(
                "id_number", "household__number", "household__village_id", "name"
            )
            for id_number, number, village_id, name in rows:
                draft = owner[id_number]
                if number == draft.number:
                    plan.existing_persons += 1
                    continue
                person = next(p for p in draft.persons if p.id_number == id_number)
                if in_scope(self.actor, village_id):
                    message = (
                        f"此人已属于户 {number}（{name}），不能同时加入户 {draft.number}；如需迁户，请先从原户移除"
                    )
                else:
                    message = ID_UNUSABLE
                self.error(person.row, "身份证号", message)
                draft.bad = True
        self.progress(PHASE_DB, 3, steps)
        self.outside_heads: dict[str, int] = {}
        existing = [n for n, d in drafts.items() if d.exists]
        for chunk in chunks(existing, LOOKUP_CHUNK):
            heads = Person.objects.filter(household__number__in=chunk, relationship=HEAD).values_list(
                "household__number", "id_number"
            )
            for number, id_number in heads:
                if owner.get(id_number) is not drafts[number]:
                    self.outside_heads[number] = self.outside_heads.get(number, 0) + 1
        self.progress(PHASE_DB, steps, steps)

    def _check_villages(self, village_at: int) -> None:
        drafts = [d for d in self.plan.households.values() if d.values is not None]
        wanted = {d.values[village_at] for d in drafts if d.values}
        found: dict[str, tuple[int, str]] = {}
        for chunk in chunks(sorted(wanted), LOOKUP_CHUNK):
            for code, level, name in Region.objects.filter(code__in=chunk).values_list("code", "level", "name"):
                found[code] = (level, name)
        for draft in drafts:
            code = draft.values[village_at] if draft.values else ""
            region = found.get(code)
            if region is None:
                message = f"村代码“{code}”不存在（请使用2023年统计用区划代码）"
            elif region[0] != Level.VILLAGE:
                message = f"代码“{code}”（{region[1]}）不是村级区划"
            elif not in_scope(self.actor, code):
                message = f"村代码“{code}”（{region[1]}）不在您负责的区域内"
            else:
                continue
            self.error(draft.first_row, "村代码", message)
            draft.bad = True

    # -- each household as a whole --------------------------------------------------------------------
    def _check_households(self) -> None:
        fields = self.plan.household_fields
        status_at, year_at = _index(fields, "status"), _index(fields, "exit_year")
        car_at, reason_at = _index(fields, "other_car"), _index(fields, "car_reason")
        for draft in self.plan.households.values():
            if draft.number.startswith("（"):
                continue
            heads = [p.row for p in draft.persons if p.is_head]
            # a stored head may be a row of the file whose ID could not be read: then only the file counts
            known = all(p.id_number for p in draft.persons)
            outside = self.outside_heads.get(draft.number, 0) if known else 0
            if len(heads) + outside != 1:
                rows = "、".join(f"第{r}行" for r in heads[:5])
                if not heads and not outside:
                    message = f"户编号“{draft.number}”没有户主：每户须有一行“与户主关系”为“户主”"
                else:
                    extra = f"，另有系统中已登记的户主{outside}位" if outside else ""
                    message = (
                        f"户编号“{draft.number}”有{len(heads) + outside}位户主（{rows or '文件中无'}{extra}），"
                        "每户必须有且只有一位户主"
                    )
                self.error((heads or [draft.first_row])[0], "与户主关系", message)
                draft.bad = True
            values = draft.values
            if (
                values is not None
                and status_at is not None
                and year_at is not None
                and values[year_at] is not None
                and values[status_at] not in POOR_STATUSES
            ):
                self.error(draft.first_row, "脱贫年度", "一般农户不应填写脱贫年度")
                draft.bad = True
            no_reason = reason_at is None or values is None or not values[reason_at]
            if values is not None and car_at is not None and values[car_at] and no_reason:
                self.error(draft.first_row, "车辆认定理由", "填写了“其他小汽车认定”，须写明认定理由")
                draft.bad = True


def _index(fields: list[str], name: str) -> int | None:
    return fields.index(name) if name in fields else None


def _blank(cells: list[Any]) -> bool:
    for cell in cells:
        if cell is None or cell == "":
            continue
        if isinstance(cell, str) and not cell.strip():
            continue
        return False
    return True


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def validate(table: Table, *, actor: Any, progress: Progress | None = None) -> ImportPlan:
    return Validator(table, actor=actor, progress=progress).run()
