"""``shoudi backup`` and ``shoudi restore``: a county's data (households, a case, a job with its uploaded file)
restored into an empty database has every row of every table, and the uploaded files come back with it."""

from __future__ import annotations

import io
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from shoudi.core import backup
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit
from shoudi.monitoring import codes
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, household_with_members
from shoudi.testing.monitoring import case_at

# pg_dump and SQLite's backup read what is committed: the rows must really be there
pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


def _counts(cursor, quote) -> dict[str, int]:
    counts = {}
    for table in _tables():
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 — table names of our own models
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def county_data(settings, tmp_path, team, county):
    settings.MEDIA_ROOT = tmp_path / "media"
    for village in (VILLAGE_A, VILLAGE_A, VILLAGE_B):
        household_with_members(village, size=3)
    case_at(codes.Status.MONITORED, team=team)
    job = job_submit(
        by=county,
        kind=Job.Kind.IMPORT_HOUSEHOLDS,
        stage=Job.Stage.VALIDATE,
        area_code=county.area_id,
        upload=ContentFile(b"\xe6\x88\xb7\xe7\xbc\x96\xe5\x8f\xb7\n", name="台账.csv"),
        enqueue=False,
    )
    source = _counts(connection.cursor(), connection.ops.quote_name)
    assert source["registry_household"] >= 4 and source["monitoring_case"] == 1 and source["jobs_job"] == 1
    return source, job


def _backup(out: Path) -> tuple[Path, Path]:
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    database = next(p for p in out.iterdir() if p.suffix in (".dump", ".sqlite3"))
    media = backup.media_of(database)
    assert media is not None
    return database, media


def _media_comes_back(archive: Path, job: Job, tmp_path: Path) -> None:
    restored = tmp_path / "restored-media"
    backup.restore_media(archive, restored)
    assert (restored / job.input_file.name).read_bytes() == b"\xe6\x88\xb7\xe7\xbc\x96\xe5\x8f\xb7\n"


@pytest.mark.sqlite_only
def test_sqlite_backup_restores_every_row_into_an_empty_database(county_data, tmp_path):
    source, job = county_data
    database, media = _backup(tmp_path / "backups")
    target = {"ENGINE": backup.SQLITE, "NAME": str(tmp_path / "empty.sqlite3")}
    assert backup.table_count(target) == 0
    backup.restore_database(target, database)
    with sqlite3.connect(target["NAME"]) as restored:
        assert _counts(restored.cursor(), connection.ops.quote_name) == source
    _media_comes_back(media, job, tmp_path)


@pytest.mark.postgres_only
def test_postgres_backup_restores_every_row_into_a_fresh_database(county_data, tmp_path):
    import psycopg

    source, job = county_data
    database, media = _backup(tmp_path / "backups")
    assert database.suffix == ".dump"
    db = dict(connection.settings_dict)
    params = {k: v for k, v in connection.get_connection_params().items() if k in ("user", "password", "host", "port")}
    name = f"shoudi_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        target = {**db, "NAME": name}
        assert backup.table_count(target) == 0
        backup.restore_database(target, database)
        with psycopg.connect(dbname=name, **params) as restored:
            assert _counts(restored.cursor(), connection.ops.quote_name) == source
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _media_comes_back(media, job, tmp_path)


def test_restore_over_a_database_with_data_asks_for_yes(county_data, tmp_path):
    source, _ = county_data
    database, _ = _backup(tmp_path / "backups")
    with pytest.raises(CommandError, match="--yes") as refused:
        call_command("restore", str(database), stdout=io.StringIO())
    assert "张表" in str(refused.value)
    assert _counts(connection.cursor(), connection.ops.quote_name) == source  # nothing was touched


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    stray = tmp_path / "notes.txt"
    stray.write_text("x")
    with pytest.raises(backup.BackupError, match="不是 shoudi backup 生成的备份文件"):
        backup.restore_database({"ENGINE": backup.SQLITE, "NAME": str(tmp_path / "x.sqlite3")}, stray)
