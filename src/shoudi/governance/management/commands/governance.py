"""``shoudi governance demo --area 520628``: the demo county's 积分制 — two villages' rules adopted by the
村民代表大会, last quarter's entries and closed review, a 积分超市 and the public-board link (``governance.demo``;
nothing new on a re-run)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "积分制和家庭文明档案：演示数据"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="演示县两个村的积分制细则、档案记录、季度评议和积分超市")
        demo.add_argument("--area", required=True, help="演示县（6位）区划代码")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        area = opts["area"].strip()
        if len(area) != 6 or not Region.objects.filter(code=area).exists():
            raise CommandError(f"县级区划代码“{area}”不存在")
        from shoudi.governance.demo import build

        try:
            self.stdout.write(build(area))
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
