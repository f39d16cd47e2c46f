"""``shoudi backup``: the database and the uploaded files into a timestamped pair of files (``core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from shoudi.core import backup


class Command(BaseCommand):
    help = "备份数据库和上传文件（PostgreSQL 用 pg_dump，SQLite 用在线备份，网站运行时也可备份）"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, default=None, help="备份目录（默认 数据目录/backups）")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"] or Path(settings.DATA_DIR) / "backups"
        alias = options["database"]
        db = connections[alias].settings_dict
        live = None
        if db["ENGINE"] == backup.SQLITE and connections[alias].is_in_memory_db():  # type: ignore[attr-defined]
            connections[alias].ensure_connection()
            live = connections[alias].connection
        self.stdout.write(f"正在备份 {backup.describe(db)} 和上传文件目录 {settings.MEDIA_ROOT} 到 {out} …")
        try:
            made = backup.backup(db=db, media_root=Path(settings.MEDIA_ROOT), out=out, live=live)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"数据库备份：{made.database}（{made.database.stat().st_size:,} 字节）")
        if made.media is not None:
            self.stdout.write(f"上传文件：{made.media}（{made.media.stat().st_size:,} 字节）")
        else:
            self.stdout.write("上传文件目录不存在，未打包。")
        self.stdout.write(self.style.SUCCESS(f"备份完成。恢复：shoudi restore {made.database}"))
