"""``shoudi report monthly --area 520628 --month 2026-10 FILE.xlsx`` (or ``annual --year 2026``; the options may
also follow the file);
``shoudi report refresh-income --area 52`` rebuilds the village income summary (nightly by cron)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.core.access import in_area
from shoudi.regions.models import Region
from shoudi.reports import income, layout
from shoudi.reports.generator import generate
from shoudi.reports.models import IncomeMonth
from shoudi.reports.periods import Period
from shoudi.reports.xlsx import workbook


class Command(BaseCommand):
    help = "生成区域的月报或年报（XLSX）"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Options may come before or after the file, as the README writes it (``monthly --area … FILE``):
        argparse alone gives the optional file to the first positional slot and then refuses FILE."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=["monthly", "annual", "refresh-income"],
            help="monthly 月报 / annual 年报 / refresh-income 重建村月度收支汇总（收入指标的数据源）",
        )
        parser.add_argument("file", nargs="?", default="", help="输出的 XLSX 文件（月报、年报）")
        parser.add_argument("--area", required=True, help="区划代码（县 6 位、市 4 位、省 2 位…）")
        parser.add_argument("--month", default="", help="月报的月份，如 2026-10")
        parser.add_argument("--year", default="", help="年报的年度，如 2026")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Region.objects.filter(pk=options["area"]).first()
        if area is None:
            raise CommandError(f"区划代码 {options['area']} 不存在")
        if options["kind"] == "refresh-income":
            seconds = income.refresh(area.code)
            rows = IncomeMonth.objects.filter(in_area("village_id", area.code)).count()
            self.stdout.write(f"已重建 {area.name}（{area.code}）的村月度收支汇总：{rows:,} 行，{seconds:.1f} 秒")
            return
        if not options["file"]:
            raise CommandError("请给出输出的 XLSX 文件名")
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
            ("指标版本", layout.versions_text(g.versions)),
        ]
        Path(options["file"]).write_bytes(workbook(f"{area.name}{period.label}{kind}", content["tables"], meta=meta))
        self.stdout.write(
            f"已生成 {options['file']}：{area.name} {period.label}{kind}，{len(g.rows)} 行，{g.seconds:.2f} 秒"
        )
