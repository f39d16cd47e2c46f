import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shoudi.registry import idnumber
from shoudi.registry.idnumber import IdNumberError

COUNTIES = ["520628", "520627", "110101", "440305", "650102", "130104"]

valid_ids = st.builds(
    idnumber.make,
    st.sampled_from(COUNTIES),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)),
    st.integers(min_value=0, max_value=999),
)


@given(valid_ids)
def test_generated_valid_ids_pass(number):
    info = idnumber.parse(number, today=dt.date(2026, 11, 23))
    assert info.number == number
    assert info.birth_date == dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert info.sex == ("男" if int(number[16]) % 2 else "女")


@settings(max_examples=300)
@given(valid_ids, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_changing_any_one_digit_fails(number, position, delta):
    chars = list(number)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(chars[position])
    chars[position] = alphabet[(current + 1 + delta % (len(alphabet) - 1)) % len(alphabet)]
    changed = "".join(chars)
    assert changed != number
    with pytest.raises(IdNumberError):
        idnumber.parse(changed, today=dt.date(2026, 11, 23))


def test_normalises_spaces_fullwidth_and_lowercase_x():
    with_x = next(
        idnumber.make("520628", dt.date(1985, 7, 9), s)
        for s in range(1000)
        if idnumber.make("520628", dt.date(1985, 7, 9), s).endswith("X")
    )
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in with_x[:-1]) + "x"
    spaced = f" {fullwidth[:6]} {fullwidth[6:14]} {fullwidth[14:]} "
    assert idnumber.parse(spaced).number == with_x


def test_fifteen_digit_numbers_convert_to_eighteen():
    info = idnumber.parse("110101800503123")
    assert info.number == "110101198005031230"
    assert info.birth_date == dt.date(1980, 5, 3)
    assert info.sex == "男"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "不能为空"),
        ("52062819800503", "应为18位"),
        ("999999198005031230", "不是有效的行政区划代码"),
        ("520628198002301236", "出生日期“19800230”不存在"),
        ("520628203001011231", "不合理"),
        ("52062819800503123A", "末位为数字或X"),
    ],
)
def test_invalid_numbers_say_why_in_chinese(raw, message):
    with pytest.raises(IdNumberError, match=message):
        idnumber.parse(raw, today=dt.date(2026, 11, 23))


def test_mask_keeps_place_and_last_four_only():
    assert idnumber.mask("52062819900101123X") == "520628********123X"
    assert idnumber.mask_phone("13812345678") == "138****5678"
    assert idnumber.mask("") == ""
