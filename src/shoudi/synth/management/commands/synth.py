"""``shoudi synth county|province|load-province``: synthetic data for demos, tests and benchmarks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.synth.feeds_loader import FeedLoadError, load_feeds
from shoudi.synth.loader import LoadError, load_province
from shoudi.synth.province import ProvinceError, write_province
from shoudi.synth.writer import SynthError, write_county


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text!r}") from None


class Command(BaseCommand):
    help = (
        "生成模拟数据：county 在真实村级区划上生成一个县写入数据库；province 生成全省数据写成 Parquet 文件；"
        "load-province 把 province 生成的 Parquet 文件载入数据库（可同时生成监测对象、帮扶措施和线索）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        county = sub.add_parser("county", help="生成一个县的模拟农户、成员和收支记录，写入数据库")
        county.add_argument("--county", default="520628", help="县级代码，默认 520628 松桃苗族自治县")
        county.add_argument("--households", type=int, default=20000, help="户数，默认 20000")
        county.add_argument("--seed", type=int, default=1, help="随机种子：相同种子生成相同数据")
        county.add_argument("--as-of", dest="as_of", help="参考日期 YYYY-MM-DD：收支为其前12个整月，默认本月")
        county.add_argument("--replace", action="store_true", help="先删除该县已有的模拟户")

        province = sub.add_parser("province", help="生成全省模拟数据，直接写成 Parquet 文件（不经数据库）")
        province.add_argument("--province", default="52", help="省级代码，默认 52 贵州省")
        province.add_argument("--persons", type=int, default=10_000_000, help="人数，默认 10,000,000")
        province.add_argument("--out", required=True, help="输出目录")
        province.add_argument("--seed", type=int, default=1)
        province.add_argument("--as-of", dest="as_of", help="参考日期 YYYY-MM-DD，默认本月")
        province.add_argument("--workers", type=int, default=None, help="并行进程数，默认为CPU数")
        province.add_argument("--chunk-households", type=int, default=200_000, help="每个分片文件的最多户数")
        province.add_argument("--replace", action="store_true", help="覆盖输出目录中已有的 Parquet 文件")

        load = sub.add_parser(
            "load-province",
            help="把 synth province 生成的 Parquet 目录载入数据库（PostgreSQL 用 COPY），需先载入该省行政区划",
        )
        load.add_argument("--from", dest="source", required=True, help="synth province --out 的目录")
        load.add_argument(
            "--monitoring-share",
            type=float,
            default=0.03,
            help="生成监测对象的农户比例，默认 0.03（3%%），同时生成风险类型、帮扶计划、措施和约1.5倍的线索；0 表示不生成",
        )
        load.add_argument("--seed", type=int, default=1, help="监测数据的随机种子")
        load.add_argument("--as-of", dest="as_of", help="监测数据的参考日期 YYYY-MM-DD（此前约18个月内发现），默认今天")
        load.add_argument("--replace", action="store_true", help="先删除该省已有的模拟户（17位户编号）及其监测数据")
        load.add_argument(
            "--feeds", metavar="FILE.parquet", help="同时载入部门数据（Parquet 文件，按身份证号匹配到载入的人员）"
        )
        feeds = sub.add_parser("load-feeds", help="把部门数据 Parquet 文件载入已载入模拟数据的省（批次状态为已写入）")
        feeds.add_argument("--file", required=True, metavar="FILE.parquet", help="部门数据文件")
        feeds.add_argument("--province", default="52", help="省级代码，默认 52")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options.get("as_of") else None
        verbose = options["verbosity"] >= 2
        try:
            if action == "load-province":
                self._load(as_of, verbose, options)
                return
            if action == "load-feeds":
                self._load_feeds(options["file"], options["province"])
                return
            if action == "county":
                if options["households"] < 1:
                    raise CommandError("户数应大于0")
                summary = write_county(
                    options["county"],
                    options["households"],
                    options["seed"],
                    as_of=as_of,
                    replace=options["replace"],
                    progress=(lambda n: self.stdout.write(f"  已生成 {n:,} 户")) if verbose else None,
                )
            else:
                if options["persons"] < 1:
                    raise CommandError("人数应大于0")
                summary = write_province(
                    options["province"],
                    options["persons"],
                    options["out"],
                    options["seed"],
                    as_of=as_of,
                    workers=options["workers"],
                    chunk_households=options["chunk_households"],
                    replace=options["replace"],
                    progress=(lambda n: self.stdout.write(f"  已写出 {n:,} 人")) if verbose else None,
                )
        except (SynthError, ProvinceError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def _load(self, as_of: dt.date | None, verbose: bool, options: dict[str, Any]) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  已载入 {done:,} / {total:,} 户")

        try:
            summary = load_province(
                options["source"],
                replace=options["replace"],
                monitoring_share=options["monitoring_share"],
                seed=options["seed"],
                as_of=as_of,
                progress=progress if verbose else None,
                feeds=options.get("feeds"),
            )
        except (LoadError, FeedLoadError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def _load_feeds(self, path: str, code: str) -> None:
        from django.db import transaction

        from shoudi.regions.models import Level, Region
        from shoudi.synth.feeds_loader import analyze_feeds

        province = Region.objects.filter(code=code, level=Level.PROVINCE).first()
        if province is None:
            raise CommandError(f"尚未载入省级代码 {code} 的行政区划")
        try:
            with transaction.atomic():
                counts = load_feeds(path, province)
        except FeedLoadError as exc:
            raise CommandError(str(exc)) from exc
        analyze_feeds()  # millions of new rows: without statistics the screening's join plans go wrong
        shown = "，".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"已载入部门数据 {sum(counts.values()):,} 行（{shown}）"))
