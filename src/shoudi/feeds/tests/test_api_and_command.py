"""The same intake through the API and the command line; matching confirmed from linkage; area reads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import Client
from python_calamine import CalamineWorkbook

from shoudi.core.models import AuditEntry
from shoudi.feeds import selectors, services
from shoudi.feeds import testing as ft
from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.feeds.sources import SOURCES
from shoudi.registry.idnumber import make, mask
from shoudi.testing.clients import CommittingClient

from .conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db

STRANGER = make("520628", dt.date(1975, 2, 3), 305)
API = "/api/v1/feeds"


def _rows(members):
    return [
        [members[0].id_number, members[0].name, "2024/3/5", "住院", "20000", "8000"],
        [STRANGER, "路人甲", "20240402", "门诊", "100", "50"],
        ["123", "错号", "2024-04-03", "门诊", "100", "50"],
    ]


def _client(user) -> Client:
    client = CommittingClient()
    client.force_login(user)
    return client


def test_api_upload_detail_apply_and_downloads(clerk, members):
    client = _client(clerk)
    response = client.post(f"{API}/batches", {"source": "medical_claims", "file": upload(csv_bytes(_rows(members)))})
    assert response.status_code == 201, response.content
    body = client.get(f"{API}/batches/{response.json()['id']}").json()  # validated by the job once committed
    assert (body["rows_total"], body["rows_rejected"], body["rows_matched"], body["rows_unmatched"]) == (3, 1, 1, 1)
    assert body["status"] == "staged" and body["job_status"] == "done"
    assert body["errors"] == [{"row": 4, "column": "身份证号", "message": "身份证号应为18位（或旧版15位），当前为3位"}]
    assert body["unmatched"] == [{"row": 3, "id_number": mask(STRANGER), "name": "路人甲"}]
    batch_id = body["id"]
    assert [b["id"] for b in client.get(f"{API}/batches").json()] == [batch_id]
    rejected = client.get(f"{API}/batches/{batch_id}/rejected")
    assert rejected.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(rejected.getvalue())).get_sheet_by_index(0).to_python()
    assert int(sheet[1][1]) == 4
    applied = client.post(f"{API}/batches/{batch_id}/apply")
    assert applied.status_code == 200 and applied.json()["job_status"] == "queued"
    assert client.get(f"{API}/batches/{batch_id}").json()["status"] == "applied"  # written once it committed
    assert FeedRecord.objects.filter(batch_id=batch_id).count() == 2
    again = client.post(f"{API}/batches", {"source": "medical_claims", "file": upload(csv_bytes(_rows(members)))})
    assert again.status_code == 422 and "内容完全相同" in again.json()["detail"]


def test_api_keeps_clerks_to_their_source_and_batches(clerk, civil_clerk, county, village_a, members):
    client = _client(civil_clerk)
    refused = client.post(f"{API}/batches", {"source": "medical_claims", "file": upload(csv_bytes(_rows(members)))})
    assert refused.status_code == 422
    assert "只能上传本部门的数据" in refused.json()["detail"] and "民政救助" in refused.json()["detail"]
    assert not FeedBatch.objects.exists()
    body = _client(clerk).post(
        f"{API}/batches", {"source": "medical_claims", "file": upload(csv_bytes(_rows(members)))}
    )
    batch_id = body.json()["id"]
    assert client.get(f"{API}/batches").json() == []
    for path in ("", "/rejected", "/unmatched"):
        assert client.get(f"{API}/batches/{batch_id}{path}").status_code == 404
    assert client.post(f"{API}/batches/{batch_id}/apply").status_code == 404
    assert [b["id"] for b in _client(county).get(f"{API}/batches").json()] == [batch_id]
    assert _client(village_a).get(f"{API}/batches").status_code == 404
    assert _client(village_a).get(f"{API}/batches/{batch_id}").status_code == 404


def test_api_sources_templates_and_mappings(clerk, county):
    client = _client(clerk)
    sources = client.get(f"{API}/sources").json()
    assert len(sources) == 14 and sources[0]["columns"][3]["allowed"] == "住院、门诊、慢病"
    csv_template = client.get(f"{API}/sources/school/template?format=csv")
    assert csv_template.getvalue().decode("utf-8-sig").startswith("身份证号,姓名,学段,学校,状态,日期")
    assert client.get(f"{API}/sources/school/template").status_code == 200
    assert (
        client.put(f"{API}/mappings/school", {"mapping": {"证件号": "身份证号"}}, "application/json").status_code == 404
    )
    saved = client.put(f"{API}/mappings/medical_claims", {"mapping": {"证件号": "身份证号"}}, "application/json")
    assert saved.status_code == 200 and saved.json()["mapping"] == {"证件号": "身份证号"}
    bad = _client(county).put(f"{API}/mappings/school", {"mapping": {"x": "不存在"}}, "application/json")
    assert bad.status_code == 422 and "不是“教育学籍”模板中的列" in bad.json()["detail"]
    assert client.get(f"{API}/mappings/medical_claims").json()["mapping"] == {"证件号": "身份证号"}


def test_command_imports_by_label_with_a_mapping(clerk, members, tmp_path):
    path = tmp_path / "claims.csv"
    headers = ["证件号码", "姓名", "结算时间", "就诊类型", "总费用", "合规自付费用"]
    path.write_bytes(csv_bytes(_rows(members), headers=headers, encoding="gb18030"))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "feeds",
        "import",
        "--source",
        "医保结算",
        str(path),
        "--as",
        "clerk",
        "--mapping",
        "结算时间=结算日期",
        stdout=out,
        stderr=err,
    )
    text = out.getvalue()
    assert "共3行：退回1行，已匹配1行，未匹配1行" in text
    assert "第4行 身份证号：身份证号应为18位" in text
    assert "写入完成：2行" in text
    batch = FeedBatch.objects.get()
    assert batch.uploaded_by == clerk and batch.status == "applied"
    assert "读取并校验每一行" in err.getvalue()  # the progress bar
    with pytest.raises(CommandError, match="内容完全相同"):
        call_command(
            "feeds",
            "import",
            "--source",
            "medical_claims",
            str(path),
            "--as",
            "clerk",
            "--mapping",
            "结算时间=结算日期",
            stdout=out,
            stderr=err,
        )
    with pytest.raises(CommandError, match="只能上传本部门的数据"):
        call_command("feeds", "import", "--source", "school", str(path), "--as", "clerk", stdout=out, stderr=err)
    with pytest.raises(CommandError, match="未知的数据来源"):
        call_command("feeds", "import", "--source", "天气", str(path), "--area", "520628", stdout=out, stderr=err)
    assert FeedBatch.objects.count() == 1


def test_command_dry_run_and_system_import_and_template(regions, members, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(csv_bytes(_rows(members)))
    out = io.StringIO()
    call_command(
        "feeds",
        "import",
        "--source",
        "medical_claims",
        str(path),
        "--area",
        "520628",
        "--dry-run",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "未写入任何数据" in out.getvalue() and not FeedBatch.objects.exists()
    with pytest.raises(CommandError, match="缺少必需的列"):
        call_command(
            "feeds", "import", "--source", "school", str(path), "--area", "520628", stdout=out, stderr=io.StringIO()
        )
    call_command(
        "feeds", "import", "--source", "medical_claims", str(path), "--area", "520628", stdout=out, stderr=io.StringIO()
    )
    batch = FeedBatch.objects.get()
    assert batch.uploaded_by is None and batch.status == "applied" and batch.records.count() == 2
    target = tmp_path / "t.xlsx"
    call_command("feeds", "template", "--source", "残联", str(target), stdout=out)
    book = CalamineWorkbook.from_path(str(target))
    assert book.get_sheet_by_name("数据").to_python()[0] == SOURCES["disability"].headers


def test_confirm_match_sets_person_and_household(clerk, civil_clerk, members):
    batch = ft.feed("medical_claims", ft.medical_claim(ft.unknown(STRANGER, "户成员"), "2024-03-01", oop="500"))
    record = batch.records.get()
    assert batch.rows_unmatched == 1
    with pytest.raises(Http404):
        services.confirm_match(by=civil_clerk, record=record, person=members[1])  # another department's data
    services.confirm_match(by=clerk, record=record, person=members[1])
    record.refresh_from_db()
    batch.refresh_from_db()
    assert (record.person, record.household, record.match) == (members[1], members[1].household, "fuzzy")
    assert (batch.rows_matched, batch.rows_unmatched) == (1, 0)
    entry = AuditEntry.objects.get(object_type="feedrecord", object_id=str(record.pk))
    assert (
        entry.changes["匹配方式"] == ["未匹配", "人工确认的模糊匹配"] and entry.household_id == members[1].household_id
    )


def test_records_for_area_and_the_builders(household_a, household_b, members):
    other = household_b.members.first()
    ft.feed("medical_claims", *ft.sample_rows("medical_claims", [members[0], other]))
    ft.feed("water", ft.water("2024-05-01", village="520628101203"), ft.water("2024-05-01", head=members[0]))
    ft.feed("household_register", ft.register(ft.unknown(STRANGER, "路人"), "死亡", "2024-01-02"))
    for source in SOURCES:  # every source has a builder row
        assert ft.sample_rows(source, [members[2]])
    village_a = selectors.records_for_area("520628101203")
    assert {(r.source, r.household_id, r.village_code) for r in village_a} == {
        ("medical_claims", household_a.pk, ""),
        ("water", None, "520628101203"),
        ("water", household_a.pk, ""),
    }
    assert selectors.records_for_area("520628101204").get().person == other
    county = selectors.records_for_area("520628", unmatched=True)
    assert county.filter(match="none").get().id_number == STRANGER
    assert not selectors.records_for_area("520628101").filter(match="none").exists()
    staged = ft.make_batch("school", status="staged")
    ft.add_records(staged, [ft.school(members[2], "辍学", "2024-03-01")])
    assert not selectors.records_for_area("520628").filter(source="school").exists()
