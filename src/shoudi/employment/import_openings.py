"""Openings from a spreadsheet (岗位需求导入): one row per opening, the employers created on the way. Synchronous
— at most ``MAX_ROWS`` rows — and all or nothing: every row is checked first, each problem listed as
"第N行 列名：问题", and nothing is written unless every row is good.

Reads the file with the registry's reader (XLSX/XLS/ODS through python-calamine, CSV in UTF-8 or GB18030: size,
type and encoding checks) and parses cells with ``core.inputs``; the writes go through the job database's own
services (``jobs.employer_create`` / ``jobs.opening_create``, source 表格导入), so every row is audited.

An employer is found by its name among those registered in the importer's area; a name not found is created in
the importer's area, its 类型 then required."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.core import exports
from shoudi.core.access import in_area
from shoudi.core.inputs import Errors, choice, date_value, money, text
from shoudi.employment import codes, jobs
from shoudi.employment.access import MANAGE_JOBS, require_may
from shoudi.employment.models import Employer
from shoudi.regions.models import Level, Region
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import open_tables

MAX_ROWS = 5_000
MAX_ERRORS = 200
COLUMNS: dict[str, str] = {  # header → key
    "用工主体": "employer",
    "类型": "kind",
    "统一社会信用代码": "credit_code",
    "岗位名称": "title",
    "技能要求": "skills",
    "工作地点类别": "place",
    "工作地（乡镇）": "workplace",
    "工作地点": "place_detail",
    "月薪下限": "pay_min",
    "月薪上限": "pay_max",
    "招聘人数": "headcount",
    "年龄上限": "age_max",
    "发布日期": "opens_on",
    "截止日期": "closes_on",
    "联系人": "contact",
    "联系电话": "phone",
}
REQUIRED = ("用工主体", "岗位名称", "工作地点类别", "发布日期")
HEADER_OF = {key: header for header, key in COLUMNS.items()} | {"name": "用工主体", "area": "用工主体"}
KEY_OF = {norm_header(h): k for h, k in COLUMNS.items()}
MARKERS = frozenset({norm_header("岗位名称")})
EXAMPLE = {
    "用工主体": "松桃县苗绣服饰有限公司",
    "类型": "就业帮扶车间",
    "岗位名称": "缝纫工",
    "技能要求": "缝纫、苗绣",
    "工作地点类别": "县内",
    "工作地（乡镇）": "盘石镇",
    "工作地点": "盘石镇易地搬迁安置点帮扶车间",
    "月薪下限": "2800",
    "月薪上限": "3500",
    "招聘人数": "10",
    "年龄上限": "55",
    "发布日期": "2026-11-01",
    "截止日期": "2026-12-31",
}


@dataclass
class Checked:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    plan: list[tuple[str, jobs.OpeningInput, jobs.EmployerInput | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    openings: int
    employers: int


class OpeningImportRefused(ValidationError):
    """Some rows are bad: nothing was written; ``errors`` lists them."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([str(e) for e in errors[:MAX_ERRORS]])


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    raw = str(value)
    if len(raw) > 1 and raw[0] == exports.GUARD and raw[1] in exports.FORMULA_PREFIXES:
        raw = raw[1:]
    return raw.replace("\x00", "").strip()


