"""``shoudi markets demo --area 520628``: the demo county's 消费帮扶 ledgers (``markets.demo_consumption``) and, when
the produce part is installed (``markets.demo_produce``), its 农副产品滞销监测预警 demo; nothing new on a re-run."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.regions.models import Level, Region


class Command(BaseCommand):
    help = "消费帮扶和农副产品产销：演示数据"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="演示县的供应商、产品、采购方、采购记录（及滞销监测预警演示数据）")
        demo.add_argument("--area", required=True, help="演示县（6位）区划代码")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        area = str(opts["area"]).strip()
        if not Region.objects.filter(code=area, level=Level.COUNTY).exists():
            raise CommandError(f"“{area}”不是已载入的县级区划代码")
        if action == "demo":
            from shoudi.markets import demo_consumption

            try:
                self.stdout.write(demo_consumption.build(area))
                if importlib.util.find_spec("shoudi.markets.demo_produce") is not None:
                    produce = importlib.import_module("shoudi.markets.demo_produce")
                    result = produce.build(area)
                    if result:
                        self.stdout.write(str(result))
            except ValueError as exc:
                raise CommandError(str(exc)) from None
