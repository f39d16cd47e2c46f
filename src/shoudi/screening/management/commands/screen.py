"""``shoudi screen run --area CODE --as-of DATE [--engine duckdb|postgres|spark] [--spark-master URL]``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.regions.models import Region
from shoudi.screening.engines import ENGINES
from shoudi.screening.models import ScreeningRun
from shoudi.screening.rules import RULES
from shoudi.screening.services import run_create


class Command(BaseCommand):
    help = "部门数据筛查预警：按规则比对部门数据和基础数据库，生成线索"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="运行一次筛查")
        run.add_argument("--area", required=True, help="区划代码（省、市、县、乡或村）")
        run.add_argument("--as-of", help="筛查日期 YYYY-MM-DD，默认今天")
        run.add_argument("--engine", default="duckdb", choices=ENGINES, help="计算引擎，默认 duckdb")
        run.add_argument("--spark-master", default="local[2]", help="Spark 集群地址，如 spark://host:7077")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts.get("as_of") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"筛查日期格式应为 YYYY-MM-DD：{opts['as_of']}") from exc
        region = Region.objects.filter(code=opts["area"]).first()
        if region is None:
            raise CommandError(f"区划代码 {opts['area']} 不存在")
        run = run_create(
            by=None,
            area_code=region.code,
            as_of=as_of,
            engine=opts["engine"],
            spark_master=opts["spark_master"],
            run_now=True,
        )
        if run.status != ScreeningRun.Status.DONE:
            raise CommandError(f"筛查失败：{run.error or (run.job.error if run.job else '')}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{region.name}（{region.code}）筛查日期 {as_of}，引擎 {run.engine}，用时 {run.seconds} 秒"
            )
        )
        for rule in RULES:
            self.stdout.write(f"  {rule.id}（{rule.label}）：{run.counts_by_rule.get(rule.id, 0)} 户")
        d = run.diff
        self.stdout.write(
            f"新建线索 {run.leads_created}，追加佐证 {run.leads_updated}，户籍变动待办 {run.register_updates_created}；"
            f"与上次比较：新增 {d.get('new', 0)}，持续 {d.get('continuing', 0)}，已消失 {d.get('resolved', 0)}"
        )
