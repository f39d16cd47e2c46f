"""``shoudi template households|income FILE``: write an import template.

households: XLSX with 填写说明, or CSV (registry.io); income: XLSX with the 按户填写 and 按项目填写 sheets and
填写说明 (income.io). The command lives in the income app, the highest of the two, so it may call both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.income.io.files import write_template as income_template
from shoudi.registry.io.writers import write_template as household_template


class Command(BaseCommand):
    help = "生成导入模板：households 农户和成员（.xlsx 含填写说明，或 .csv）；income 收入核算表（.xlsx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "entity", choices=["households", "income"], help="households：农户和成员；income：收入核算表"
        )
        parser.add_argument("file", help="输出文件（.xlsx；农户模板也可 .csv）")

    def handle(self, *args: Any, entity: str, file: str, **options: Any) -> None:
        path = Path(file)
        allowed = (".xlsx", ".csv") if entity == "households" else (".xlsx",)
        if path.suffix.lower() not in allowed:
            raise CommandError(f"文件扩展名应为 {' 或 '.join(allowed)}")
        if entity == "households":
            household_template(path)
        else:
            income_template(path)
        self.stdout.write(self.style.SUCCESS(f"已生成导入模板：{path}"))
