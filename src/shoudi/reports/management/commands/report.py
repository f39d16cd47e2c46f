"""``shoudi report monthly --area 520628 --month 2026-10 FILE.xlsx`` (or ``annual --year 2026``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.regions.models import Region
from shoudi.reports import layout
from shoudi.reports.generator import generate
from shoudi.reports.periods import Period
from shoudi.reports.xlsx import workbook


class Command(BaseCommand):
    help = "生成区域的月报或年报（XLSX）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["monthly", "annual"], help="monthly 月报 / annual 年报")
        parser.add_argument("file", help="输出的 XLSX 文件")
        parser.add_argument("--area", required=True, help="区划代码（县 6 位、市 4 位、省 2 位…）")
        parser.add_argument("--month", default="", help="月报的月份，如 2026-10")
        parser.add_argument("--year", default="", help="年报的年度，如 2026")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Region.objects.filter(pk=options["area"]).first()
        if area is None:
            raise CommandError(f"区划代码 {options['area']} 不存在")
        try:
            if options["kind"] == "monthly":
                if not options["month"]:
                    raise CommandError("月报需要 --month，如 --month 2026-10")
                period = Period.parse(options["month"])
                if period.kind != "month":
                    raise CommandError("--month 应为“年-月”，如 2026-10")
            else:
                if not options["year"].isdigit():
                    raise CommandError("年报需要 --year，如 --year 2026")
                period = Period.parse(options["year"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        g = generate(area, period)
        content = layout.content(g)
        kind = "月报" if options["kind"] == "monthly" else "年报"
        meta = [
            ("区域", f"{area.name}（{area.code}）"),
            ("报告期", period.key),
            ("数据时间", g.data_time.isoformat()),
            ("指标版本", "；".join(f"{k}=v{v}" for k, v in sorted(g.versions.items()))),
        ]
        Path(options["file"]).write_bytes(workbook(f"{area.name}{period.label}{kind}", content["tables"], meta=meta))
        self.stdout.write(
            f"已生成 {options['file']}：{area.name} {period.label}{kind}，{len(g.rows)} 行，{g.seconds:.2f} 秒"
        )
