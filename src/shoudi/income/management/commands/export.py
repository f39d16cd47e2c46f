"""``shoudi export households --area CODE FILE [--as USERNAME]`` (CSV or XLSX by the extension) and
``shoudi export income --area CODE --year YYYY FILE [--as USERNAME]`` (the wide layout, XLSX or CSV)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.income.io.files import export_income
from shoudi.registry.io.actors import SystemActor, user_by_name
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.export import export_households
from shoudi.registry.io.progress import TqdmProgress


class Command(BaseCommand):
    help = (
        "导出某区域的农户和成员（households）或某年度的收入核算表（income）到 .xlsx 或 .csv；无权查看完整证件号时脱敏"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "entity", choices=["households", "income"], help="households：农户和成员；income：收入核算表"
        )
        parser.add_argument("file", help="输出文件（.xlsx 或 .csv）")
        parser.add_argument("--area", required=True, help="区划代码（县、乡镇或村）")
        parser.add_argument("--year", type=int, help="收入核算年度（income 必填）")
        parser.add_argument("--as", dest="username", help="以该用户的身份导出（区域须在其负责范围内）")

    def handle(self, *args: Any, entity: str, file: str, area: str, username: str | None, **opts: Any) -> None:
        path = Path(file)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("文件扩展名应为 .xlsx 或 .csv")
        if entity == "income" and opts.get("year") is None:
            raise CommandError("导出收入核算表须指定 --year 年度")
        started = time.perf_counter()
        progress = TqdmProgress(file=sys.stderr, disable=opts["verbosity"] == 0)
        try:
            user = user_by_name(username) or SystemActor(area_id=area)
            if entity == "income":
                summary = export_income(user=user, area=area, year=opts["year"], path=path, progress=progress)
                what = f"{summary['sheets']:,}户的{summary['year']}年收入核算表"
            else:
                summary = export_households(user=user, area=area, path=path, progress=progress)
                what = f"{summary['households']:,}户、{summary['persons']:,}行"
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        masked = "" if summary["revealed"] else "（身份证号和电话已脱敏）"
        self.stdout.write(
            self.style.SUCCESS(f"已导出{what}到 {path}{masked}，用时{time.perf_counter() - started:.1f}秒")
        )
