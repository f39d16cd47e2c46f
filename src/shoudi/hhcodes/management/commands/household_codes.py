"""``shoudi household_codes --area <village|township|county code>``: a 一户一码 for every household of the area that
has none (the demo runs it; a re-run issues nothing). One audit entry per village, by 系统."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.hhcodes.services import codes_issue_missing
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "一户一码：为区域内尚无二维码的农户生成二维码"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="村（12位）、乡镇（9位）或县（6位）区划代码")

    def handle(self, *args: Any, **opts: Any) -> None:
        area = str(opts["area"]).strip()
        if not area.isdigit() or len(area) not in (6, 9, 12) or not Region.objects.filter(code=area).exists():
            raise CommandError(f"区划代码“{area}”不存在（应为县6位、乡镇9位或村12位）")
        try:
            done = codes_issue_missing(by=None, area_code=area)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        if done.issued:
            self.stdout.write(f"一户一码：{done.villages} 个村共 {done.issued} 户生成了二维码")
        else:
            self.stdout.write("一户一码：区域内每户都已有二维码，没有新生成")
