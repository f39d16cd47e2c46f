"""``shoudi lowincome_entitlements --area 520628 --year 2026 [--today YYYY-MM-DD]``: check the members of the
area's 特困 / 低保 households and 脱贫户 against the year's 医保 and 教育 data and write the 待落实 items (as the
county officer's 核对 button does). Run it after each department upload, or nightly from cron."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.lowincome.entitlements import check_entitlements
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "核对低保、特困人员和脱贫户成员应享待遇（医保参保资助、医疗救助、大学新生资助、学费住宿费补助）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="区划代码（县 6 位，也可为省、市、乡、村）")
        parser.add_argument("--year", required=True, type=int, help="核对年度，如 2026")
        parser.add_argument("--today", default="", help="核对日期 YYYY-MM-DD，默认今天（年度未结束时只看到这一天）")

    def handle(self, *args: Any, **opts: Any) -> None:
        area = Region.objects.filter(code=str(opts["area"])).first()
        if area is None:
            raise CommandError(f"区划代码 {opts['area']} 不存在")
        try:
            today = dt.date.fromisoformat(opts["today"]) if opts["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"核对日期“{opts['today']}”不是 YYYY-MM-DD 格式的日期") from None
        try:
            counts = check_entitlements(area.code, opts["year"], today)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{area.name}（{area.code}）{opts['year']}年度：核对 {counts['members']} 人，"
                f"新增待落实 {counts['opened']} 项，自动办结 {counts['delivered']} 项，"
                f"数据更新 {counts['updated']} 项，目前待落实 {counts['open']} 项"
            )
        )
