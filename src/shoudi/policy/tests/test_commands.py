"""The command-line contract (CLI.md): ``assess``, ``assess-elimination``, ``policy load|show``."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from shoudi.policy.models import Parameter

ISSUE_EXAMPLE = {
    "as_of": "2021-06-15",
    "households": [
        {
            "ref": "echoed back",
            "region": "520628105201",
            "former_poor": True,
            "members": [
                {"id_number": "520628199001011234", "living_in": True, "labor": "普通劳动力", "public_payroll": False},
                {"living_in": True, "labor": "普通劳动力"},
                {"living_in": True, "labor": "弱劳动力或半劳动力"},
            ],
            "income": [{"month": "2020-09", "kind": "工资性", "amount": "3000.00"}],
            "costs": [{"month": "2020-09", "kind": "生产经营性支出", "amount": "500.00"}],
            "rigid": [{"month": "2021-03", "kind": "医疗自付", "amount": "20000.00"}],
            "payouts": [{"month": "2021-04", "kind": "理赔", "amount": "5000.00"}],
            "facts": {
                "leisure_car": False,
                "truck_or_excavator": False,
                "commercial_property": False,
                "business": False,
                "assembly_override": False,
            },
            "risks": ["因病"],
            "identified_on": "2021-01-10",
            "method": "帮扶消除",
            "measures": [{"kind": "产业帮扶", "start": "2021-02"}],
            "problems": ["住房出现安全问题"],
        }
    ],
}


def run(command, document, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command(command, "--input", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_assess_the_issue_example(builtin, tmp_path):
    result = run("assess", ISSUE_EXAMPLE, tmp_path)
    assert result["as_of"] == "2021-06-15"
    [r] = result["results"]
    assert r["ref"] == "echoed back"
    assert r["window"] == ["2020-06", "2021-05"]
    assert r["members_counted"] == 3
    assert r["net_income"] == "2500.00"
    assert r["per_capita_net_income"] == "833.33"
    assert r["per_capita_after_rigid"] == "-4166.67"
    assert r["monitoring_line"] == "6320.00"
    assert "铜仁市" in r["line_source"]
    assert r["within_range"] is True
    assert r["excluded"] is False
    assert r["exclusion_reasons"] == []
    assert r["category"] == "脱贫不稳定户"
    assert r["eligible"] is None and r["failing"] == []
    assert r["error"] is None
    assert r["reasons"] and all(isinstance(x, str) for x in r["reasons"])
    assert r["parameters"][0]["key"] == "monitoring_line" and r["parameters"][0]["region"] == "52"
    assert "520628199001011234" not in json.dumps(result)  # ID numbers are never echoed


def test_assess_elimination_lists_the_failing_codes(builtin, tmp_path):
    [r] = run("assess-elimination", ISSUE_EXAMPLE, tmp_path)["results"]
    assert r["eligible"] is False
    assert r["failing"] == ["months_monitored", "income_below_line", "income_unstable", "open_problems"]


def test_assess_elimination_of_an_eligible_household(builtin, tmp_path):
    household = {
        **ISSUE_EXAMPLE["households"][0],
        "identified_on": "2020-11-20",
        "income": [{"month": f"2020-{m:02d}", "kind": "转移性", "amount": "2000.00"} for m in range(6, 13)]
        + [{"month": f"2021-{m:02d}", "kind": "工资性", "amount": "2000.00"} for m in range(1, 6)],
        "rigid": [],
        "problems": [],
    }
    [r] = run("assess-elimination", {"as_of": "2021-06-15", "households": [household]}, tmp_path)["results"]
    assert r["eligible"] is True, r["reasons"]
    assert r["failing"] == []
    assert r["category"] is None  # 8,000 a head: no longer within the range


def test_a_household_with_bad_data_gets_an_error_and_the_others_are_assessed(builtin, tmp_path):
    good = ISSUE_EXAMPLE["households"][0]
    bad = [
        {**good, "ref": "b1", "income": [{"month": "2020-13", "kind": "工资性", "amount": "1.00"}]},
        {**good, "ref": "b2", "income": [{"month": "2020-09", "kind": "工资", "amount": "1.00"}]},
        {**good, "ref": "b3", "members": [{"living_in": False}]},
        {**good, "ref": "b4", "costs": [{"month": "2020-09", "kind": "生产经营性支出", "amount": "-5"}]},
        {**good, "ref": "b5", "region": "贵州"},
        {**good, "ref": "b6", "members": [{"labor": "很能干"}]},
        "not an object",
    ]
    results = run("assess", {"as_of": "2021-06-15", "households": [good, *bad]}, tmp_path)["results"]
    assert results[0]["error"] is None
    errors = {r["ref"]: r["error"] for r in results[1:]}
    assert "income[0].month" in errors["b1"]
    assert "income[0].kind" in errors["b2"] and "工资性" in errors["b2"]
    assert "计入人数为0" in errors["b3"]
    assert "costs[0].amount" in errors["b4"]
    assert "region" in errors["b5"]
    assert "members[0].labor" in errors["b6"]
    assert errors[None]
    assert all(r["category"] is None and r["within_range"] is None for r in results[1:])


def test_parameters_in_the_input_apply_for_that_call_only(builtin, tmp_path):
    doc = {
        **ISSUE_EXAMPLE,
        "parameters": [{"key": "monitoring_line", "region": "52", "year": 2021, "value": "800"}],
    }
    [r] = run("assess", doc, tmp_path)["results"]
    assert r["monitoring_line"] == "800.00"
    assert r["within_range"] is False
    assert "本次调用临时设定" in r["line_source"]
    assert Parameter.objects.get(key="monitoring_line", region_code="52").value == "6320"


def test_a_missing_line_stops_the_call_with_a_clear_message(builtin, tmp_path):
    doc = {**ISSUE_EXAMPLE, "as_of": "2023-06-15"}
    with pytest.raises(CommandError, match=r"monitoring_line.*520628.*2023-06-15"):
        run("assess", doc, tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ("[]", "JSON 对象"),
        ('{"households": []}', "as_of"),
        ('{"as_of": "2021-02-30", "households": []}', "as_of"),
        ('{"as_of": "2021-06-15"}', "households"),
        ('{"as_of": "2021-06-15", "households": [], "parameters": [{"key": "x"}]}', "parameters"),
    ],
)
def test_an_invalid_document_stops_the_call(db, tmp_path, text, message):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("assess", "--input", str(path), stdout=io.StringIO())


def test_stdin_in_and_file_out(builtin, tmp_path, monkeypatch):
    raw = json.dumps(ISSUE_EXAMPLE, ensure_ascii=False).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    out = tmp_path / "out.json"
    call_command("assess", "--input", "-", "--output", str(out))
    text = out.read_text(encoding="utf-8")
    assert "脱贫不稳定户" in text  # UTF-8, not \\u escapes
    assert json.loads(text)["results"][0]["category"] == "脱贫不稳定户"


def test_policy_load_and_show(db, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "parameters": [
                    {"key": "monitoring_line", "region": "52", "year": 2021, "value": "6320", "source": "铜仁规划"}
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("policy", "load", str(path), stdout=out)
    assert "新增 1 条" in out.getvalue()
    out = io.StringIO()
    call_command("policy", "show", "--region", "520628", "--date", "2021-06-15", "--key", "monitoring_line", stdout=out)
    assert "6320.00" in out.getvalue() and "铜仁规划" in out.getvalue() and "省级 52" in out.getvalue()
    out = io.StringIO()
    call_command("policy", "show", "--region", "520628", "--date", "2021-06-15", "--json", stdout=out)
    shown = {p["key"]: p for p in json.loads(out.getvalue())["parameters"]}
    assert shown["monitoring_line"]["value"] == "6320.00"
    assert shown["notice_days"]["value"] is None


def test_policy_load_reports_every_bad_entry_and_writes_nothing(db, tmp_path):
    path = tmp_path / "p.json"
    entries = [
        {"key": "monitoring_line", "region": "52", "year": 2021, "value": "6320", "source": "s"},
        {"key": "monitoring_line", "region": "5", "year": 2022, "value": "6320", "source": "s"},
        {"key": "monitoring_line", "region": "52", "year": 2023, "value": "x", "source": "s"},
    ]
    path.write_text(json.dumps({"parameters": entries}), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("policy", "load", str(path), stdout=io.StringIO())
    assert "2 处错误" in str(info.value) and "第2条" in str(info.value) and "第3条" in str(info.value)
    assert Parameter.objects.count() == 0


def test_policy_load_as_a_user_checks_their_area(builtin, county, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {"parameters": [{"key": "monitoring_line", "region": "52", "year": 2022, "value": "1", "source": "s"}]}
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="无权"):
        call_command("policy", "load", str(path), "--user", county.username, stdout=io.StringIO())
