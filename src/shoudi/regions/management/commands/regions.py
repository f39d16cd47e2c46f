from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.regions import loader
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "行政区划：load 载入2023年五级区划（可按省），count 统计已载入的行数"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "count"])
        parser.add_argument("--province", nargs="*", default=[], help="只载入这些省（2位代码，如 52）；缺省为全国")

    def handle(self, *args: Any, action: str, province: list[str], **options: Any) -> None:
        if action == "count":
            self.stdout.write(f"{Region.objects.count()} 行")
            return
        started = time.perf_counter()

        def progress(done: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  已写入 {done:,} 行")

        try:
            count = loader.load(province or None, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        scope = "全国" if not province else "、".join(province)
        self.stdout.write(
            self.style.SUCCESS(f"已载入{scope}行政区划 {count:,} 行，用时 {time.perf_counter() - started:.1f} 秒")
        )
