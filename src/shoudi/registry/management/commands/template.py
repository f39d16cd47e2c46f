"""``shoudi template households FILE``: write the import template (XLSX with 填写说明, or CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.registry.io.writers import write_template


class Command(BaseCommand):
    help = "生成农户和成员导入模板（.xlsx 含填写说明，或 .csv）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=["households"], help="households：农户和成员")
        parser.add_argument("file", help="输出文件（.xlsx 或 .csv）")

    def handle(self, *args: Any, entity: str, file: str, **options: Any) -> None:
        path = Path(file)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("文件扩展名应为 .xlsx 或 .csv")
        write_template(path)
        self.stdout.write(self.style.SUCCESS(f"已生成导入模板：{path}"))
