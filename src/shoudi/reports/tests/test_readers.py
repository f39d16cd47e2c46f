"""Reports speak to their readers: documents cited by title and article, rules by their Chinese names, the data
quality sheet filled from the latest run, 确认纳入 only for cases that entered monitoring, years from the period
reported, 帮扶消除 and 自然消除 apart, and the README's command line runs as written."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from shoudi.monitoring import codes
from shoudi.monitoring.checks import CHECKS
from shoudi.monitoring.models import QualityRun
from shoudi.reports import services
from shoudi.reports.indicators import INDICATORS
from shoudi.reports.models import Report
from shoudi.reports.tests.data import build, lead
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[4] / "README.md"
ARTICLE = re.compile(r"《[^》]+》[^；]*第[一二三四五六七八九十]+(章|部分)")


@pytest.fixture
def data(regions):
    return build()


def report(user, period: str = "2026-10", kind: str = "monthly", area: str = COUNTY) -> Report:
    return services.report_request(by=user, area_code=area, kind=kind, period=period)


def table(r: Report, key: str) -> dict:
    return next(t for t in r.content["tables"] if t["key"] == key)


def column(t: dict, header: str) -> int:
    return t["head"].index(header)


def test_targets_cite_each_document_by_title_and_article(county, data):
    targets = table(report(county), "targets")
    sources = [row[column(targets, "依据")] for row in targets["rows"]]
    assert len(sources) == 4
    for source in sources:
        assert ".md" not in source and "seed" not in source.lower()
        assert ARTICLE.search(source), source
    growth = sources[0]
    assert "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》第二部分（二）" in growth
    assert "（桂发〔2021〕6号）第一部分（三）" in growth
    assert "《铜仁市“十四五”巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划》第三章第三节" in growth
    page = Client()
    page.force_login(county)
    catalogue = page.get("/api/v1/reports/indicators").json()
    assert all(".md" not in i["source"] for i in catalogue)
    from_documents = [i for i in catalogue if i["code"] != "rural_income_growth"]  # that one: statistics published
    assert all("《" in i["source"] for i in from_documents)
    assert all(".md" not in i["target"]["source"] for i in catalogue if i["target"])


def test_department_rules_are_named_in_chinese_in_the_report(county, data):
    r = report(county)
    rules = table(r, "leads_rule")
    labels = [row[0] for row in rules["rows"]]
    assert "医保 · 大额医疗自付" in labels
    assert not any("medical_oop" in label for label in labels)
    client = Client()
    client.force_login(county)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/list/{r.pk}/xlsx/").content))
    info = {row[0].value: row[1].value for row in book["说明"].iter_rows() if row[0].value}
    assert "累计纳入监测户数 第1版" in info["指标版本"] and "monitored_households" not in info["指标版本"]
    page = client.get(f"/reports/list/{r.pk}/").content.decode()
    assert "大额医疗自付" in page and "medical_oop" not in page


def test_the_data_quality_sheet_lists_every_check_of_the_latest_run_with_its_date(county, data):
    quality = table(report(county), "quality")
    labels = [c.label for c in CHECKS]
    assert quality["head"][2:] == labels  # every check, the ones without findings too
    assert "2026-10-31" in quality["title"] and "检查基准日 2026-10-31" in quality["note"]
    too_soon = column(quality, "识别后两个月内即帮扶消除")
    assert [row[too_soon] for row in quality["rows"]] == [2, 1] and quality["total"][too_soon] == 3
    other = column(quality, labels[-1])
    assert [row[other] for row in quality["rows"]] == [0, 0]  # checked and clean: 0, not left out
    QualityRun.objects.all().delete()
    empty = table(report(county, period="2026-09"), "quality")
    assert empty["head"][2:] == labels and "尚未运行数据质量检查" in empty["note"]
    assert all(v is None for row in empty["rows"] for v in row[2:])


def test_confirmed_leads_are_those_whose_case_entered_monitoring(county, data):
    cases, households = data["cases"], data["households"]
    C, LS = codes.Channel, codes.LeadStatus
    on = dt.date(2026, 10, 8)
    lead(households["b1"], channel=C.CADRE_VISIT, status=LS.CONVERTED, on=on, case=cases["b2"])  # at village review
    lead(households["b1"], channel=C.CADRE_VISIT, status=LS.CONVERTED, on=on, case=cases["b3"])  # not included
    lead(
        households["a2"], channel=C.CADRE_VISIT, status=LS.JOINED, on=on, case=cases["a2"]
    )  # entered, since eliminated
    leads = table(report(county), "leads_channel")
    row = next(r for r in leads["rows"] if r[0] == "基层干部排查")
    received, checked, confirmed = row[1], row[2], row[3]
    assert (received, checked, confirmed) == (4, 3, 1)  # only a2's case finished 纳入监测
    assert row[5] == 33.3
    cases["b2"].status, cases["b2"].period_start = codes.Status.MONITORED, dt.date(2026, 10, 20)
    cases["b2"].save()
    row = next(r for r in table(report(county), "leads_channel")["rows"] if r[0] == "基层干部排查")
    assert row[3] == 2


def test_year_labels_and_target_values_come_from_the_period_reported(county, data):
    def targets(period: str, kind: str = "annual") -> dict[str, list]:
        t = table(report(county, period=period, kind=kind), "targets")
        return {row[0]: row for row in t["rows"]}

    year, value, text = 5, 3, 4  # columns: 报告年度, 目标值, 目标要求
    y2021 = targets("2021")
    assert {row[year] for row in y2021.values()} == {"2021年"}
    assert y2021["农户人均纯收入"][value] == 12100 and y2021["农户人均纯收入"][text] == "≥12,100元"
    y2022 = targets("2022")
    assert y2022["农户人均纯收入"][value] == 12100 and y2022["农户人均纯收入"][text] == "≥12,100元（2021年目标）"
    oct26 = table(report(county, period="2026-10", kind="monthly"), "targets")
    assert "2026年10月" in oct26["title"] and {row[year] for row in oct26["rows"]} == {"2026年"}
    rural = next(row for row in oct26["rows"] if row[0] == "农户人均纯收入")
    assert rural[value] == 17100 and rural[text] == "≥17,100元（2025年目标）"
    posts = next(row for row in oct26["rows"] if row[0] == "公益岗位用于搬迁群众占比")
    assert posts[text] == "≥20%"  # a yearly target carries no year of its own


def test_the_report_shows_assisted_and_natural_elimination_apart(county, data):
    overview = table(report(county), "overview")
    head = overview["head"]
    for header in ("本期帮扶消除", "本期自然消除", "累计帮扶消除", "累计自然消除"):
        assert header in head
    total = dict(zip(head, overview["total"], strict=True))
    # October: a2 helped out (assisted); b1 went away by itself in September (natural, cumulative only)
    assert (total["本期帮扶消除"], total["本期自然消除"]) == (1, 0)
    assert (total["累计帮扶消除"], total["累计自然消除"]) == (1, 1)
    by_row = {row[1]: dict(zip(head, row, strict=True)) for row in overview["rows"]}
    assert by_row[TOWNSHIP_A]["累计自然消除"] == 1 and by_row[TOWNSHIP_C]["累计自然消除"] == 0
    annual = table(report(county, period="2026", kind="annual"), "overview")
    totals = dict(zip(annual["head"], annual["total"], strict=True))
    assert (totals["本期帮扶消除"], totals["本期自然消除"]) == (1, 1)
    assert all(i.code != "eliminated_total" or i.dims == tuple(codes.EliminationKind.choices) for i in INDICATORS)


@pytest.mark.parametrize("kind", ["monthly", "annual"])
def test_the_readme_report_command_runs_as_written(data, tmp_path, kind):
    """The README's line (options before the file) goes through the command's own parser unchanged."""
    found = re.findall(r"`(shoudi report (?:monthly|annual) [^`]+)`", README.read_text(encoding="utf-8"))
    line = next(cmd for cmd in found if cmd.startswith(f"shoudi report {kind} "))
    out = tmp_path / "report.xlsx"
    argv = shlex.split(line.replace("CODE", COUNTY).replace("FILE.xlsx", str(out)))
    assert argv[:3] == ["shoudi", "report", kind] and argv[-1] == str(out)  # the file last, as written
    stdout = io.StringIO()
    call_command(*argv[1:], stdout=stdout)
    assert "已生成" in stdout.getvalue()
    book = openpyxl.load_workbook(out)
    assert book["1.监测对象总体情况"]["A1"].value == "乡镇"
    call_command("report", kind, str(out), *argv[3:-1], stdout=io.StringIO())  # the file first still works
