"""``shoudi restore FILE``: put a backup made by ``shoudi backup`` back into the configured database, and its
uploaded files into ``MEDIA_ROOT`` (``core.backup``). A database that holds tables is overwritten only with
``--yes``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from shoudi.core import backup


class Command(BaseCommand):
    help = "从 shoudi backup 生成的备份恢复数据库和上传文件；目标数据库非空时须加 --yes 确认覆盖"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="备份文件（shoudi-<时间>.dump 或 .sqlite3）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖目标数据库中已有的数据")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")
        parser.add_argument("--no-media", action="store_true", help="只恢复数据库，不恢复上传文件")

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        if not file.is_file():
            raise CommandError(f"备份文件不存在：{file}")
        db = connections[options["database"]].settings_dict
        media = None if options["no_media"] else backup.media_of(file)
        try:
            tables = backup.table_count(db)
        except Exception as exc:
            raise CommandError(f"无法连接目标数据库（{backup.describe(db)}）：{type(exc).__name__}") from exc
        self.stdout.write(f"将把备份 {file} 恢复到 {backup.describe(db)}。")
        if media is not None:
            self.stdout.write(f"并把上传文件 {media.name} 解压到 {settings.MEDIA_ROOT}（同名文件被覆盖）。")
        if tables and not options["yes"]:
            raise CommandError(
                f"目标数据库已有 {tables} 张表：恢复会先删除其中的全部数据，再写入备份中的数据。"
                "请先停止网页服务和后台任务进程，确认无误后加 --yes 重新运行。"
            )
        connections.close_all()  # nothing of this process holds the database while it is replaced
        try:
            backup.restore_database(db, file)
            if media is not None:
                backup.restore_media(media, Path(settings.MEDIA_ROOT))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("恢复完成。如果备份来自较早的版本，请运行 shoudi migrate。"))
