"""A zip-bomb XLSX (4 MB on disk, 1.1 GB of sheet XML) is refused before anything parses it: on the upload pages
of the household and income imports (next to the file field), on the API uploads of the asset ledger and the
department feeds (422 in the API's error shape, naming the file field), and again by the job if it ever gets
one — with the Chinese message, and no job, batch or row written. (The review's bomb held a worker at 5.3 GB
for two minutes and failed with a raw English ``FileSizeError``.)"""

from __future__ import annotations

import json

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shoudi.testing.hostile import assert_refused, xlsx_bomb

REFUSAL = "解压后超过"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return xlsx_bomb(tmp_path_factory.mktemp("bomb") / "台账.xlsx")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(path, name="台账.xlsx"):
    return SimpleUploadedFile(name, path.read_bytes())


def test_the_bomb_is_small_on_disk_and_huge_inside(bomb):
    import zipfile

    assert bomb.stat().st_size < 6 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 1024 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/data/import/", "/income/data/import/"])
def test_the_import_pages_refuse_a_bomb_next_to_the_file_field(client, county, bomb, page):
    from shoudi.jobs.models import Job
    from shoudi.registry.models import Household

    client.force_login(county)
    answer = client.post(page, {"file": _upload(bomb), "mode": "all"})
    text = answer.content.decode()
    assert answer.status_code == 400 and REFUSAL in text and "请分成多个文件上传" in text
    assert "台账.xlsx" in text and "300 MB" in text
    assert not Job.objects.exists() and not Household.objects.exists()


@pytest.mark.django_db
def test_the_limit_is_a_setting_and_the_ratio_is_checked_too(client, county, bomb, settings):
    from shoudi.core.uploads import UploadRefused, check_upload

    settings.SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB = 2000  # 1.1 GB is under it, but it compresses 280 to 1
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check_upload(bomb)
    settings.SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB = 100
    client.force_login(county)
    answer = client.post("/data/import/", {"file": _upload(bomb), "mode": "all"})
    assert "超过 100 MB" in answer.content.decode()


def _api(user) -> Client:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=user, name="bomb")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.django_db
def test_the_asset_ledger_api_refuses_a_bomb(county, bomb):
    from shoudi.assets.models import Asset
    from shoudi.jobs.models import Job

    answer = _api(county).post("/api/v1/assets/import", {"file": _upload(bomb)})
    body = assert_refused(answer, "assets import")
    assert answer.status_code == 422 and body["field"] == "file" and REFUSAL in body["detail"]
    assert not Job.objects.exists() and not Asset.objects.exists()


@pytest.mark.django_db
def test_the_feeds_api_refuses_a_bomb(clerk, bomb):
    from shoudi.feeds.models import FeedBatch
    from shoudi.jobs.models import Job

    answer = _api(clerk).post("/api/v1/feeds/batches", {"source": "medical_claims", "file": _upload(bomb)})
    body = assert_refused(answer, "feeds upload")
    assert body["field"] == "file" and REFUSAL in body["detail"]
    assert not Job.objects.exists() and not FeedBatch.objects.exists()


@pytest.mark.django_db
def test_a_job_given_a_bomb_fails_in_chinese_and_writes_nothing(county, bomb, django_capture_on_commit_callbacks):
    """The second check: a file that reached the job some other way (an older upload, a command)."""
    from shoudi.jobs.models import Job
    from shoudi.registry.io.jobs import import_submit
    from shoudi.registry.models import Household

    with django_capture_on_commit_callbacks(execute=True), bomb.open("rb") as fh:
        job = import_submit(by=county, upload=File(fh, name="台账.xlsx"), mode="all")
    job = Job.objects.get(pk=job.pk)
    assert job.status == "failed", (job.status, job.error)
    assert REFUSAL in job.error and "FileSizeError" not in job.error
    assert not Household.objects.exists()


def test_the_readers_refuse_a_bomb_before_parsing(bomb, tmp_path):
    from shoudi.feeds.parse import FeedRefused, open_feed
    from shoudi.registry.io.errors import ImportRefused
    from shoudi.registry.io.reader import open_table, open_tables

    with pytest.raises(ImportRefused, match=REFUSAL):
        open_table(bomb)
    with pytest.raises(ImportRefused, match=REFUSAL):
        open_tables(bomb, markers=frozenset({"身份证号"}))
    with pytest.raises(FeedRefused, match=REFUSAL):
        open_feed(bomb)


@pytest.mark.django_db
def test_an_ordinary_workbook_still_uploads(client, county, tmp_path):
    from shoudi.jobs.models import Job
    from shoudi.registry.io.testing import household_rows, ids, write_rows
    from shoudi.testing.factories import VILLAGE_A

    path = write_rows(tmp_path / "台账.xlsx", household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(2)))
    client.force_login(county)
    answer = client.post("/data/import/", {"file": _upload(path), "mode": "all"})
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert Job.objects.get().status == "done"
    assert json.dumps(Job.objects.get().error) == '""'
