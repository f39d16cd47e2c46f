"""The slips a clerk really makes in an ID number — a wrong digit anywhere (birth date and check digit
included), two neighbours swapped — and a name one character off still find the person; a namesake with
another number does not."""

from __future__ import annotations

import pytest

from shoudi.feeds import testing as ft
from shoudi.screening.linkage import candidates_for_area
from shoudi.screening.models import LinkCandidate
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db


def _digit(id_number: str, position: int) -> str:
    old = id_number[position]
    new = "3" if old != "3" else "4"
    return id_number[:position] + new + id_number[position + 1 :]


def _swap(id_number: str, position: int) -> str:
    chars = list(id_number)
    chars[position], chars[position + 1] = chars[position + 1], chars[position]
    return "".join(chars)


def _other_character(name: str) -> str:
    return name[:-1] + ("甲" if name[-1] != "甲" else "乙")


@pytest.fixture
def people(regions):
    """Four registered people of one village, each with distinct digits to swap."""
    household = household_with_members(VILLAGE_A, size=4)
    members = list(household.members.order_by("id_number"))
    for person, name in zip(members, ("张丽娟", "王芳", "李建国", "赵晓明"), strict=True):
        person.name = name
        person.save()
    return members


def _propose(rows):
    """Typed number → the person of its best-scoring candidate (the one a clerk sees first)."""
    ft.feed("medical_claims", *[ft.medical_claim(ft.unknown(i, n), "2021-03-01", oop="100") for i, n in rows])
    candidates_for_area("520628")
    best = {}
    for c in LinkCandidate.objects.select_related("record").order_by("score"):
        best[c.record.id_number] = c.person_id
    return best


def test_slips_anywhere_in_the_number_find_the_person(people):
    a, b, c, d = people
    birth_typo = _digit(a.id_number, 12)  # the day of birth
    check_typo = _digit(b.id_number, 17)
    swapped = next(_swap(c.id_number, i) for i in range(6, 17) if c.id_number[i] != c.id_number[i + 1])
    region_typo = _digit(d.id_number, 2)

    found = _propose(
        [
            (birth_typo, a.name),
            (check_typo, _other_character(b.name)),  # and the name one character off
            (swapped, c.name),
            (region_typo, _other_character(d.name)),
        ]
    )

    # (members' numbers differ by a day of birth, so a slip may also come near a housemate: ranked lower)
    assert found == {birth_typo: a.pk, check_typo: b.pk, swapped: c.pk, region_typo: d.pk}


def test_a_namesake_with_another_number_is_not_proposed(people):
    a = people[0]
    stranger = "110101" + "19990909" + "1234"  # another region, birth date and sequence

    assert _propose([(stranger, a.name)]) == {}
