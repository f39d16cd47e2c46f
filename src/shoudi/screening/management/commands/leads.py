"""``shoudi leads export --area CODE [--format json|xlsx] FILE|-``: the open screening leads of an area."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.core.exports import Column, open_export
from shoudi.regions.models import Region
from shoudi.screening.services import open_leads

COLUMNS = (
    ("household_number", "户编号"),
    ("village_code", "村代码"),
    ("rule", "规则"),
    ("risk_type", "风险类型"),
    ("evidence", "佐证"),
    ("first_seen", "首次发现"),
    ("last_seen", "最近发现"),
)
TEXT_KEYS = {"household_number", "village_code"}  # codes: kept as text in the sheet


class Command(BaseCommand):
    help = "导出区域内未办结的部门筛查线索"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出线索")
        export.add_argument("--area", required=True, help="区划代码")
        export.add_argument("--format", default="json", choices=("json", "xlsx"))
        export.add_argument("file", help="输出文件，- 表示标准输出（仅 json）")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        if not Region.objects.filter(code=opts["area"]).exists():
            raise CommandError(f"区划代码 {opts['area']} 不存在")
        rows = open_leads(opts["area"])
        target = opts["file"]
        if opts["format"] == "json":
            text = json.dumps(rows, ensure_ascii=False, indent=2)
            if target == "-":
                self.stdout.write(text)
            else:
                with open(target, "w", encoding="utf-8") as fh:
                    fh.write(text)
        else:
            if target == "-":
                raise CommandError("xlsx 格式请指定输出文件")
            _xlsx(rows, target)
        print(f"已导出 {len(rows)} 条线索", file=sys.stderr)


def _xlsx(rows: list[dict[str, Any]], path: str) -> None:
    columns = [Column(label, "text" if key in TEXT_KEYS else "auto", key=key) for key, label in COLUMNS]
    with open_export(path, "xlsx") as book:
        book.sheet("筛查线索", columns).write_rows(rows)
