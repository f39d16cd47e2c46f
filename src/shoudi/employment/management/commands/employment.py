"""``shoudi employment adopt --area 520628 [--on DATE]``: take the base database's work facts (务工地点, 务工月数,
工资性收入) into the labour database as open work spells (once, when a county starts using it;
``employment.adopt``).

``shoudi employment demo --area 520628``: the demo county's employers, openings, 公益性岗位, a 就业帮扶车间 and a
以工代赈 project (``employment.demo``; nothing new on a re-run)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.employment.adopt import adopt_registry_work
from shoudi.employment.codes import WorkPlace
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "就业帮扶：基础数据库务工信息转入劳动力数据库；演示数据"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        adopt = sub.add_parser("adopt", help="把基础数据库中的务工信息转入劳动力数据库（启用时运行一次）")
        adopt.add_argument("--area", required=True, help="县（6位）或更大区域的区划代码")
        adopt.add_argument("--on", default="", help="转入日期 YYYY-MM-DD（默认今天）")
        demo = sub.add_parser("demo", help="演示县的用工主体、岗位、公益性岗位、就业帮扶车间和以工代赈项目")
        demo.add_argument("--area", required=True, help="演示县（6位）区划代码")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        area = opts["area"].strip()
        if not Region.objects.filter(code=area).exists():
            raise CommandError(f"区划代码“{area}”不存在")
        if action == "adopt":
            counts = adopt_registry_work(area, on=self._date(opts["on"]))
            made = "，".join(f"{WorkPlace(p).label} {n} 人" for p, n in counts.items()) or "无新增"
            self.stdout.write(f"已转入劳动力数据库：{made}")
        elif action == "demo":
            from shoudi.employment.demo import build_demo

            self.stdout.write(build_demo(area))

    def _date(self, text: str) -> dt.date:
        if not text:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise CommandError(f"转入日期“{text}”无效，应为 YYYY-MM-DD，如 2026-06-30") from None
