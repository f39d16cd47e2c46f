"""Name pools drawn once from a seeded Faker zh_CN, so no per-person Faker call is needed.

Faker's zh_CN lists are short (≈ 60 male and 75 female given names), so two-character given names are
also composed from the characters of those lists; this keeps names plausible and far more varied.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from faker import Faker

POOL_SIZE = 4096


@dataclass(frozen=True)
class NamePools:
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]

    def given(self, rng: random.Random, male: bool) -> str:
        pool = self.male if male else self.female
        return pool[int(rng.random() * len(pool))]

    def surname(self, rng: random.Random) -> str:
        return self.surnames[int(rng.random() * len(self.surnames))]


def _chars(names: list[str]) -> list[str]:
    return sorted({ch for name in names for ch in name})


@cache
def name_pools(seed: int) -> NamePools:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(f"names:{seed}")
    male_chars = _chars([fake.first_name_male() for _ in range(400)])
    female_chars = _chars([fake.first_name_female() for _ in range(400)])

    def pool(faker_name: Callable[[], str], chars: list[str]) -> tuple[str, ...]:
        names = []
        for _ in range(POOL_SIZE):
            if rng.random() < 0.4:
                names.append(faker_name())
            else:
                names.append(rng.choice(chars) + rng.choice(chars))
        return tuple(names)

    return NamePools(
        surnames=tuple(fake.last_name() for _ in range(POOL_SIZE)),
        male=pool(fake.first_name_male, male_chars),
        female=pool(fake.first_name_female, female_chars),
    )
