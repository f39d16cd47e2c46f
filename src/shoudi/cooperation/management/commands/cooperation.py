"""``shoudi cooperation demo --area 520628``: the demo county's pairings and what flowed through them
(``cooperation.demo``; nothing new on a re-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "东西部协作和定点帮扶：演示数据"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="演示县的东西部协作、定点帮扶和驻村工作队")
        demo.add_argument("--area", required=True, help="演示县（6位）区划代码")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        from shoudi.cooperation.demo import build

        try:
            self.stdout.write(build(opts["area"].strip()))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
