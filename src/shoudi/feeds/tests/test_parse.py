"""Reading department exports: encodings, mapped headers, value forms, and bad rows named by row and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.feeds import normalise
from shoudi.feeds.parse import FeedRefused, open_feed, parse_rows, resolve_columns
from shoudi.feeds.sources import SOURCES, get_source
from shoudi.registry.idnumber import make, upgrade_15

from .conftest import HEADERS, csv_bytes, xlsx_bytes

ID1 = make("520628", dt.date(1980, 5, 17), 101)
ID2 = make("520628", dt.date(1990, 1, 2), 202)
CLAIMS = SOURCES["medical_claims"]


def parse(tmp_path, content: bytes, name: str = "f.csv", source=CLAIMS, mapping=None):
    path = tmp_path / name
    path.write_bytes(content)
    table = open_feed(path, name=name)
    return parse_rows(table, source, resolve_columns(source, table.headers, mapping))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-06-03", dt.date(2021, 6, 3)),
        ("2021/6/3", dt.date(2021, 6, 3)),
        ("2021年6月3日", dt.date(2021, 6, 3)),
        ("20210603", dt.date(2021, 6, 3)),
        ("２０２１年６月３日", dt.date(2021, 6, 3)),  # full-width digits
        ("2021.6.3", dt.date(2021, 6, 3)),
        ("2021-06-03 00:00:00", dt.date(2021, 6, 3)),
        (44350, dt.date(2021, 6, 3)),  # an Excel serial number
        ("44350", dt.date(2021, 6, 3)),
        (20210603, dt.date(2021, 6, 3)),
        (dt.datetime(2021, 6, 3, 8, 30), dt.date(2021, 6, 3)),
    ],
)
def test_every_date_form_is_read(written, expected):
    assert normalise.date(written) == expected


@pytest.mark.parametrize("bad", ["2021-13-01", "2021/2/30", "明天", "2021", "6/3/2021"])
def test_bad_dates_say_what_is_allowed(bad):
    with pytest.raises(normalise.CellError) as exc:
        normalise.date(bad)
    assert "日期" in str(exc.value)


def test_yes_no_sex_and_choices_are_normalised():
    assert [normalise.yes_no(v) for v in ("是", "Y", "y", "1", 1, "否", "N", "0", 0.0, "ｙ")] == [
        "是",
        "是",
        "是",
        "是",
        "是",
        "否",
        "否",
        "否",
        "否",
        "是",
    ]
    assert [normalise.sex(v) for v in ("男", "女", "M", "f")] == ["男", "女", "男", "女"]
    grade = get_source("住建房屋").column("鉴定等级")
    assert grade is not None
    assert [normalise.cell(grade, v) for v in ("c", "Ｄ级", "B")] == ["C", "D", "B"]
    level = get_source("残联").column("残疾等级")
    assert level is not None
    assert [normalise.cell(level, v) for v in ("一级", "2", 3.0, "４级")] == ["1", "2", "3", "4"]
    with pytest.raises(normalise.CellError, match="应为：住院、门诊、慢病"):
        normalise.choice("飞行", CLAIMS.column("就诊类型").values)  # type: ignore[union-attr]


def test_money_and_ids():
    assert normalise.money("１２,３００.５元") == Decimal("12300.50")
    assert normalise.money(8000) == Decimal("8000.00")
    with pytest.raises(normalise.CellError, match="负数"):
        normalise.money("-1")
    old = ID1[:6] + ID1[8:17]  # the 15-digit form of a 1980 number
    assert normalise.id_number(old) == upgrade_15(old) == ID1
    assert normalise.id_number(" " + ID1[:6] + " " + ID1[6:].replace("1", "１") + " ") == ID1
    with pytest.raises(normalise.CellError, match="校验位"):
        normalise.id_number(ID1[:17] + ("0" if ID1[17] != "0" else "1"))


ROWS = [[ID1, "张三", "2024/3/5", "住院", "20,000", "8000"], [ID2, "李四", "2024年4月1日", "慢特病", "3000", "1200.5"]]


def _check_rows(result):
    assert result.error_count == 0, result.errors
    assert [r.values["id_number"] for r in result.rows] == [ID1, ID2]
    assert result.rows[0].values["on"] == dt.date(2024, 3, 5)
    assert result.rows[1].values["category"] == "慢病"
    assert result.rows[0].values["amount"] == Decimal("20000.00")
    assert result.rows[1].values["amount_oop"] == Decimal("1200.50")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gb18030(tmp_path, encoding):
    _check_rows(parse(tmp_path, csv_bytes(ROWS, encoding=encoding)))


def test_xlsx_with_date_cells_and_serial_numbers(tmp_path):
    rows = [
        [ID1, "张三", dt.date(2024, 3, 5), "住院", 20000, 8000],
        [ID2, "李四", 45383, "门诊慢特病", 3000, 1200.5],  # 45383 = 2024-04-01
    ]
    _check_rows(parse(tmp_path, xlsx_bytes(rows), name="f.xlsx"))


def test_full_width_digits_in_ids_and_money(tmp_path):
    wide = ID1.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    result = parse(tmp_path, csv_bytes([[wide, "张三", "２０２４－０３－０５", "住院", "２００００", "８０００"]]))
    assert result.error_count == 0
    assert result.rows[0].values["id_number"] == ID1
    assert result.rows[0].values["on"] == dt.date(2024, 3, 5)


def test_mapped_headers_and_common_aliases(tmp_path):
    headers = ["公民身份号码", "患者姓名", "结算时间", "医疗类别", "医疗总费用", "政策范围内自付"]
    mapping = {"患者姓名": "姓名", "结算时间": "结算日期", "医疗类别": "就诊类型", "医疗总费用": "总费用"}
    mapping["政策范围内自付"] = "合规自付费用"
    _check_rows(parse(tmp_path, csv_bytes(ROWS, headers=headers), mapping=mapping))
    with pytest.raises(FeedRefused) as exc:
        parse(tmp_path, csv_bytes(ROWS, headers=headers))
    assert "缺少必需的列：结算日期、就诊类型、总费用、合规自付费用" in str(exc.value)


def test_bad_rows_are_reported_by_row_and_column(tmp_path):
    rows = [
        [ID1, "张三", "2024/3/5", "住院", "20000", "8000"],
        ["52062819800517", "王五", "2024/2/30", "住院", "100", "50"],
        [ID2, "李四", "2024-04-01", "飞行", "abc", "1"],
        ["", "", "", "", "", ""],  # a blank row is skipped
        ["", "赵六", "2024-04-01", "门诊", "1", "1"],
    ]
    result = parse(tmp_path, csv_bytes(rows))
    assert result.total == 4
    assert [r.row for r in result.rows] == [2]
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(3, "身份证号"), (3, "结算日期"), (4, "就诊类型"), (4, "总费用"), (6, "身份证号")]
    assert str(result.errors[1]) == "第3行 结算日期：日期“2024/2/30”不存在"
    assert "无法识别的金额“abc”" in str(result.errors[3])
    assert "不能为空" in str(result.errors[4])


def test_water_rows_need_an_id_or_a_village(tmp_path):
    water = SOURCES["water"]
    rows = [[ID1, "", "否", "2024-05-01"], ["", "520628101203", "N", "2024-05-01"], ["", "", "是", "2024-05-01"]]
    result = parse(tmp_path, csv_bytes(rows, headers=water.headers), source=water)
    assert [r.values.get("village_code") for r in result.rows] == ["", "520628101203"]
    assert [r.values["status"] for r in result.rows] == ["否", "否"]
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "户主身份证号", "户主身份证号和村代码至少填一项")
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "空文件"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "a.png", "不是电子表格"),
        (b"just text", "a.xlsx", "不是有效的Excel文件"),
        ("身份证号,姓名\n".encode(), "a.csv", "没有数据行"),
    ],
)
def test_files_that_are_refused(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FeedRefused, match=message):
        open_feed(path, name=name)


def test_every_source_has_a_date_or_year_and_an_id_column():
    assert len(SOURCES) == 14
    for source in SOURCES.values():
        fields = {c.field for c in source.columns}
        assert {"on", "year"} & fields, source.id
        assert {"id_number", "village_code"} & fields, source.id
    assert CLAIMS.headers == [*HEADERS, "医疗救助金额"]  # the last is optional: the files of the tests leave it out
    assert get_source("医保结算") is get_source("medical_claims")


def test_formats_document_lists_every_source_and_column():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "FORMATS.md").read_text(encoding="utf-8")
    for source in SOURCES.values():
        assert f"### {source.label}（`{source.id}`" in text
        for column in source.columns:
            assert f"| {column.header} |" in text
