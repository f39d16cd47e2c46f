"""``shoudi lowincome_daily [--today YYYY-MM-DD]``: the daily work of the low-income register — end the 低保
memberships whose 渐退期 has passed (reason 渐退期满), each household put under early warning (a monitoring lead).
Safe to run more than once a day: what it ended is not ended again. Call it from cron or a systemd timer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.lowincome.followups import phase_out_expire


class Command(BaseCommand):
    help = "低收入人口每日处理：渐退期满的低保自动退出并纳入监测预警"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="以哪一天为今天 YYYY-MM-DD，默认今天（补跑时用）")

    def handle(self, *args: Any, **opts: Any) -> None:
        today = timezone.localdate()
        if opts.get("today"):
            try:
                given = dt.date.fromisoformat(opts["today"])
            except ValueError:
                raise CommandError(f"日期“{opts['today']}”不是 YYYY-MM-DD 格式") from None
            if given > today:
                raise CommandError(f"日期 {given.isoformat()} 晚于今天，不能提前处理")
            today = given
        ended = phase_out_expire(today)
        self.stdout.write(self.style.SUCCESS(f"{today.isoformat()}：渐退期满退出低保 {len(ended)} 户，已纳入监测预警"))
        for membership in ended:
            self.stdout.write(f"  {membership.household.number} 渐退期至 {membership.phase_out_until}")
