"""Members of one synthetic household: who lives together, their ages, schooling, health, labour and work."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from shoudi.synth import params as P

T = TypeVar("T")


class Choice(Generic[T]):
    """A weighted choice that costs one ``random()`` call and a bisect."""

    def __init__(self, weights: Mapping[T, float] | Sequence[tuple[T, float]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
        self.keys = [k for k, _ in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> T:
        return self.keys[bisect(self.cum, rng.random() * self.total)]


SIZE = Choice([(i + 1, w) for i, w in enumerate(P.SIZE_WEIGHTS)])
SENIOR_STAGE = Choice(P.SENIOR_STAGE_WEIGHTS)
HIGHER_STAGE = Choice(P.HIGHER_STAGE_WEIGHTS)
EDUCATION = [Choice(w) for w in P.EDUCATION_BY_BAND]
DISABILITY_CATEGORY = Choice(P.DISABILITY_CATEGORIES)
DISABILITY_GRADE = Choice(P.DISABILITY_GRADES)
WORK_PLACE = Choice(P.WORK_PLACE_WEIGHTS)
WORK_MONTHS = Choice(P.WORK_MONTHS_WEIGHTS)


@dataclass(slots=True)
class Member:
    relationship: str
    male: bool
    age: int
    school_stage: str = "none"
    education: str = ""
    health: str = "healthy"
    disability_category: str = ""
    disability_grade: int | None = None
    labor: str = "none"
    work_place: str = ""
    work_months: int = 0
    monthly_wage: int = 0  # fen
    public_payroll: bool = False
    medical_insurance: bool = True
    pension_insurance: bool = False
    dibao: bool = False
    tekun: bool = False
    registered: bool = True
    living_in: bool = True

    @property
    def work_income(self) -> int:
        return self.monthly_wage * self.work_months

    @property
    def severe(self) -> bool:
        """Major illness, severe disability (grade 1–2) or very old: the members assistance targets first."""
        return self.health == "major" or (self.disability_grade or 9) <= 2 or self.age >= 75


def _u(rng: random.Random, lo: int, hi: int) -> int:
    return lo + int(rng.random() * (hi - lo + 1))


def compose(rng: random.Random, size: int) -> list[Member]:
    """Relationships, sexes and ages (years) of a household of ``size`` people; the head comes first."""
    r = rng.random()
    if size == 1:
        age = _u(rng, 60, 92) if r < 0.6 else _u(rng, 40, 59) if r < 0.9 else _u(rng, 25, 39)
        return [Member("head", rng.random() < (0.45 if age >= 60 else 0.7), age)]
    if size == 2 and r < 0.55:
        age = _u(rng, 60, 86)
        return [Member("head", True, age), Member("spouse", False, max(55, age + _u(rng, -6, 2)))]
    if size == 2 and r < 0.8:
        age = _u(rng, 30, 64)
        return [Member("head", True, age), Member("spouse", False, max(20, age + _u(rng, -6, 2)))]
    if size == 2:
        age = _u(rng, 45, 78)
        head = Member("head", rng.random() < 0.6, age)
        return [head, _child(rng, "", age - _u(rng, 20, 35))]
    if size >= 4 and r < 0.35:
        return _three_generations(rng, size)
    return _nuclear(rng, size)


def _child(rng: random.Random, prefix: str, age: int) -> Member:
    male = rng.random() < 0.52
    rel = ("grandson" if male else "granddaughter") if prefix else ("son" if male else "daughter")
    return Member(rel, male, max(0, age))


def _couple(rng: random.Random, age: int) -> list[Member]:
    head_male = rng.random() < 0.9
    members = [Member("head", head_male, age)]
    if rng.random() < 0.9:
        members.append(Member("spouse", not head_male, max(18, age + _u(rng, -5, 3) * (1 if head_male else -1))))
    return members


def _nuclear(rng: random.Random, size: int) -> list[Member]:
    head_age = _u(rng, 26, 56)
    members = _couple(rng, head_age)
    elders = 0
    if size >= 4 and rng.random() < 0.4:
        elders = 1 if size == 4 or rng.random() < 0.5 else 2
    age = head_age - _u(rng, 20, 30)
    while len(members) < size - elders:
        if rng.random() < 0.02:
            members.append(Member("sibling", rng.random() < 0.5, max(16, head_age + _u(rng, -10, 10))))
            continue
        members.append(_child(rng, "", age))
        age -= _u(rng, 1, 5)
    for i in range(elders):
        members.append(Member("parent", i == 0 and rng.random() < 0.6, min(95, head_age + _u(rng, 22, 32))))
    return members


def _three_generations(rng: random.Random, size: int) -> list[Member]:
    head_age = _u(rng, 50, 72)
    members = _couple(rng, head_age)
    adult_age = max(18, head_age - _u(rng, 22, 30))
    if rng.random() < 0.85:
        members += [Member("son", True, adult_age), Member("daughter_in_law", False, adult_age + _u(rng, -4, 2))]
    else:
        members += [Member("daughter", False, adult_age), Member("son_in_law", True, adult_age + _u(rng, -2, 4))]
    age = adult_age - _u(rng, 20, 28)
    while len(members) < size:
        members.append(_child(rng, "grand", age))
        age -= _u(rng, 1, 4)
    return members[:size]


def _band(age: int, bands: Sequence[int]) -> int:
    return bisect(bands, age)


def schooling(rng: random.Random, m: Member) -> None:
    age = m.age
    if age < 6:
        m.education = "preschool"
        m.school_stage = "preschool" if age >= 3 and rng.random() < P.PRESCHOOL_ENROLLED else "none"
    elif 7 <= age <= 15 and rng.random() < P.DROPOUT:
        m.school_stage, m.education = "dropout", "primary" if age <= 12 else "junior"
    elif age <= 11:
        m.school_stage = m.education = "primary"
    elif age <= 14:
        m.school_stage = m.education = "junior"
    elif age <= 17:
        m.school_stage = SENIOR_STAGE(rng)
        m.education = {"senior": "senior", "secondary_vocational": "vocational"}.get(m.school_stage, "junior")
    else:
        if age <= 21:
            m.school_stage = HIGHER_STAGE(rng)
        m.education = "college" if m.school_stage != "none" else EDUCATION[_band(age, P.EDUCATION_BANDS)](rng)


def health(rng: random.Random, m: Member, *, force_major: bool = False) -> None:
    band = _band(m.age, P.AGE_BANDS)
    r = rng.random()
    if force_major or r < P.MAJOR_BY_BAND[band]:
        m.health = "major"
    elif r < P.MAJOR_BY_BAND[band] + P.CHRONIC_BY_BAND[band]:
        m.health = "chronic"
    if rng.random() < P.DISABLED_BY_BAND[band]:
        m.disability_category = DISABILITY_CATEGORY(rng)
        m.disability_grade = DISABILITY_GRADE(rng)


def labour(rng: random.Random, m: Member) -> None:
    """Labour capacity from age, schooling and health (national-practice.md §6 labour codes)."""
    age, grade = m.age, m.disability_grade or 9
    if age < 16 or m.school_stage != "none" or age > 75:
        m.labor = "none"
    elif grade <= 2 or m.health == "major":
        m.labor = "lost"
    elif grade <= 4 or m.health == "chronic" or age >= 65:
        m.labor = "weak" if rng.random() < 0.7 or age >= 65 else "ordinary"
    elif age >= 60:
        m.labor = "ordinary" if rng.random() < 0.6 else "weak"
    else:
        r = rng.random()
        m.labor = "skilled" if r < 0.15 else "ordinary" if r < 0.95 else "weak"


def work(rng: random.Random, m: Member, *, payroll_rate: float, allow: bool) -> None:
    """Public payroll, migrant or local work with months and a monthly wage (fen)."""
    if not allow or m.age < 16 or m.age > 59 or m.labor in ("none", "lost"):
        return
    if m.age >= 22 and m.labor != "weak" and rng.random() < payroll_rate:
        m.public_payroll, m.work_place, m.work_months = True, "in_county", 12
        m.monthly_wage = _u(rng, *P.PUBLIC_PAYROLL_WAGE) * 100
        return
    if m.labor == "weak":
        if rng.random() >= P.WEAK_LOCAL_WORK:
            return
        place, factor = "in_county", P.WEAK_WAGE_FACTOR
    elif rng.random() < P.WORK_SHARE:
        place, factor = WORK_PLACE(rng), P.SKILLED_WAGE_FACTOR if m.labor == "skilled" else 1.0
    else:
        return
    m.work_place, m.work_months = place, WORK_MONTHS(rng)
    m.monthly_wage = int(_u(rng, *P.MONTHLY_WAGE[place]) * factor) // 10 * 1000  # whole tens of yuan
    if place == "out_province" and rng.random() < 0.05:
        m.living_in = False  # 户在人不在: settled where they work


def insurance(rng: random.Random, m: Member) -> None:
    m.medical_insurance = m.dibao or m.tekun or rng.random() < P.MEDICAL_INSURED
    m.pension_insurance = m.age >= 16 and m.school_stage == "none" and rng.random() < P.PENSION_INSURED


def members(rng: random.Random, size: int, *, payroll_rate: float, push: str) -> list[Member]:
    """A whole household. ``push`` forces hardship: "ill" gives the head a major illness, "idle" no work."""
    people = compose(rng, size)
    for i, m in enumerate(people):
        schooling(rng, m)
        health(rng, m, force_major=(push == "ill" and i == 0))
        labour(rng, m)
        work(rng, m, payroll_rate=payroll_rate, allow=not push)
        if m.relationship == "daughter_in_law" and rng.random() < 0.03:
            m.registered = False  # 人在户不在: hukou still in her home village
    return people
