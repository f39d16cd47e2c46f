"""``shoudi import households FILE [--valid-only] [--as USERNAME] [--dry-run] [--rejected OUT.xlsx]`` and
``shoudi import income FILE [--valid-only] [--as USERNAME] [--dry-run] [--year YYYY] [--rejected OUT.xlsx]``.

Both stage the import: every row is checked first and the errors reported by row and column; by default
nothing is written unless all rows are valid (``--valid-only``: the households whose rows are all valid)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.income.io import pipeline as income_pipeline
from shoudi.registry.io import pipeline as household_pipeline
from shoudi.registry.io.actors import SystemActor, user_by_name
from shoudi.registry.io.errors import ImportRefused
from shoudi.registry.io.progress import TqdmProgress

SHOWN = 50


class Command(BaseCommand):
    help = (
        "从 Excel/CSV 导入农户和成员（households）或收入核算表（income）：先校验全部行，默认全部无误才写入（一个事务）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "entity", choices=["households", "income"], help="households：农户和成员；income：收入核算表"
        )
        parser.add_argument("file", help="要导入的 .xlsx/.xls/.ods/.csv 文件")
        parser.add_argument("--valid-only", action="store_true", help="只导入无误的户，有错的整户不导入")
        parser.add_argument("--as", dest="username", help="以该用户的身份和区域导入（缺省：系统，不限区域）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--year", type=int, help="收入核算表：文件没有“年度”列或该列为空时的年度")
        parser.add_argument(
            "--rejected", help="未导入的行（含错误说明）写到此 .xlsx 文件；--valid-only 时缺省写在原文件旁"
        )

    def handle(
        self, *args: Any, entity: str, file: str, valid_only: bool, username: str | None, dry_run: bool, **opts: Any
    ) -> None:
        if entity == "households" and opts.get("year") is not None:
            raise CommandError("--year 只用于导入收入核算表（income）")
        pipeline: Any = income_pipeline if entity == "income" else household_pipeline
        started = time.perf_counter()
        progress = TqdmProgress(file=sys.stderr, disable=opts["verbosity"] == 0)
        try:
            actor = user_by_name(username) or SystemActor()
            outcome: Any
            if entity == "income":
                outcome = income_pipeline.prepare(file, actor=actor, year=opts.get("year"), progress=progress)
            else:
                outcome = household_pipeline.prepare(file, actor=actor, progress=progress)
            self._report(entity, outcome.plan)
            rejected = opts.get("rejected")
            if outcome.plan.error_count and (rejected or valid_only):
                path = Path(rejected) if rejected else Path(file).with_name(f"{Path(file).stem}-未导入.xlsx")
                pipeline.write_rejected(outcome, path)
                self.stdout.write(f"未导入的行及错误说明已写入：{path}")
            if dry_run:
                self.stdout.write("试运行（--dry-run）：未写入任何数据")
                return
            reason = f"{'收入核算表' if entity == 'income' else '批量'}导入：{Path(file).name}"
            result = pipeline.apply(outcome, actor=actor, valid_only=valid_only, reason=reason, progress=progress)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        r = result
        if entity == "income":
            done = (
                f"导入完成：新建{r.created_sheets:,}张、修改{r.updated_sheets:,}张收入核算表，"
                f"无变化{r.unchanged_sheets:,}张；写入{r.lines_written:,}个条目"
            )
        else:
            done = (
                f"导入完成：新增{r.created_households:,}户、{r.created_persons:,}人；"
                f"修改{r.updated_households:,}户、{r.updated_persons:,}人；无变化{r.unchanged_households:,}户"
            )
        self.stdout.write(self.style.SUCCESS(f"{done}；用时{time.perf_counter() - started:.1f}秒"))

    def _report(self, entity: str, plan: Any) -> None:
        s = plan.summary()
        if entity == "income":
            self.stdout.write(
                f"共{s['rows']:,}行、{s['households']:,}户、{s['sheets']:,}张年度核算表；"
                f"无误{s['valid_households']:,}户（{s['valid_lines']:,}个条目），有错{s['bad_households']:,}户"
            )
        else:
            self.stdout.write(
                f"共{s['rows']:,}行、{s['households']:,}户；无误{s['valid_households']:,}户"
                f"（其中新户{s['new_households']:,}、已有{s['existing_households']:,}），有错{s['bad_households']:,}户"
            )
        if not plan.error_count:
            return
        self.stdout.write(self.style.WARNING(f"发现{plan.error_count:,}处错误："))
        for error in plan.errors[:SHOWN]:
            self.stdout.write(f"  {error}")
        if plan.error_count > SHOWN:
            self.stdout.write(f"  …… 另有{plan.error_count - SHOWN:,}处错误，见未导入行文件（--rejected）")
