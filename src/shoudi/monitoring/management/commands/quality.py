"""``shoudi quality run --area CODE | --all-counties [--as-of YYYY-MM-DD] [--enqueue]``: the data-quality checks
of dynamic monitoring (not to be confused with Django's ``shoudi check``, the configuration check).

For the nightly run, call it from cron or a systemd timer (``--all-counties`` runs every county that has
cases); ``--enqueue`` hands the work to the background worker (job kind QUALITY_CHECKS) instead of running it
here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.jobs.models import Job
from shoudi.monitoring.checks import CHECKS, checks_submit
from shoudi.monitoring.models import Case, QualityRun
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "防止返贫监测数据质量检查（各项问题及涉及的监测对象）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="运行检查")
        where = run.add_mutually_exclusive_group(required=True)
        where.add_argument("--area", help="区划代码（省、市、县、乡或村）")
        where.add_argument("--all-counties", action="store_true", help="逐县运行（有监测对象的县）")
        run.add_argument("--as-of", help="检查基准日 YYYY-MM-DD，默认今天")
        run.add_argument("--enqueue", action="store_true", help="交给后台任务执行")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts.get("as_of") else None
        except ValueError:
            raise CommandError(f"检查基准日“{opts['as_of']}”不是 YYYY-MM-DD 格式的日期") from None
        if opts.get("all_counties"):
            areas = sorted({code[:6] for code in Case.objects.values_list("village_id", flat=True).distinct()})
        else:
            areas = [opts["area"]]
        for area in areas:
            region = Region.objects.filter(code=area).first()
            if region is None:
                raise CommandError(f"区划代码 {area} 不存在")
            job = checks_submit(by=None, area_code=area, as_of=as_of, run_now=not opts.get("enqueue"))
            if opts.get("enqueue"):
                self.stdout.write(f"{region.name}（{area}）：已提交后台任务")
                continue
            if job.status != Job.Status.DONE:
                raise CommandError(f"{region.name}（{area}）检查失败：{job.error}")
            result = QualityRun.objects.get(pk=job.result["run"])
            self.stdout.write(
                self.style.SUCCESS(f"{region.name}（{area}）基准日 {result.as_of}，耗时 {result.seconds} 秒")
            )
            for check in CHECKS:
                self.stdout.write(f"  {check.label}：{result.counts.get(check.name, 0)}")
