"""The pure generator: believable rural households on real village codes, as plain tuples (no ORM).

``generate(counties, households, seed)`` yields one ``HouseholdRecord`` per household: the household
row, its members' rows (columns ``HOUSEHOLD_COLUMNS`` / ``PERSON_COLUMNS``, named as the registry's
fields) and twelve months of income and spending by item. Money is in fen (int) and ``land_mu`` in
hundredths of a mu, so the writers decide how to store them. Same seed → same data, UUIDs included.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shoudi.synth import params as P
from shoudi.synth.ids import IdMaker
from shoudi.synth.money import Finance, HouseholdFacts, Window, household_finance, net_income
from shoudi.synth.names import NamePools, name_pools
from shoudi.synth.people import SIZE, Choice, Member, insurance, members

HOUSEHOLD_COLUMNS = (
    "id", "number", "village_id", "address", "status", "exit_year", "relocated", "relocation_site",
    "housing_grade", "water_safe", "land_mu", "production_tools", "debt", "leisure_car",
    "truck_or_excavator", "commercial_property", "business", "phone",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "household_id", "id_number", "name", "sex", "birth_date", "relationship", "registered",
    "living_in", "education", "school_stage", "health", "disability_category", "disability_grade", "labor",
    "work_place", "work_months", "work_income", "medical_insurance", "pension_insurance", "dibao", "tekun",
    "public_payroll", "phone",
)  # fmt: skip
FEN_COLUMNS = frozenset({"debt", "work_income", "amount"})  # int fen → yuan with 2 places
CENTI_COLUMNS = frozenset({"land_mu"})  # int hundredths → 2 places

STATUS = Choice(
    {
        "former_poor": P.FORMER_POOR_SHARE,
        "former_poor_no_policy": P.NO_POLICY_SHARE,
        "ordinary": 1.0 - P.FORMER_POOR_SHARE - P.NO_POLICY_SHARE,
    }
)
EXIT_YEAR = Choice(P.EXIT_YEAR_WEIGHTS)
HOUSING = Choice(P.HOUSING_WEIGHTS)
TOOLS = Choice({"": 45, "微耕机": 25, "耕牛": 12, "三轮车": 8, "微耕机、三轮车": 10})
CHINA = ZoneInfo("Asia/Shanghai")


class HouseholdRecord(NamedTuple):
    household: tuple
    persons: list[tuple]
    finance: Finance


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    township: str

    @property
    def community(self) -> bool:
        """统计用区划代码: village-level codes 001–199 are 居委会 (communities), 200–399 村委会."""
        return self.code[9] in "01"

    @property
    def short(self) -> str:
        for suffix, replacement in (("村民委员会", ""), ("社区居民委员会", "社区"), ("居民委员会", "居委会")):
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                return self.name[: -len(suffix)] + replacement
        return self.name


@dataclass(frozen=True)
class CountyPlan:
    county: str
    villages: tuple[Village, ...]
    weights: tuple[float, ...]
    sites: tuple[Village, ...]
    unsafe_water: frozenset[str]

    @property
    def weight(self) -> float:
        return sum(self.weights)


@dataclass
class Divisions:
    """Villages by county (code, name) and township names — from the shipped files or the database."""

    villages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    townships: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # provinces, cities and counties


@cache
def shipped_divisions(province: str) -> Divisions:
    from shoudi.regions.loader import iter_rows

    result = Divisions()
    for code, name, level, _parent in iter_rows([province]):
        if level <= 3:
            result.names[code] = name
        elif level == 4:
            result.townships[code] = name
        elif level == 5:
            result.villages.setdefault(code[:6], []).append((code, name))
    return result


def relocation_sites(villages: Sequence[Village], n: int = P.RELOCATION_SITES_PER_COUNTY) -> list[Village]:
    """A few real communities as 易地扶贫搬迁 sites: those of the county town's subdistricts (街道) first,
    the newest code of each township, one per township."""
    communities = [v for v in villages if v.community]
    ranked = sorted(communities, key=lambda v: (v.code[6] != "0", v.code[:9], -int(v.code[9:])))
    chosen: list[Village] = []
    for v in ranked:
        if all(c.code[:9] != v.code[:9] for c in chosen):
            chosen.append(v)
        if len(chosen) == n:
            break
    return chosen


def plan_county(county: str, divisions: Divisions, seed: int) -> CountyPlan:
    rows = divisions.villages.get(county) or []
    if not rows:
        raise ValueError(f"县级代码 {county} 下没有村级区划")
    rng = random.Random(f"plan:{seed}:{county}")
    villages = tuple(Village(c, n, divisions.townships.get(c[:9], "")) for c, n in sorted(rows))
    weights = tuple((P.COMMUNITY_WEIGHT if v.community else 1.0) * (0.5 + rng.random()) for v in villages)
    rural = [v.code for v in villages if not v.community]
    unsafe = rng.sample(rural, max(1, round(len(rural) * P.UNSAFE_WATER_VILLAGE_SHARE))) if rural else []
    return CountyPlan(county, villages, weights, tuple(relocation_sites(villages)), frozenset(unsafe))


def demo_village(plan: CountyPlan) -> Village:
    """The village the demo's village accounts look after: the heaviest 村民委员会 of the plan (a rural village,
    not a town community or a relocation site), by code on a tie."""
    rural = [(w, v) for v, w in zip(plan.villages, plan.weights, strict=True) if not v.community]
    named = [(w, v) for w, v in rural if v.name.endswith("村民委员会")] or rural
    if not named:
        return plan.villages[0]
    return min(named, key=lambda wv: (-wv[0], wv[1].code))[1]


def today() -> dt.date:
    return dt.datetime.now(tz=CHINA).date()


def generate(
    counties: Sequence[str],
    households: int,
    seed: int,
    *,
    as_of: dt.date | None = None,
    divisions: Divisions | None = None,
    taken: Container[str] = frozenset(),
    with_ids: bool = True,
) -> Iterator[HouseholdRecord]:
    """``households`` households spread over ``counties`` by their villages; each county has its own RNG."""
    plans = [plan_county(c, divisions or shipped_divisions(c[:2]), seed) for c in counties]
    names = name_pools(seed)
    for plan, n in zip(plans, allocate(households, [p.weight for p in plans]), strict=True):
        gen = CountyGenerator(plan, seed=seed, as_of=as_of or today(), names=names, taken=taken, with_ids=with_ids)
        for _ in range(n):
            yield gen.household()


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), so the parts add up exactly."""
    s = sum(weights) or 1.0
    exact = [total * w / s for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class CountyGenerator:
    """Households of one county, one at a time; the RNG stream depends only on (seed, county)."""

    def __init__(
        self,
        plan: CountyPlan,
        *,
        seed: int,
        as_of: dt.date,
        names: NamePools,
        taken: Container[str] = frozenset(),
        with_ids: bool = True,
        focus: tuple[Village, int] | None = None,
    ) -> None:
        """``focus``: the first ``n`` households live in that village (never relocated), so a small demo county
        still gives its demo village enough households; the random streams are the same as without it."""
        self.plan, self.names, self.with_ids = plan, names, with_ids
        self.focus: Village | None = focus[0] if focus else None
        self.focus_left = focus[1] if focus else 0
        self.rng = random.Random(f"{seed}:{plan.county}")
        self.uuid_rng = random.Random(f"uuid:{seed}:{plan.county}")  # so ``with_ids`` changes nothing else
        self.window = Window.before(as_of)
        self.as_of = as_of.toordinal()
        self.pick_village = Choice(list(zip(plan.villages, plan.weights, strict=True)))
        self._numbers: dict[str, int] = {}
        self.ids = IdMaker(plan.county, taken)

    def _uuid(self) -> uuid.UUID | None:
        return uuid.UUID(int=self.uuid_rng.getrandbits(128), version=4) if self.with_ids else None

    def _phone(self) -> str:
        rng = self.rng
        return P.PHONE_PREFIXES[int(rng.random() * len(P.PHONE_PREFIXES))] + f"{rng.getrandbits(27) % 10**8:08d}"

    def household(self, max_size: int = 8) -> HouseholdRecord:
        rng = self.rng
        status = STATUS(rng)
        former = status == "former_poor"
        push = ("ill" if rng.random() < 0.5 else "idle") if rng.random() < P.HARDSHIP_PUSH else ""
        size = min(max_size, 1 if push and rng.random() < 0.3 else SIZE(rng))
        factor = P.FORMER_POOR_FACTOR if status != "ordinary" else 1.0
        people = members(rng, size, payroll_rate=P.PUBLIC_PAYROLL * factor, push=push)
        self._assistance(people, status, push)
        for m in people:
            insurance(rng, m)

        village = self.pick_village(rng)
        sites = self.plan.sites
        relocated = bool(sites) and rng.random() < (
            P.RELOCATED_SHARE_FORMER_POOR if status != "ordinary" else P.RELOCATED_SHARE_OTHERS
        )
        if relocated:
            village = sites[int(rng.random() * len(sites))]
        if self.focus is not None and self.focus_left > 0:
            village, relocated, self.focus_left = self.focus, False, self.focus_left - 1
        seq = self._numbers[village.code] = self._numbers.get(village.code, 0) + 1
        land = int((P.LAND_MU[0] + rng.random() * (P.LAND_MU[1] - P.LAND_MU[0])) * 10) * 10
        if relocated:
            land = 0 if rng.random() < 0.6 else land // 3
        business = rng.random() < P.BUSINESS * factor
        farmers = sum(1 for m in people if m.labor != "none" and m.labor != "lost" and not m.work_months)
        facts = HouseholdFacts(status, land / 100, relocated, business, push, farmers)
        finance = household_finance(rng, self.window, facts, people)
        if not push and not any(m.dibao or m.tekun for m in people):
            self._lift(finance, people)

        household_id = self._uuid()
        phones = [self._phone() if 16 <= m.age <= 75 and rng.random() < P.ADULT_PHONE else "" for m in people]
        unsafe = village.code in self.plan.unsafe_water
        household = (
            household_id,
            f"{village.code}{seq:05d}",
            village.code,
            self._address(village, relocated),
            status,
            EXIT_YEAR(rng) if status != "ordinary" else None,
            relocated,
            f"{village.township}{village.short}安置点" if relocated else "",
            "A" if relocated else HOUSING(rng),
            rng.random() >= (P.UNSAFE_WATER_IN_VILLAGE if unsafe else P.UNSAFE_WATER_ELSEWHERE),
            land,
            TOOLS(rng) if land else "",
            self._debt(former),
            rng.random() < P.LEISURE_CAR * factor,
            rng.random() < P.TRUCK_OR_EXCAVATOR * factor,
            rng.random() < P.COMMERCIAL_PROPERTY * factor,
            business,
            next((p for p in phones if p), ""),
        )
        return HouseholdRecord(household, self._persons(household_id, people, phones), finance)

    def _assistance(self, people: list[Member], status: str, push: str) -> None:
        rng = self.rng
        head = people[0]
        if any(m.public_payroll for m in people):
            return
        alone_and_frail = len(people) == 1 and (head.age >= 60 or (head.disability_grade or 9) <= 2)
        if alone_and_frail and rng.random() < P.TEKUN_ALONE:
            head.tekun = True
            return
        severe = [m for m in people if m.severe]
        p = P.DIBAO_HOUSEHOLD[status] * (2.0 if severe else 0.6) * (3.0 if push else 1.0)
        if rng.random() < p:
            covered = people if not severe or rng.random() < P.DIBAO_WHOLE_HOUSEHOLD else severe
            for m in covered:
                m.dibao = True

    def _lift(self, finance: Finance, people: list[Member]) -> None:
        """Lift most households below the line: a member at home takes local work, or children send money."""
        rng = self.rng
        gap = P.HARDSHIP_LINE * 100 * len(people) - net_income(finance)[0]
        if gap <= 0 or rng.random() >= P.LIFT_SHARE:
            return
        lo, hi = P.LIFT_TO
        target = gap + int(P.HARDSHIP_LINE * 100 * len(people) * (lo - 1 + rng.random() * (hi - lo)))
        home = [m for m in people if 16 <= m.age <= 64 and m.labor in ("ordinary", "skilled", "weak")]
        home = [m for m in home if not m.work_months]
        months = P.LIFT_WORK_MONTHS
        if home:
            m = home[0]
            m.work_place, m.work_months = "in_county", months
            m.monthly_wage = -(-target // months // 1000) * 1000  # round up to tens of yuan
            start = int(rng.random() * 12)
            for j in range(months):
                finance.setdefault("local_work", [0] * 12)[(start + j) % 12] += m.monthly_wage
        else:
            months_paid = finance.setdefault("family_support", [0] * 12)
            months_paid[self.window.index(1)] += -(-target // 10000) * 10000

    def _debt(self, former: bool) -> int:
        rng = self.rng
        if rng.random() >= 0.15:
            return 0
        if former and rng.random() < 0.4:
            return 50_000 * 100  # 脱贫人口小额信贷
        return (5 + int(rng.random() * 76)) * 1000 * 100

    def _address(self, village: Village, relocated: bool) -> str:
        rng = self.rng
        if relocated:
            building, unit, floor = 1 + int(rng.random() * 30), 1 + int(rng.random() * 3), 1 + int(rng.random() * 11)
            return f"{village.township}{village.short}安置点{building}栋{unit}单元{floor}0{1 + int(rng.random() * 4)}室"
        if village.community:
            return f"{village.township}{village.short}{1 + int(rng.random() * 300)}号"
        return f"{village.township}{village.short}{1 + int(rng.random() * 12)}组"

    def _persons(self, household_id: uuid.UUID | None, people: list[Member], phones: list[str]) -> list[tuple]:
        rng, names = self.rng, self.names
        head = people[0]
        head_surname = names.surname(rng)
        family = head_surname if head.male else names.surname(rng)
        rows = []
        for m, phone in zip(people, phones, strict=True):
            rel = m.relationship
            if rel == "head" or rel == "sibling" or (rel == "parent" and m.male and head.male):
                surname = head_surname
            elif rel in ("son", "daughter", "grandson", "granddaughter"):
                surname = family
            else:
                surname = names.surname(rng)
            birth = self.as_of - 1 - int((m.age + rng.random()) * 365.2425)
            number, birth_date = self.ids.make(birth, m.male)
            row = (
                self._uuid(), household_id, number, surname + names.given(rng, m.male),
                "M" if m.male else "F", birth_date, rel, m.registered, m.living_in, m.education,
                m.school_stage, m.health, m.disability_category, m.disability_grade, m.labor,
                m.work_place, m.work_months, m.work_income, m.medical_insurance, m.pension_insurance,
                m.dibao, m.tekun, m.public_payroll, phone,
            )  # fmt: skip
            rows.append(row)
        return rows


def as_dicts(record: HouseholdRecord) -> tuple[dict, list[dict]]:
    """The record as dictionaries keyed by field name (for tests and small tools)."""
    return dict(zip(HOUSEHOLD_COLUMNS, record.household, strict=True)), [
        dict(zip(PERSON_COLUMNS, p, strict=True)) for p in record.persons
    ]
