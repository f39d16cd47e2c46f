"""Parameter resolution and the load format, without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.policy.services import builtin_document
from shoudi.policy.values import (
    MissingParameter,
    ParameterError,
    ParameterLoadError,
    ParameterTable,
    parse_entries,
    parse_entry,
)


def table(*entries, override=False):
    return ParameterTable(parse_entries({"parameters": list(entries)}, require_source=False, override=override))


def line(region, year, value, **kw):
    return {"key": "monitoring_line", "region": region, "year": year, "value": value, **kw}


@pytest.fixture
def builtin_table():
    return ParameterTable(parse_entries(builtin_document()))


@pytest.mark.parametrize(
    ("region", "on", "value", "used"),
    [
        ("520628101203", dt.date(2021, 6, 15), Decimal("6320"), "52"),  # Guizhou 2021 (seed 001)
        ("52", dt.date(2021, 1, 1), Decimal("6320"), "52"),
        ("350526101201", dt.date(2024, 5, 1), Decimal("19560"), "350526"),  # Dehua 2024: 2 × 815 × 12
        ("350582", dt.date(2023, 12, 31), Decimal("10560"), "35"),  # Fujian 2023
        ("360703", dt.date(2024, 7, 1), Decimal("8500"), "360703"),  # Nankang 2024
        ("530102", dt.date(2024, 7, 1), Decimal("8700"), "53"),  # Yunnan 2024
        ("530102", dt.date(2025, 7, 1), Decimal("8700"), "53"),  # Yunnan 2025
    ],
)
def test_builtin_monitoring_lines(builtin_table, region, on, value, used):
    found = builtin_table.resolve("monitoring_line", region, on)
    assert found.value == value
    assert found.region_used == used
    assert found.record.source


def test_dehua_line_is_a_formula_over_the_dibao_standard(builtin_table):
    found = builtin_table.resolve("monitoring_line", "350526", dt.date(2024, 3, 1))
    assert found.record.formula == "2 * dibao_standard_monthly * 12"
    assert [(i.key, i.value) for i in found.inputs] == [("dibao_standard_monthly", Decimal("815"))]
    assert "815" in found.describe() and "19560.00" in found.describe()


def test_the_dehua_formula_follows_a_new_dibao_standard():
    t = table(
        {"key": "dibao_standard_monthly", "region": "350526", "year": 2024, "value": "815"},
        {"key": "monitoring_line", "region": "350526", "year": 2024, "formula": "2 * dibao_standard_monthly * 12"},
    ).with_records(
        parse_entries(
            {"parameters": [{"key": "dibao_standard_monthly", "region": "350526", "year": 2024, "value": "900"}]},
            require_source=False,
            override=True,
        )
    )
    assert t.resolve("monitoring_line", "350526", dt.date(2024, 3, 1)).value == Decimal("21600")


def test_guizhou_line_records_its_three_factors(builtin_table):
    note = builtin_table.resolve("monitoring_line", "52", dt.date(2021, 6, 1)).record.note
    assert "2.6%" in note and "8.2%" in note and "5%" in note


def test_county_overrides_province_and_province_overrides_national():
    t = table(
        line("52", 2021, "6320"),
        line("520628", 2021, "7000"),
        {"key": "notice_days", "region": "00", "valid_from": "2020-01-01", "value": "5"},
        {"key": "notice_days", "region": "52", "valid_from": "2021-01-01", "value": "7"},
    )
    on = dt.date(2021, 6, 15)
    assert t.resolve("monitoring_line", "520628101203", on).value == Decimal("7000")
    assert t.resolve("monitoring_line", "520627101201", on).value == Decimal("6320")
    assert t.resolve("notice_days", "520628101203", on).value == 7
    assert t.resolve("notice_days", "530102", on).value == 5
    assert t.resolve("notice_days", "520628", dt.date(2020, 6, 1)).value == 5


def test_periods_include_both_ends():
    t = table(
        {"key": "monitoring_line", "region": "52", "valid_from": "2021-03-01", "valid_to": "2021-09-30", "value": "1"}
    )
    assert t.get("monitoring_line", "52", dt.date(2021, 2, 28)) is None
    assert t.get("monitoring_line", "52", dt.date(2021, 3, 1)) is not None
    assert t.get("monitoring_line", "52", dt.date(2021, 9, 30)) is not None
    assert t.get("monitoring_line", "52", dt.date(2021, 10, 1)) is None


def test_a_missing_line_names_the_province_and_date():
    t = table(line("52", 2021, "6320"))
    with pytest.raises(MissingParameter) as info:
        t.resolve("monitoring_line", "520628101203", dt.date(2022, 6, 15))
    assert "monitoring_line" in str(info.value) and "2022-06-15" in str(info.value) and "520628" in str(info.value)


def test_an_override_wins_at_its_own_level_but_not_over_a_county_value():
    stored = table(line("52", 2021, "6320"), line("520628", 2021, "7000"))
    t = stored.with_records(
        parse_entries({"parameters": [line("52", 2021, "6600")]}, require_source=False, override=True)
    )
    on = dt.date(2021, 6, 1)
    assert t.resolve("monitoring_line", "520627", on).value == Decimal("6600")
    assert t.resolve("monitoring_line", "520627", on).record.override is True
    assert t.resolve("monitoring_line", "520628", on).value == Decimal("7000")


def test_formula_cycles_are_errors_not_hangs():
    t = table(
        {"key": "a_value", "region": "52", "year": 2021, "formula": "b_value + 1"},
        {"key": "b_value", "region": "52", "year": 2021, "formula": "a_value * 2"},
    )
    with pytest.raises(ParameterError, match="循环引用：a_value → b_value → a_value"):
        t.resolve("a_value", "52", dt.date(2021, 1, 1))


def test_a_formula_with_a_missing_input_says_which():
    t = table({"key": "monitoring_line", "region": "52", "year": 2021, "formula": "2 * dibao_standard_monthly * 12"})
    with pytest.raises(MissingParameter, match="dibao_standard_monthly"):
        t.resolve("monitoring_line", "52", dt.date(2021, 1, 1))


def test_formula_numbers_are_exact_decimals():
    t = table(
        {"key": "base_line", "region": "52", "year": 2021, "value": "4000"},
        {"key": "monitoring_line", "region": "52", "year": 2021, "formula": "base_line * 1.5 * 1.1"},
    )
    assert t.resolve("monitoring_line", "52", dt.date(2021, 1, 1)).value == Decimal("6600.00")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"key": "Monitoring", "region": "52", "year": 2021, "value": "1"}, "key"),
        ({"key": "monitoring_line", "region": "5206", "year": 2021, "value": "1"}, "region"),
        ({"key": "monitoring_line", "region": "52", "value": "1"}, "有效期"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "valid_from": "2021-01-01", "value": "1"}, "二选一"),
        ({"key": "monitoring_line", "region": "52", "year": 2021}, "value 与 formula"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "value": "1", "formula": "2"}, "value 与 formula"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "value": 6320.5}, "字符串"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "value": "六千"}, "不是有效数字"),
        ({"key": "min_monitoring_months", "region": "00", "year": 2021, "value": "6.5"}, "整数"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "formula": "2 *"}, "语法错误"),
        ({"key": "monitoring_line", "region": "52", "year": 2021, "formula": "monitoring_line + 1"}, "循环引用"),
        ({"key": "label_monitored_object", "region": "00", "year": 2021, "formula": "1"}, "文字"),
        (
            {
                "key": "monitoring_line",
                "region": "52",
                "valid_from": "2021-05-01",
                "valid_to": "2021-01-01",
                "value": "1",
            },
            "早于",
        ),
    ],
)
def test_bad_entries_are_named(entry, message):
    with pytest.raises(ParameterError, match=message):
        parse_entry(entry, require_source=False)


def test_load_errors_are_reported_per_entry_together():
    doc = {
        "parameters": [
            line("52", 2021, "6320", source="依据"),
            line("52", 2021, "6400", source="依据"),  # same period twice
            {"key": "monitoring_line", "region": "52", "year": 2022, "value": "x", "source": "依据"},
            line("53", 2024, "8700"),  # no source
        ]
    }
    with pytest.raises(ParameterLoadError) as info:
        parse_entries(doc)
    assert len(info.value.errors) == 3
    assert info.value.errors[0].startswith("第2条")
    assert info.value.errors[1].startswith("第3条")
    assert "source" in info.value.errors[2]


def test_the_builtin_file_parses_and_has_sources():
    records = parse_entries(builtin_document())
    assert all(r.source for r in records)
    keys = {r.key for r in records}
    assert {
        "monitoring_line",
        "rural_disposable_income",
        "dibao_standard_monthly",
        "min_monitoring_months",
        "notice_days",
        "identification_days",
        "medical_oop_ratio_former_poor",
        "medical_oop_ratio_others",
    } <= keys
