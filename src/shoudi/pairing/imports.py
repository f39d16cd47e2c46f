"""结对帮扶 by spreadsheet: 户编号, 帮扶责任人用户名 (or 帮扶责任人手机号), 开始日期. Every row is checked first
(row, column, reason); nothing is written unless every row is valid — or, when the uploader asks, the valid rows
only. A household outside the uploader's area reads "不存在或不在您负责的区域内" whether it exists or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, in_area, require
from shoudi.core.exports import Column, Workbook
from shoudi.core.inputs import date_value, text
from shoudi.pairing import services
from shoudi.pairing.models import Pairing
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import open_tables
from shoudi.registry.models import Household

NUMBER, USERNAME, PHONE, SINCE = "户编号", "帮扶责任人用户名", "帮扶责任人手机号", "开始日期"
MAX_ROWS = 20_000
TEMPLATE_COLUMNS = [
    Column(NUMBER, "text", 22, required=True),
    Column(USERNAME, "text", 18),
    Column(PHONE, "text", 16),
    Column(SINCE, "date", 14, required=True),
]
NOTES = [
    (NUMBER, "是", "农户的户编号（16位或系统中的编号）", "5206281012030001"),
    (USERNAME, "二选一", "帮扶责任人的登录用户名；与手机号二选一", "zhang_san"),
    (PHONE, "二选一", "帮扶责任人账号登记的手机号", "13800000000"),
    (SINCE, "是", "结对开始日期，格式 2026-10-01，不能晚于今天", "2026-10-01"),
]


@dataclass
class Outcome:
    total: int = 0
    created: int = 0
    already: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


def write_template(book: Workbook) -> None:
    book.sheet("结对名单", TEMPLATE_COLUMNS)
    book.instructions(
        "结对帮扶导入模板：每行一户一名帮扶责任人；一户有多名帮扶责任人时填写多行。"
        "帮扶责任人须是负责区域包含该村的帮扶责任人账号。全部行无误才导入，或选择“只导入无误的行”。",
        NOTES,
    )


def _cell(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _cadre(username: str, phone: str) -> User | None:
    qs = User.objects.filter(role=Role.HELPER_CADRE, is_active=True)
    if username:
        return qs.filter(username=username).first()
    return qs.filter(phone=phone).first() if phone else None


def _row(by: Any, number: int, cells: list[Any], at: dict[str, int], errors: list[RowError]) -> tuple | None:
    found: list[RowError] = []

    def take(column: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            found.extend(RowError(number, column, m) for m in exc.messages)
            return None

    household_no = take(NUMBER, text, _cell(cells, at.get(NUMBER)), "number", NUMBER, max_length=20)
    username = take(USERNAME, text, _cell(cells, at.get(USERNAME)), "u", USERNAME, required=False, max_length=150)
    phone = take(PHONE, text, _cell(cells, at.get(PHONE)), "p", PHONE, required=False, max_length=20)
    since = take(SINCE, date_value, _cell(cells, at.get(SINCE)), "since", SINCE)
    household = None
    if household_no:
        household = Household.objects.filter(in_area("village_id", by.area_id), number=household_no).first()
        if household is None:
            found.append(RowError(number, NUMBER, f"户编号“{household_no}”不存在或不在您负责的区域内"))
    column = USERNAME if username or not phone else PHONE
    cadre = _cadre(username or "", phone or "")
    if not username and not phone:
        found.append(RowError(number, USERNAME, "请填写帮扶责任人用户名或手机号"))
    elif cadre is None:
        found.append(RowError(number, column, f"找不到帮扶责任人“{username or phone}”"))
    if household is not None and cadre is not None:
        take(column, services.check_cadre, cadre, household.village_id)
    if since is not None:
        take(SINCE, services.check_since, since)
    errors.extend(found)
    return None if found else (household, cadre, since)


def pairing_import(*, by: Any, path: str | Path, name: str, valid_only: bool = False) -> Outcome:
    """Check every row, then write all of them in one transaction — or nothing (unless ``valid_only``)."""
    require(by, Capability.ASSIGN_HELPERS)
    tables = open_tables(path, name=name, markers=frozenset({NUMBER}), skip=frozenset({"填写说明"}))
    table = next((t for t in tables if t.total > 0), None)
    if table is None:
        raise ImportRefused(f"文件“{name}”没有数据行")
    at = {norm_header(h): i for i, h in enumerate(table.headers)}
    missing = [c for c in (NUMBER, SINCE) if c not in at] + ([] if USERNAME in at or PHONE in at else [USERNAME])
    if missing:
        raise ImportRefused(f"文件“{name}”缺少列：{'、'.join(missing)}")
    if table.total > MAX_ROWS:
        raise ImportRefused(f"文件“{name}”有{table.total:,}行，超过单次导入{MAX_ROWS:,}行的上限")
    outcome = Outcome()
    good: list[tuple[int, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for number, cells in table.rows():
        if not any(str(c or "").strip() for c in cells):
            continue
        outcome.total += 1
        checked = _row(by, number, list(cells), at, outcome.errors)
        if checked is None:
            continue
        key = (checked[0].pk, checked[1].pk)
        if key in seen:
            outcome.errors.append(RowError(number, NUMBER, "与前面的行重复（同一户同一帮扶责任人）"))
            continue
        seen.add(key)
        good.append((number, checked))
    if outcome.errors and not valid_only:
        return outcome
    with transaction.atomic():
        for _number, (household, cadre, since) in good:
            if Pairing.objects.filter(household=household, cadre=cadre, until__isnull=True).exists():
                outcome.already += 1
                continue
            services.pairing_create(by=by, household=household, cadre=cadre, since=since)
            outcome.created += 1
    outcome.written = True
    return outcome
