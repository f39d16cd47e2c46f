"""``shoudi feeds import --source 医保结算 FILE [--as USERNAME | --area CODE] [--mapping …] [--dry-run]``
and ``shoudi feeds template --source ID FILE``.

The import runs the steps of the upload page in process: check the file and its columns, validate every
row, match ID numbers, report (rows rejected and unmatched, by row and column), then write the records in
one transaction. The same file for the same source and area is refused as a duplicate."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.feeds import services
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.parse import FeedRefused
from shoudi.feeds.sources import SOURCES_LIST, UnknownSource, get_source
from shoudi.feeds.writers import write_template
from shoudi.registry.io.actors import user_by_name
from shoudi.registry.io.progress import TqdmProgress

SHOWN = 50
SOURCE_HELP = "数据来源编号或名称：" + "、".join(f"{s.id}（{s.label}）" for s in SOURCES_LIST)


def parse_mapping(text: str | None) -> dict[str, str]:
    """``--mapping``: a JSON file or object ``{"原表列名": "模板列名"}``, or ``原表列名=模板列名,…``."""
    if not text:
        return {}
    path = Path(text)
    if path.suffix.lower() == ".json" and path.exists():
        text = path.read_text(encoding="utf-8")
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--mapping 不是有效的 JSON：{exc}") from None
        return {str(k): str(v) for k, v in data.items()}
    result: dict[str, str] = {}
    for pair in text.replace("，", ",").split(","):
        if not pair.strip():
            continue
        if "=" not in pair:
            raise CommandError(f"--mapping 的“{pair}”应写成 原表列名=模板列名")
        theirs, ours = pair.split("=", 1)
        result[theirs.strip()] = ours.strip()
    return result


class Command(BaseCommand):
    help = "部门数据：按来源导入部门报送的 Excel/CSV（import），或下载某一来源的模板（template）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入一个部门数据文件")
        imp.add_argument("--source", required=True, help=SOURCE_HELP)
        imp.add_argument("file", help=".xlsx/.xls/.ods/.csv 文件")
        imp.add_argument("--as", dest="username", help="以该部门数据员的身份和区域导入")
        imp.add_argument("--area", help="不用 --as 时：数据所属的县级区划代码（系统导入，无上传人）")
        imp.add_argument("--mapping", help="列对应关系：JSON 文件、JSON 对象，或 原表列名=模板列名,…")
        imp.add_argument("--period-from", help="数据期间（起），YYYY-MM-DD")
        imp.add_argument("--period-to", help="数据期间（止），YYYY-MM-DD")
        imp.add_argument("--dry-run", action="store_true", help="只校验和比对，不写入（批次不保留）")
        tpl = sub.add_parser("template", help="写出某一来源的模板")
        tpl.add_argument("--source", required=True, help=SOURCE_HELP)
        tpl.add_argument("file", help="输出文件（.xlsx 或 .csv）")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        try:
            source = get_source(opts["source"])
        except UnknownSource as exc:
            raise CommandError(str(exc.args[0])) from None
        if action == "template":
            path = write_template(source, opts["file"])
            self.stdout.write(self.style.SUCCESS(f"已写出“{source.label}”模板：{path}"))
            return
        self._import(source, opts)

    def _import(self, source: Any, opts: dict[str, Any]) -> None:
        import datetime as dt

        started = time.perf_counter()
        file = Path(opts["file"])
        if not file.exists():
            raise CommandError(f"找不到文件“{file}”")
        try:
            period = [dt.date.fromisoformat(v) if v else None for v in (opts["period_from"], opts["period_to"])]
        except ValueError as exc:
            raise CommandError(f"数据期间应写成 YYYY-MM-DD：{exc}") from None
        progress = TqdmProgress(file=getattr(self.stderr, "_out", sys.stderr), disable=opts["verbosity"] == 0)
        batch: FeedBatch | None = None
        try:
            user = user_by_name(opts.get("username"))
            if user is None and not opts.get("area"):
                raise CommandError("请用 --as 指定部门数据员账号，或用 --area 指定县级区划代码")
            with open(file, "rb") as fh:
                batch = services.stage_upload(
                    by=user,
                    source=source,
                    upload=File(fh, name=file.name),
                    name=file.name,
                    area_code=opts.get("area") or "",
                    period_from=period[0],
                    period_to=period[1],
                    mapping=parse_mapping(opts.get("mapping")),
                    background=False,
                )
            outcome = services.validate_batch(batch, progress=progress)
            progress.close()
            self._report(batch, outcome)
            if opts["dry_run"]:
                batch.delete()
                batch = None
                self.stdout.write("试运行（--dry-run）：未写入任何数据")
                return
            if not outcome.matched:
                raise FeedRefused("文件中没有可写入的行")
            services.apply_batch(batch, by=user, progress=progress)
        except FeedRefused as exc:
            if batch is not None:
                services.fail_batch(batch, str(exc))
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        batch.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"写入完成：{batch.rows_matched + batch.rows_unmatched:,}行（已匹配{batch.rows_matched:,}、"
                f"未匹配{batch.rows_unmatched:,}），退回{batch.rows_rejected:,}行；批次 {batch.pk}；"
                f"用时{time.perf_counter() - started:.1f}秒"
            )
        )

    def _report(self, batch: FeedBatch, outcome: Any) -> None:
        c = outcome.counts()
        self.stdout.write(
            f"“{batch.source_label}”共{c['rows_total']:,}行：退回{c['rows_rejected']:,}行，"
            f"已匹配{c['rows_matched']:,}行，未匹配{c['rows_unmatched']:,}行"
        )
        errors = outcome.parsed.errors
        if errors:
            self.stdout.write(self.style.WARNING(f"发现{outcome.parsed.error_count:,}处错误："))
            for error in errors[:SHOWN]:
                self.stdout.write(f"  {error}")
            if outcome.parsed.error_count > SHOWN:
                self.stdout.write(f"  …… 另有{outcome.parsed.error_count - SHOWN:,}处错误，见批次的退回行文件")
            if batch.rejected_file:
                self.stdout.write(f"退回的行及错误说明：{batch.rejected_file.path}")
        if batch.unmatched_file:
            self.stdout.write(f"未匹配的行：{batch.unmatched_file.path}")
