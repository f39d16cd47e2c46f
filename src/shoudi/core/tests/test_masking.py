"""The kit's masks: phones and ID numbers found in what people type are masked; 户编号, amounts and dates stay."""

import pytest

from shoudi.core.masking import mask_id, mask_numbers, mask_numbers_many, mask_phone


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("电话13912345678", "电话139****5678"),
        ("电话 139 1234 5678。", "电话 139****5678。"),
        ("电话139-1234-5678", "电话139****5678"),
        ("+86 13912345678", "139****5678"),
        ("电话１３９１２３４５６７８", "电话139****5678"),
        ("座机0856-1234567", "座机085****4567"),
        ("身份证522229199001011234号", "身份证522***********1234号"),
        ("身份证52222919900101123x", "身份证522***********123x"),
        ("老身份证522229900101123", "老身份证522********1123"),
    ],
)
def test_phones_and_id_numbers_in_text_are_masked(typed, shown):
    assert mask_numbers(typed) == shown


@pytest.mark.parametrize(
    "kept",
    ["户编号 5206281012030001", "自付医疗费 45000 元", "2026年12月7日", "20261207", "回执号 A1B2C3D4E5", "12317"],
)
def test_household_numbers_amounts_and_dates_stay(kept):
    assert mask_numbers(kept) == kept


def test_single_values():
    assert mask_id("52062819900101123X") == "520628********123X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_numbers(None) == "" and mask_id("") == "" and mask_phone(None) == ""


def test_many_texts_are_masked_in_one_pass_as_one_by_one():
    texts = [
        "张三 13912345678",
        "",
        "电话１３９１２３４５６７８，座机0851-12345678",
        "139-1234-\n5678 换行不拼接",  # a number never runs across texts or lines it does not span
        "身份证52222919900101123x",
        "自付医疗费 45000 元",
        "13912345678",
    ]
    assert mask_numbers_many(texts) == [mask_numbers(t) for t in texts]
    assert mask_numbers_many(["1391234", "5678"]) == ["1391234", "5678"]  # the join does not make a phone
    assert mask_numbers_many(["a\x00139 1234 5678", "b"]) == ["a\x00139****5678", "b"]  # NUL inside: one by one
