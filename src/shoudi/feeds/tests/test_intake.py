"""The staged upload through the pages: validate in the worker, report rejected and unmatched rows, apply
in bulk, refuse duplicates and bad files without writing anything, and keep each clerk to their source."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shoudi.core.models import AuditEntry
from shoudi.feeds.models import ColumnMapping, FeedBatch, FeedRecord
from shoudi.jobs.models import Job
from shoudi.registry.idnumber import make

from .conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db

STRANGER = make("520628", dt.date(1975, 2, 3), 305)  # valid, but nobody in the registry


def _rows(members):
    head, spouse = members[0], members[1]
    return [
        [head.id_number, head.name, "2024/3/5", "住院", "20000", "8000"],
        [spouse.id_number, spouse.name, "2024年4月1日", "慢病", "3000", "1200"],
        [STRANGER, "路人甲", "20240402", "门诊", "100", "50"],
        ["123", "错号", "2024-04-03", "门诊", "100", "50"],
        [spouse.id_number, spouse.name, "2024/4/31", "急救", "1", "1"],
    ]


def _upload(client, content, name="医保结算.csv", source="medical_claims", **extra):
    return client.post(reverse("feeds:upload"), {"source": source, "file": upload(content, name), **extra})


def test_staged_upload_reports_then_applies_in_bulk(client, clerk, members):
    client.force_login(clerk)
    response = _upload(client, csv_bytes(_rows(members)))
    assert response.status_code == 302
    batch = FeedBatch.objects.get()
    assert response.url == reverse("feeds:batch", args=[batch.pk])
    # validated in the worker (the immediate backend in tests); nothing written yet
    assert batch.status == "staged" and batch.job.status == Job.Status.DONE
    assert (batch.rows_total, batch.rows_rejected, batch.rows_matched, batch.rows_unmatched) == (5, 2, 2, 1)
    assert not FeedRecord.objects.exists()
    assert (batch.period_from, batch.period_to) == (dt.date(2024, 3, 5), dt.date(2024, 4, 2))
    assert batch.uploaded_by == clerk and batch.area_id == "520628" and batch.file_name == "医保结算.csv"
    page = client.get(response.url).content.decode()
    assert "第5行" in page and "身份证号应为18位" in page
    assert "日期“2024/4/31”不存在" in page and "无法识别的值“急救”" in page
    assert STRANGER in page  # the uploader sees the IDs of their own file
    assert "确认写入 3 行" in page

    rejected = CalamineWorkbook.from_filelike(
        io.BytesIO(client.get(reverse("feeds:rejected", args=[batch.pk])).getvalue())
    )
    sheet = rejected.get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["错误说明", "原行号", "身份证号"]
    assert [int(r[1]) for r in sheet[1:]] == [5, 6]
    assert "身份证号" in sheet[1][0] and "结算日期" in sheet[2][0] and "就诊类型" in sheet[2][0]
    unmatched = CalamineWorkbook.from_filelike(
        io.BytesIO(client.get(reverse("feeds:unmatched", args=[batch.pk])).getvalue())
    )
    rows = unmatched.get_sheet_by_index(0).to_python()
    assert rows[1][0] == "身份证号在本区域的基础数据库中未找到" and rows[1][2] == STRANGER

    client.post(reverse("feeds:apply", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.applied_at is not None
    records = {r.id_number: r for r in FeedRecord.objects.all()}
    assert len(records) == 3
    head = records[members[0].id_number]
    assert (head.person, head.household, head.match) == (members[0], members[0].household, "exact")
    assert (head.on, head.category, head.amount, head.amount_oop) == (
        dt.date(2024, 3, 5),
        "住院",
        Decimal("20000.00"),
        Decimal("8000.00"),
    )
    stranger = records[STRANGER]
    assert (stranger.person, stranger.household, stranger.match) == (None, None, "none")
    assert AuditEntry.objects.filter(object_id=str(batch.pk), action="import").count() == 2
    # a second apply writes nothing more
    client.post(reverse("feeds:apply", args=[batch.pk]))
    assert FeedRecord.objects.count() == 3


def test_same_file_again_is_refused_as_a_duplicate(client, clerk, members):
    client.force_login(clerk)
    content = csv_bytes(_rows(members))
    assert _upload(client, content).status_code == 302
    client.post(reverse("feeds:apply", args=[FeedBatch.objects.get().pk]))
    response = _upload(client, content, name="再次上传.csv")
    assert response.status_code == 400
    assert "内容完全相同" in response.content.decode()
    assert FeedBatch.objects.count() == 1 and FeedRecord.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "photo.png", "不是电子表格"),
        ("身份证号,姓名,日期\n1,2,3\n".encode(), "cols.csv", "缺少必需的列：结算日期、就诊类型、总费用、合规自付费用"),
        (csv_bytes([]), "header-only.csv", "没有数据行"),
    ],
)
def test_refused_files_write_nothing(client, clerk, content, name, message):
    client.force_login(clerk)
    response = _upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FeedBatch.objects.exists() and not Job.objects.exists() and not FeedRecord.objects.exists()


def test_too_big_is_refused(client, clerk, members, settings):
    settings.SHOUDI_IMPORT_MAX_BYTES = 100
    client.force_login(clerk)
    response = _upload(client, csv_bytes(_rows(members)))
    assert response.status_code == 400 and "超过" in response.content.decode()
    assert not FeedBatch.objects.exists()


def test_a_saved_mapping_is_applied_to_uploads(client, clerk, county, members):
    client.force_login(county)
    url = reverse("feeds:mapping", args=["medical_claims"])
    data = {"col0": "公民身份号码", "col2": "结算时间", "col3": "医疗类别", "col4": "医疗总费用", "col5": "个人自付"}
    assert client.post(url, data).status_code == 302
    saved = ColumnMapping.objects.get()
    assert saved.area_id == "520628" and saved.mapping["结算时间"] == "结算日期"
    client.force_login(clerk)
    headers = ["公民身份号码", "姓名", "结算时间", "医疗类别", "医疗总费用", "个人自付"]
    response = _upload(client, csv_bytes(_rows(members)[:2], headers=headers))
    assert response.status_code == 302
    batch = FeedBatch.objects.get()
    assert batch.rows_matched == 2 and batch.mapping["个人自付"] == "合规自付费用"
    assert "结算日期" in client.get(url).content.decode()  # a clerk may edit their own source's mapping
    assert client.get(reverse("feeds:mapping", args=["school"])).status_code == 404


def test_mapping_to_an_unknown_column_is_refused(client, county):
    client.force_login(county)
    response = client.post(reverse("feeds:mapping", args=["school"]), {"col0": "证件号", "col2": "证件号"})
    assert response.status_code == 400
    assert "原表列“证件号”已对应“身份证号”，不能同时对应两个模板列" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_clerks_upload_and_see_only_their_own_source(client, clerk, civil_clerk, county, village_a, members):
    client.force_login(clerk)
    page = client.get(reverse("feeds:upload")).content.decode()
    assert "医保结算" in page and "民政救助" not in page
    response = _upload(client, csv_bytes(_rows(members)), source="civil_assistance")
    assert response.status_code == 400  # not one of the choices
    assert not FeedBatch.objects.exists()
    _upload(client, csv_bytes(_rows(members)))
    mine = FeedBatch.objects.get()

    client.force_login(civil_clerk)
    civil = [[members[0].id_number, members[0].name, "低保", "新增", "2024-03-01", "300"]]
    headers = ["身份证号", "姓名", "救助类别", "变动", "变动日期", "金额"]
    upload_civil = _upload(client, csv_bytes(civil, headers=headers), name="民政.csv", source="civil_assistance")
    assert upload_civil.status_code == 302
    theirs = FeedBatch.objects.exclude(pk=mine.pk).get()
    listing = client.get(reverse("feeds:index")).content.decode()
    assert "民政救助" in listing and "医保结算.csv" not in listing
    for name in ("batch", "rejected", "unmatched", "file", "status"):
        assert client.get(reverse(f"feeds:{name}", args=[mine.pk])).status_code == 404
    assert client.post(reverse("feeds:apply", args=[mine.pk])).status_code == 404

    client.force_login(county)  # the county officer sees every batch of the county
    listing = client.get(reverse("feeds:index")).content.decode()
    assert "医保结算.csv" in listing and "民政救助" in listing
    assert client.get(reverse("feeds:batch", args=[theirs.pk])).status_code == 200
    assert "只有上传该文件的用户可以确认写入" in client.get(reverse("feeds:batch", args=[mine.pk])).content.decode()
    client.post(reverse("feeds:apply", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == "staged"

    client.force_login(village_a)
    assert client.get(reverse("feeds:index")).status_code == 404
    assert client.get(reverse("feeds:batch", args=[mine.pk])).status_code == 404


def test_officer_of_another_county_gets_404(client, clerk, other_county_officer, members):
    client.force_login(clerk)
    _upload(client, csv_bytes(_rows(members)))
    batch = FeedBatch.objects.get()
    client.force_login(other_county_officer)
    assert client.get(reverse("feeds:batch", args=[batch.pk])).status_code == 404
    assert "医保结算.csv" not in client.get(reverse("feeds:index")).content.decode()


def test_county_officer_sees_the_unmatched_rows_of_the_county(client, clerk, county, members):
    client.force_login(clerk)
    _upload(client, csv_bytes(_rows(members)))
    batch = FeedBatch.objects.get()
    client.force_login(county)  # a county officer may reveal IDs: shown in full
    assert STRANGER in client.get(reverse("feeds:batch", args=[batch.pk])).content.decode()


def test_templates_have_the_columns_and_an_explanation_sheet(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("feeds:template", args=["medical_claims", "xlsx"]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    assert book.sheet_names == ["数据", "填写说明"]
    assert book.get_sheet_by_name("数据").to_python()[0] == [
        "身份证号",
        "姓名",
        "结算日期",
        "就诊类型",
        "总费用",
        "合规自付费用",
        "医疗救助金额",
    ]
    notes = "".join(str(c) for row in book.get_sheet_by_name("填写说明").to_python() for c in row)
    assert "住院、门诊、慢病" in notes and "GB18030" in notes
    csv_template = client.get(reverse("feeds:template", args=["water", "csv"])).getvalue()
    assert csv_template == "\ufeff户主身份证号,村代码,饮水安全,日期\r\n".encode()
    assert client.get(reverse("feeds:template", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("feeds:template", args=["water", "pdf"])).status_code == 404


def test_water_by_village_is_kept_with_its_village(client, regions, members):
    from shoudi.accounts.roles import Department, Role
    from shoudi.testing.factories import make_user

    water_clerk = make_user("clerk_water", Role.DEPT_CLERK, "520628", department=Department.WATER)
    client.force_login(water_clerk)
    rows = [
        [members[0].id_number, "", "否", "2024-05-01"],
        ["", "520628101203", "否", "2024-05-01"],
        ["", "520627101201", "否", "2024-05-01"],  # not a village of this county
    ]
    headers = ["户主身份证号", "村代码", "饮水安全", "日期"]
    assert _upload(client, csv_bytes(rows, headers=headers), name="供水.csv", source="water").status_code == 302
    batch = FeedBatch.objects.get()
    assert (batch.rows_total, batch.rows_rejected, batch.rows_matched) == (3, 1, 2)
    assert batch.report["errors"] == [[4, "村代码", "“520627101201”不是本区域的村"]]
    client.post(reverse("feeds:apply", args=[batch.pk]))
    by_village = FeedRecord.objects.get(id_number="")
    assert (by_village.village_code, by_village.household, by_village.status) == ("520628101203", None, "否")
    assert FeedRecord.objects.get(id_number=members[0].id_number).household == members[0].household


def test_mapping_list_shows_what_each_source_reads(client, clerk, county):
    client.force_login(clerk)
    page = client.get(reverse("feeds:mappings")).content.decode()
    assert "医保结算" in page and "医保参保" in page and "教育学籍" not in page
    client.force_login(county)
    assert "教育学籍" in client.get(reverse("feeds:mappings")).content.decode()


def test_a_job_that_fails_leaves_the_batch_failed_and_writes_nothing(client, clerk, members):
    client.force_login(clerk)
    _upload(client, csv_bytes(_rows(members)))
    batch = FeedBatch.objects.get()
    clerk.is_active = False
    clerk.save()
    batch.job.stage, batch.job.status = "apply", "queued"
    batch.job.save()
    from shoudi.jobs.tasks import run_job

    run_job.call(str(batch.job.pk))
    batch.refresh_from_db()
    assert batch.status == "failed" and "已停用" in batch.message
    assert batch.job.status == "failed"
    assert not FeedRecord.objects.exists()


def test_the_upload_form_says_what_is_wrong_next_to_the_field_and_keeps_the_input(client, clerk, members):
    client.force_login(clerk)
    response = _upload(client, csv_bytes(_rows(members)), period_from="2024-13-45", period_to="2024-03-01")
    html = response.content.decode()
    assert response.status_code == 400 and 'data-field="period_from"' in html and "请按“年-月-日”填写日期" in html
    assert 'value="2024-13-45"' in html and 'aria-invalid="true"' in html
    refused = _upload(client, b"", name="empty.csv")
    assert 'data-field="file"' in refused.content.decode()
    assert not FeedBatch.objects.exists()
    ok = client.post(reverse("feeds:upload"), {"source": "medical_claims", "file": upload(csv_bytes(_rows(members)))})
    page = client.get(ok.url).content.decode()
    assert 'class="message success"' in page and "正在逐行校验" in page


def test_the_mapping_form_keeps_the_input_and_audits_each_save(client, county):
    client.force_login(county)
    url = reverse("feeds:mapping", args=["medical_claims"])
    response = client.post(url, {"col0": "长" * 101})
    assert response.status_code == 400 and 'data-field="col0"' in response.content.decode()
    client.post(url, {"col0": "公民身份号码"})
    client.post(url, {"col0": "证件号码"})
    saved = ColumnMapping.objects.get()
    assert saved.mapping == {"证件号码": "身份证号"}
    entries = AuditEntry.objects.filter(object_type="columnmapping").order_by("at", "id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"列对应关系": [{"公民身份号码": "身份证号"}, {"证件号码": "身份证号"}]}


def test_the_batch_filter_ignores_a_source_that_does_not_exist(client, county, members):
    from shoudi.feeds import testing as ft

    ft.feed("medical_claims", ft.medical_claim(members[0], "2024-03-01", oop="100"))
    client.force_login(county)
    page = client.get(reverse("feeds:index"), {"source": "nonsense"}).content.decode()
    assert 'data-field="source"' in page and "医保结算-测试" in page
    assert "医保结算-测试" not in client.get(reverse("feeds:index"), {"source": "school"}).content.decode()
