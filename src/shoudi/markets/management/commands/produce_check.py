"""``shoudi produce_check --area <code> [--engine duckdb|postgres] [--full] [--as-of DATE]``: the unsold-produce check
(农副产品滞销监测预警) over an area — the latest period of each key product's series, or every period with
``--full`` — writing new warnings (re-running raises nothing twice) and a check-run row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.markets import produce_check
from shoudi.markets.produce_engine import ENGINES, EngineError
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "农副产品滞销监测预警：检查区域内重点农产品的价格和库存，生成预警"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="县（6位）或更大区域的区划代码")
        parser.add_argument("--engine", default="duckdb", choices=ENGINES, help="计算引擎（默认 duckdb）")
        parser.add_argument("--full", action="store_true", help="检查全部历史各期（补算），默认只检查各产品最新一期")
        parser.add_argument("--as-of", default="", help="检查截至日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args: Any, **opts: Any) -> None:
        area = str(opts["area"]).strip()
        if not area.isdigit() or not Region.objects.filter(code=area).exists():
            raise CommandError(f"区划代码“{area}”不存在")
        as_of = None
        if opts["as_of"]:
            try:
                as_of = dt.date.fromisoformat(opts["as_of"].strip())
            except ValueError:
                raise CommandError(f"检查截至日期“{opts['as_of']}”无效，应为 YYYY-MM-DD") from None
        try:
            run = produce_check.check_run(
                by=None, area_code=area, engine_name=opts["engine"], full=opts["full"], as_of=as_of
            )
        except EngineError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"滞销预警检查完成（{run.engine}）：{run.series} 个产品、{run.rows} 行数据，新增预警 {run.raised} 条，用时 {run.seconds:.2f} 秒"
        )
