"""``shoudi monitoring demo``: walk some households of the demo village through the real procedures, so the
demo accounts (created by ``shoudi demo``) find leads, cases at each step, overdue ones and visits due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.monitoring import codes, services
from shoudi.monitoring.models import Case
from shoudi.registry.models import Household

STOPS = [
    codes.Status.ID_HOME_CHECK,
    codes.Status.ID_DATA_CHECK,
    codes.Status.ID_REVIEW,
    codes.Status.ID_TOWNSHIP,
    codes.Status.ID_DECISION,
    codes.Status.MONITORED,
    codes.Status.MONITORED,
]


class Command(BaseCommand):
    help = "为演示账号生成动态监测示例（线索、各环节的监测对象），全部经由正式办理流程"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="生成示例")
        demo.add_argument("--cases", type=int, default=14)

    def handle(self, *args: Any, action: str, cases: int = 14, **opts: Any) -> None:
        from shoudi.monitoring.testing.builders import Driver, days_ago

        names = ("demo_village", "demo_township", "demo_county")
        found = {u.username: u for u in User.objects.filter(username__in=names)}
        if len(found) != len(names):
            raise CommandError("请先运行 shoudi demo 创建演示账号")
        contact = found["demo_village"]
        if Case.objects.filter(village_id=contact.area_id).exists():
            self.stdout.write("演示村已有监测对象，跳过")
            return
        driver = Driver(contact=contact, township=found["demo_township"], county=found["demo_county"])
        households = list(Household.objects.filter(village_id=contact.area_id).order_by("number")[: cases + 3])
        if len(households) < cases + 3:  # a small demo county (DEMO_HOUSEHOLDS): fewer cases, not a failed demo
            cases = max(len(households) - 3, 0)
            self.stdout.write(f"演示村只有 {len(households)} 户，生成 {cases} 个监测对象")
        today = timezone.localdate()
        made = 0
        for n, household in enumerate(households[:cases]):
            stop = STOPS[n % len(STOPS)]
            start = 40 + n * 3 if stop == codes.Status.MONITORED else 14 + (n % 3) * 8  # some past the deadline
            case = driver.lead(household, days_ago(start))
            driver.identify(case, days_ago(start - 1), upto=stop)
            made += 1
        for household in households[cases:]:
            services.lead_create(
                by=contact,
                household=household,
                channel=codes.Channel.CADRE_VISIT,
                summary="走访发现家庭收入下降，需入户核实",
                reported_on=today - dt.timedelta(days=1),
            )
        self.stdout.write(self.style.SUCCESS(f"已生成 {made} 个监测对象和 3 条待核实线索（{contact.area_id}）"))