def read_rows(path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    tables = [t for t in open_tables(path, name=name, markers=MARKERS) if t.total > 0]
    table = next((t for t in tables if MARKERS & {norm_header(h) for h in t.headers}), None)
    if table is None:
        raise ImportRefused(f"文件“{name}”中找不到“岗位名称”列（请使用岗位导入模板）")
    header = [norm_header(h) for h in table.headers]
    missing = [h for h in REQUIRED if norm_header(h) not in header]
    if missing:
        raise ImportRefused(f"文件“{name}”缺少列：{'、'.join(missing)}（请使用岗位导入模板）")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows():
        values = {KEY_OF[h]: cell_text(v) for h, v in zip(header, cells, strict=False) if h in KEY_OF}
        if any(values.values()):
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(f"文件“{name}”超过{MAX_ROWS:,}行岗位，请拆分后分批导入")
            rows.append((number, values))
    if not rows:
        raise ImportRefused(f"文件“{name}”中没有岗位数据行")
    return rows


def _integer(value: str, field: str, label: str, *, low: int, high: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValidationError({field: f"{label}“{value[:20]}”应为{low}–{high}之间的整数"})
    return int(value)


def _townships(county: str) -> dict[str, str]:
    found = Region.objects.filter(in_area("code", county), level=Level.TOWNSHIP).values_list("code", "name")
    return {name: code for code, name in found} | {code: code for code, _ in found}


def _row(by: Any, row: dict[str, str], employers: dict[str, list[Employer]], towns: dict[str, str]) -> Any:
    e = Errors()
    name = e.take(text, row.get("employer"), "employer", "用工主体", max_length=200) or ""
    found = employers.get(name, [])
    new_employer = None
    if len(found) > 1:
        places = "、".join(x.area.name for x in found[:3])
        e.add(ValidationError({"employer": f"“{name}”在{places}都有登记，请在系统中录入该岗位"}))
    elif not found and name:
        kind = e.take(choice, row.get("kind"), codes.EmployerKind, "kind", "类型（新用工主体必填）")
        if kind:
            new_employer = jobs.EmployerInput(
                name=name,
                kind=kind,
                area_code=by.area_id,
                credit_code=row.get("credit_code", ""),
                contact=row.get("contact", ""),
                phone=row.get("phone", ""),
            )
    town = row.get("workplace", "").strip()
    entry = jobs.OpeningInput(
        title=e.take(text, row.get("title"), "title", "岗位名称", max_length=100) or "",
        skills=e.take(text, row.get("skills"), "skills", "技能要求", required=False) or "",
        place=e.take(choice, row.get("place"), codes.WorkPlace, "place", "工作地点类别") or "",
        workplace_code=towns.get(town, town),
        place_detail=e.take(text, row.get("place_detail"), "place_detail", "工作地点", required=False) or "",
        pay_min=e.take(money, row.get("pay_min"), "pay_min", "月薪下限", required=False),
        pay_max=e.take(money, row.get("pay_max"), "pay_max", "月薪上限", required=False),
        headcount=e.take(_integer, row.get("headcount", ""), "headcount", "招聘人数", low=1, high=10_000) or 1,
        age_max=e.take(_integer, row.get("age_max", ""), "age_max", "年龄上限", low=16, high=80),
        opens_on=e.take(date_value, row.get("opens_on"), "opens_on", "发布日期"),
        closes_on=e.take(date_value, row.get("closes_on"), "closes_on", "截止日期", required=False),
    )
    e.raise_if_any()
    employer = found[0] if found else Employer(name=name, area_id=by.area_id, kind=new_employer.kind)  # type: ignore[union-attr]
    jobs.opening_values(entry, employer)  # the service's own checks, nothing written
    if new_employer is not None:
        jobs.employer_values(new_employer, by=by)
    return name, entry, new_employer


def check(by: Any, rows: list[tuple[int, dict[str, str]]]) -> Checked:
    require_may(by, MANAGE_JOBS, by.area_id)
    employers: dict[str, list[Employer]] = {}
    for employer in Employer.objects.filter(in_area("area_id", by.area_id)).select_related("area"):
        employers.setdefault(employer.name, []).append(employer)
    towns = _townships(by.area_id[:6])
    checked = Checked(rows=len(rows))
    for number, row in rows:
        try:
            checked.plan.append(_row(by, row, employers, towns))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    checked.errors.append(RowError(number, HEADER_OF.get(key, key), message))
    return checked


def import_file(*, by: Any, path: Path, name: str) -> Imported:
    """Check every row, then write all of them in one transaction — or, with any bad row, nothing."""
    checked = check(by, read_rows(path, name))
    if checked.errors:
        raise OpeningImportRefused(checked.errors)
    made: dict[str, Employer] = {}
    count = 0
    with transaction.atomic():
        existing = {e.name: e for e in Employer.objects.filter(in_area("area_id", by.area_id))}
        for employer_name, entry, new_employer in checked.plan:
            employer = made.get(employer_name) or existing.get(employer_name)
            if employer is None:
                assert new_employer is not None
                employer = made[employer_name] = jobs.employer_create(by=by, entry=new_employer)
            jobs.opening_create(by=by, employer=employer, entry=entry, source=codes.WorkSource.IMPORT)
            count += 1
    return Imported(openings=count, employers=len(made))


def import_upload(*, by: Any, upload: UploadedFile) -> Imported:
    """The uploaded file kept in a temporary file while it is read."""
    require_may(by, MANAGE_JOBS, by.area_id)
    name = (upload.name or "岗位.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200]
    suffix = Path(name).suffix.lower()[:8] or ".xlsx"
    fd, temp = tempfile.mkstemp(prefix="shoudi-openings-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_file(by=by, path=Path(temp), name=name)
    finally:
        Path(temp).unlink(missing_ok=True)


def template_bytes() -> bytes:
    """The import template: the header row (required columns marked), one example row, the 填写说明 sheet."""
    kinds = tuple(str(label) for _v, label in codes.EmployerKind.choices)
    places = tuple(str(label) for _v, label in codes.PLACE_CHOICES)

    def build(book: exports.Workbook) -> None:
        columns = [
            exports.Column(
                header,
                "text",
                required=header in REQUIRED,
                choices=kinds if key == "kind" else places if key == "place" else (),
            )
            for header, key in COLUMNS.items()
        ]
        book.sheet("岗位需求", columns).write(EXAMPLE)
        book.instructions(
            "每行一个岗位；用工主体按名称在本辖区查找，找不到的自动新建（须填类型）。所有行检查无误才会导入。",
            [
                ("用工主体", "是", "企业、合作社、帮扶车间等的名称", ""),
                ("类型", "新用工主体必填", "用工主体类型", "、".join(kinds)),
                ("工作地点类别", "是", "", "、".join(places)),
                ("工作地（乡镇）", "否", "县内岗位填写乡镇名称或代码", ""),
                ("月薪下限/上限", "否", "元，最多两位小数", ""),
                ("招聘人数", "否", "默认1", "1–10000"),
                ("发布日期/截止日期", "发布日期必填", "如 2026-11-01", ""),
            ],
        )

    return exports.export_bytes(build)
