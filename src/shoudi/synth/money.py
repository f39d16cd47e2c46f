"""Twelve months of income and spending of one synthetic household, by item, in fen.

The result maps an item code (``registry.codes`` items) to twelve monthly amounts, index 0 being the first
month of the window. Items paid every month (wages, 低保金, pensions) give up to twelve rows; seasonal
ones (harvest, pig sales, school fees, hospital bills) one to four.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from shoudi.registry.codes import ITEM_KIND
from shoudi.synth import params as P
from shoudi.synth.people import Member

Finance = dict[str, list[int]]


@dataclass(frozen=True)
class Window:
    """The 12 whole months before the reference month (national-practice.md §3)."""

    months: tuple[dt.date, ...]

    @classmethod
    def before(cls, as_of: dt.date) -> Window:
        months = []
        year, month = as_of.year, as_of.month
        for _ in range(12):
            month -= 1
            if month == 0:
                year, month = year - 1, 12
            months.append(dt.date(year, month, 1))
        return cls(tuple(reversed(months)))

    def index(self, calendar_month: int) -> int:
        return (calendar_month - self.months[0].month) % 12


@dataclass(frozen=True)
class HouseholdFacts:
    status: str
    land_mu: float
    relocated: bool
    business: bool
    push: str
    farmers: int = 1  # members with labour capacity who farm at home instead of working for wages


def _yuan(rng: random.Random, bounds: tuple[float, float]) -> int:
    """A random amount in whole yuan within ``bounds``, returned in fen."""
    lo, hi = bounds
    return int(lo + rng.random() * (hi - lo)) * 100


class Ledger:
    def __init__(self, window: Window, rng: random.Random) -> None:
        self.window, self.rng = window, rng
        self.items: Finance = {}

    def _months(self, item: str) -> list[int]:
        months = self.items.get(item)
        if months is None:
            months = self.items[item] = [0] * 12
        return months

    def add(self, item: str, index: int, fen: int) -> None:
        if fen > 0:
            self._months(item)[index % 12] += fen

    def spread(self, item: str, total: int, start: int, n: int) -> None:
        """``total`` over ``n`` consecutive months from window index ``start``, the remainder in the first."""
        if total <= 0:
            return
        base, rem = divmod(total, n)
        months = self._months(item)
        months[start % 12] += rem
        for j in range(start, start + n):
            months[j % 12] += base

    def monthly(self, item: str, fen: int) -> None:
        if fen <= 0:
            return
        months = self.items.get(item)
        if months is None:
            self.items[item] = [fen] * 12
        else:
            for j in range(12):
                months[j] += fen

    def at(self, item: str, total: int, calendar_months: Sequence[int]) -> None:
        """``total`` split over one or more calendar months (e.g. harvest in September and October)."""
        base, rem = divmod(total, len(calendar_months))
        for j, cm in enumerate(calendar_months):
            self.add(item, self.window.index(cm), base + (rem if j == 0 else 0))

    def some(self, months: Sequence[int], k: int) -> list[int]:
        start = int(self.rng.random() * (len(months) - k + 1))
        return list(months[start : start + k])


def household_finance(rng: random.Random, window: Window, facts: HouseholdFacts, people: list[Member]) -> Finance:
    book = Ledger(window, rng)
    _work(book, people)
    _farm(book, facts)
    _property(book, facts)
    _transfers(book, facts, people)
    _rigid(book, facts, people)
    return book.items


def _work(book: Ledger, people: list[Member]) -> None:
    rng = book.rng
    for m in people:
        if m.work_months:
            item = "local_work" if m.work_place == "in_county" else "migrant_work"
            start = int(rng.random() * 12)
            book.spread(item, m.work_income, start, m.work_months)


def _farm(book: Ledger, facts: HouseholdFacts) -> None:
    rng = book.rng
    scale = 0.5 + 0.5 * min(facts.farmers, 3)  # full-time farmers grow and raise more
    if facts.land_mu > 0 and rng.random() < P.CROPS:
        income = int(facts.land_mu * scale * _yuan(rng, P.CROPS_PER_MU)) // 100 * 100
        book.at("crops", income, book.some((8, 9, 10, 11), 1 + int(rng.random() * 2)))
        cost = int(income * (P.CROPS_COST_SHARE[0] + rng.random() * 0.2)) // 100 * 100
        book.at("production_cost", cost, book.some((3, 4, 5, 6), 2))
    if not facts.relocated and rng.random() < P.LIVESTOCK:
        income = int(scale * _yuan(rng, P.LIVESTOCK_INCOME)) // 100 * 100
        book.at("livestock", income, book.some((12, 1, 2), 1 + int(rng.random() * 2)))
        cost = int(income * (P.LIVESTOCK_COST_SHARE[0] + rng.random() * 0.2)) // 100 * 100
        book.at("production_cost", cost, (4, 7, 10))
    if not facts.relocated and rng.random() < P.FORESTRY:
        book.at("forestry", _yuan(rng, P.FORESTRY_INCOME), book.some((9, 10, 11), 1))
    if facts.business:
        monthly = _yuan(rng, P.BUSINESS_INCOME_MONTHLY)
        book.monthly("other_business", monthly)
        book.at("production_cost", int(monthly * 12 * (P.BUSINESS_COST_SHARE[0] + rng.random() * 0.2)), (1, 7))


def _property(book: Ledger, facts: HouseholdFacts) -> None:
    rng = book.rng
    if facts.status == "former_poor" and rng.random() < P.ASSET_DIVIDEND:
        book.at("asset_dividend", _yuan(rng, P.ASSET_DIVIDEND_YEAR), (12,))
    if rng.random() < P.LAND_RENT:
        book.at("land_rent", _yuan(rng, P.LAND_RENT_YEAR), (1,))


def _transfers(book: Ledger, facts: HouseholdFacts, people: list[Member]) -> None:
    rng = book.rng
    dibao = sum(_yuan(rng, P.DIBAO_MONTHLY) for m in people if m.dibao)
    tekun = sum(_yuan(rng, P.TEKUN_MONTHLY) for m in people if m.tekun)
    pension = sum(_yuan(rng, P.PENSION_MONTHLY) for m in people if m.age >= 60 and m.pension_insurance)
    elderly = sum(_yuan(rng, P.ELDERLY_ALLOWANCE_MONTHLY) for m in people if m.age >= 80)
    disabled = sum(
        _yuan(rng, P.DISABILITY_ALLOWANCE_MONTHLY)
        for m in people
        if m.disability_grade and (m.disability_grade <= 2 or m.dibao)
    )
    book.monthly("dibao", dibao)
    book.monthly("tekun", tekun)
    book.monthly("pension", pension)
    book.monthly("disability_allowance", disabled)
    book.at("elderly_allowance", elderly * 3, (3, 6, 9, 12))
    if rng.random() < P.ECO_COMPENSATION:
        book.at("eco_compensation", _yuan(rng, P.ECO_COMPENSATION_YEAR), (11,))
    if rng.random() < P.FAMILY_PLANNING and any(m.age >= 60 for m in people):
        book.at("family_planning", _yuan(rng, P.FAMILY_PLANNING_YEAR), (6,))
    if people[0].age >= 60 and rng.random() < P.FAMILY_SUPPORT:
        book.at("family_support", _yuan(rng, P.FAMILY_SUPPORT_YEAR), book.some((1, 2, 9), 1 + int(rng.random() * 2)))
    if rng.random() < P.DISASTER_RELIEF:
        book.at("disaster_relief", _yuan(rng, P.DISASTER_RELIEF_YEAR), book.some((6, 7, 8), 1))
    if rng.random() < P.OTHER_TRANSFER:
        book.add("other_transfer", int(rng.random() * 12), _yuan(rng, P.OTHER_TRANSFER_YEAR))
    home = [m for m in people if m.labor in ("ordinary", "weak") and not m.work_months and 18 <= m.age < 65]
    if facts.status == "former_poor" and home and rng.random() < P.WELFARE_POST:
        book.monthly("welfare_post", _yuan(rng, P.WELFARE_POST_WAGE))


def _rigid(book: Ledger, facts: HouseholdFacts, people: list[Member]) -> None:
    rng = book.rng
    for m in people:
        if m.health == "chronic":
            book.spread("medical", _yuan(rng, P.CHRONIC_MEDICAL), int(rng.random() * 12), 4)
        elif m.health == "major":
            bill = _yuan(rng, P.MAJOR_MEDICAL) * (2 if facts.push == "ill" else 1)
            start = int(rng.random() * 10)
            book.spread("medical", bill, start, 1 + int(rng.random() * 3))
            if rng.random() < P.MAJOR_PAYOUT:
                share = P.MAJOR_PAYOUT_SHARE[0] + rng.random() * (P.MAJOR_PAYOUT_SHARE[1] - P.MAJOR_PAYOUT_SHARE[0])
                book.add("insurance_claim", start + 2, int(bill * share) // 100 * 100)
            if facts.status == "former_poor" and rng.random() < P.ANTI_POVERTY_INSURANCE:
                book.add("anti_poverty_insurance", start + 2, int(bill * 0.2) // 100 * 100)
        cost = {
            "preschool": P.PRESCHOOL_COST,
            "senior": P.SENIOR_COST,
            "secondary_vocational": P.SENIOR_COST,
            "higher_vocational": P.COLLEGE_COST,
            "undergraduate": P.COLLEGE_COST,
        }.get(m.school_stage)
        if cost:
            book.at("education", _yuan(rng, cost), (9, 3))
    if rng.random() < P.DISASTER:
        book.at("disaster", _yuan(rng, P.DISASTER_LOSS), book.some((5, 6, 7, 8), 1))
    if rng.random() < P.ACCIDENT:
        loss = _yuan(rng, P.ACCIDENT_LOSS)
        when = int(rng.random() * 11)
        book.add("accident", when, loss)
        if rng.random() < P.ACCIDENT_PAYOUT:
            book.add("insurance_claim", when + 1, int(loss * (0.3 + rng.random() * 0.5)) // 100 * 100)


def net_income(finance: Finance) -> tuple[int, int]:
    """(net income, net income less rigid spending net of payouts), in fen, over the window."""
    income = cost = rigid = payout = 0
    for item, months in finance.items():
        total = sum(months)
        flow = ITEM_KIND[item][0]
        if flow == "income":
            income += total
        elif flow == "cost":
            cost += total
        elif flow == "rigid":
            rigid += total
        else:
            payout += total
    net = income - cost
    return net, net - max(0, rigid - payout)
