"""Backing up and restoring a Shoudi site: the database and the uploaded files (``MEDIA_ROOT``: jobs' input and
result files, photos).

- PostgreSQL: ``pg_dump -Fc`` into ``shoudi-<time>.dump``; ``pg_restore --clean --if-exists --no-owner`` back.
  The password goes to the tools in ``PGPASSWORD``, never on their command line (which ``ps`` shows).
- SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) into ``shoudi-<time>.sqlite3``: a
  consistent copy while the site and the worker keep writing; restored the same way into the configured file.
- The uploaded files: ``shoudi-<time>-media.tar.gz`` next to the database's file; restored with it.

Used by ``shoudi backup`` and ``shoudi restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Backup:
    database: Path
    media: Path | None


def _engine(db: dict[str, Any]) -> str:
    engine = str(db.get("ENGINE", ""))
    if engine not in (SQLITE, POSTGRES):
        raise BackupError(f"不支持的数据库类型：{engine}（只支持 SQLite 和 PostgreSQL）")
    return engine


def pg_env(db: dict[str, Any]) -> dict[str, str]:
    """The libpq environment of ``db``: host, port, user, database name, and the password."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client）")
    return path


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what}失败（{Path(args[0]).name} 返回 {done.returncode}）：{' / '.join(detail[-3:])}")


def _sqlite_path(db: dict[str, Any]) -> str:
    return str(db["NAME"])


def _sqlite_connect(path: str | Path) -> sqlite3.Connection:
    """A connection to the SQLite file ``path``, or to a shared database in memory named by a ``file:`` URI."""
    return sqlite3.connect(str(path), uri=str(path).startswith("file:"))


def _sqlite_copy(source: sqlite3.Connection, target_path: str | Path) -> None:
    target = _sqlite_connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()


def backup_database(db: dict[str, Any], target_dir: Path, stamp: str, *, live: Any = None) -> Path:
    """Copy the database ``db`` (Django settings) into ``target_dir``. ``live``: an open sqlite3 connection
    to copy from (a database in memory can only be read through its own connection)."""
    if _engine(db) == SQLITE:
        target = target_dir / f"shoudi-{stamp}.sqlite3"
        source = live or _sqlite_connect(_sqlite_path(db))
        try:
            _sqlite_copy(source, target)
        finally:
            if live is None:
                source.close()
        return target
    target = target_dir / f"shoudi-{stamp}.dump"
    _run([_tool("pg_dump"), "-Fc", "--no-password", "-f", str(target)], pg_env(db), "导出数据库")
    return target


def backup_media(media_root: Path, target_dir: Path, stamp: str) -> Path | None:
    if not media_root.is_dir():
        return None
    target = target_dir / f"shoudi-{stamp}-media.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(media_root, arcname="media")
    return target


def backup(*, db: dict[str, Any], media_root: Path, out: Path, live: Any = None) -> Backup:
    out.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    database = backup_database(db, out, stamp, live=live)
    try:
        media = backup_media(media_root, out, stamp)
    except OSError as exc:
        raise BackupError(f"打包上传文件目录 {media_root} 失败：{exc.strerror or exc}") from exc
    return Backup(database, media)


# ---- restore -----------------------------------------------------------------------------------------


def _pg_tables(db: dict[str, Any]) -> int:
    import psycopg

    params = {"dbname": db.get("NAME"), "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    params |= {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return int(row[0]) if row else 0


def _sqlite_tables(db: dict[str, Any]) -> int:
    path = _sqlite_path(db)
    if not path.startswith("file:") and not Path(path).exists():
        return 0
    conn = _sqlite_connect(path)
    try:
        row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    finally:
        conn.close()
    return int(row[0]) if row else 0


def table_count(db: dict[str, Any]) -> int:
    """How many tables the database ``db`` holds now (0: empty, a restore overwrites nothing)."""
    return _sqlite_tables(db) if _engine(db) == SQLITE else _pg_tables(db)


def media_of(file: Path) -> Path | None:
    """The uploaded files' archive made with the database backup ``file``, if it is there."""
    stem = file.name.rsplit(".", 1)[0]
    media = file.with_name(f"{stem}-media.tar.gz")
    return media if media.exists() else None


def describe(db: dict[str, Any]) -> str:
    if _engine(db) == SQLITE:
        return f"SQLite 数据库文件 {_sqlite_path(db)}"
    return f"PostgreSQL 数据库 {db.get('NAME')}（{db.get('HOST') or '本机'}:{db.get('PORT') or 5432}）"


def restore_database(db: dict[str, Any], file: Path) -> None:
    engine = _engine(db)
    if file.suffix == ".dump" and engine != POSTGRES:
        raise BackupError(f"{file.name} 是 PostgreSQL 的备份，当前数据库是 SQLite")
    if file.suffix == ".sqlite3" and engine != SQLITE:
        raise BackupError(f"{file.name} 是 SQLite 的备份，当前数据库是 PostgreSQL")
    if file.suffix not in (".dump", ".sqlite3"):
        raise BackupError(f"{file.name} 不是 shoudi backup 生成的备份文件（应以 .dump 或 .sqlite3 结尾）")
    if engine == SQLITE:
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            _sqlite_copy(source, _sqlite_path(db))
        finally:
            source.close()
        return
    args = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-password", "--single-transaction"]
    _run([*args, "-d", str(db.get("NAME")), str(file)], pg_env(db), "恢复数据库")


def restore_media(archive: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/") :] if member.name != "media" else "."
        tar.extractall(media_root, members=members, filter="data")
