"""``shoudi keycounties demo --area 520628``: the demo county as a 省级乡村振兴重点帮扶县 with measures and a few
entered figures (``keycounties.demo``; nothing new on a re-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.regions.models import Level, Region


class Command(BaseCommand):
    help = "乡村振兴重点帮扶县：演示数据"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="把演示县列为省级重点帮扶县，登记支持措施和填报数据")
        demo.add_argument("--area", required=True, help="演示县（6位）区划代码")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        area = opts["area"].strip()
        if not Region.objects.filter(code=area, level=Level.COUNTY).exists():
            raise CommandError(f"区划代码“{area}”不是已载入的县级区划")
        from shoudi.keycounties.demo import build

        self.stdout.write(build(area))
