"""Policy simulation: how many households and people of an area fall within the range, by category and
township, under the stored parameters and under proposed ones — over the whole registry of the area in one
batch (policy.batch: three queries), each household measured once and classified twice.

The registry records no risks (those come with monitoring cases), so categories here are the ones a
household *would* take once a risk is confirmed at home: 潜在 categories, reported as such.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from shoudi.policy.assessment import Category, HouseholdDataError, Measures, Rules, Verdict, classify_by, measure
from shoudi.policy.batch import area_drop_months, load_area
from shoudi.policy.params import ParameterSet
from shoudi.policy.values import ParameterError, ParamRecord, Resolved, parse_entry
from shoudi.regions.models import Region

PARTS = [
    ("within", "监测范围内"),
    ("unstable", "脱贫不稳定户"),
    ("marginal", "边缘易致贫户"),
    ("sudden", "突发严重困难户"),
    ("excluded", "因排除情形不纳入"),
]


class SimulationError(Exception):
    """The simulation cannot run (unknown area, bad proposal, missing line); the message is Chinese."""


@dataclass
class Tally:
    households: int = 0
    people: int = 0

    def add(self, people: int) -> None:
        self.households += 1
        self.people += people


@dataclass
class Counts:
    within: Tally = field(default_factory=Tally)  # per-capita net income below the line, excluded or not
    unstable: Tally = field(default_factory=Tally)
    marginal: Tally = field(default_factory=Tally)
    sudden: Tally = field(default_factory=Tally)
    excluded: Tally = field(default_factory=Tally)  # would fall in a category but for an exclusion

    def monitored(self) -> Tally:
        t = Tally()
        for part in (self.unstable, self.marginal, self.sudden):
            t.households += part.households
            t.people += part.people
        return t


@dataclass
class Row:
    code: str
    name: str
    households: int = 0
    current: Counts = field(default_factory=Counts)
    proposed: Counts = field(default_factory=Counts)


@dataclass
class SimulationReport:
    region_code: str
    region_name: str
    as_of: dt.date
    proposals: list[ParamRecord]
    current_lines: dict[str, Resolved]
    proposed_lines: dict[str, Resolved]
    rows: list[Row]
    total: Row
    errors: int
    seconds: float


def proposal_records(region_code: str, as_of: dt.date, proposals: Mapping[str, str]) -> list[ParamRecord]:
    """``{"monitoring_line": "6600"}`` as one-call records at the level of the simulated area."""
    level = region_code[:6] if len(region_code) >= 6 else region_code[:2]
    records = []
    for key, text in proposals.items():
        text = str(text).strip()
        entry: dict[str, object] = {
            "key": key,
            "region": level,
            "valid_from": as_of.isoformat(),
            "valid_to": as_of.isoformat(),
            "source": "模拟测算（拟调整，未生效）",
        }
        entry["value" if _is_number(text) else "formula"] = text
        try:
            records.append(parse_entry(entry, override=True))
        except ParameterError as exc:
            raise SimulationError(f"拟调整参数 {key}={text}：{exc}") from None
    return records


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _add(counts: Counts, verdict: Verdict, people: int) -> None:
    if verdict.within_range:
        counts.within.add(people)
    if verdict.excluded and (verdict.within_range or verdict.after_rigid_below or verdict.income_drop_below):
        counts.excluded.add(people)
    category = verdict.potential_category
    if category == Category.UNSTABLE:
        counts.unstable.add(people)
    elif category == Category.MARGINAL:
        counts.marginal.add(people)
    elif category == Category.SUDDEN:
        counts.sudden.add(people)


def simulate(*, region_code: str, as_of: dt.date, proposals: Mapping[str, str]) -> SimulationReport:
    started = time.perf_counter()
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise SimulationError(f"区划代码“{region_code}”不存在")
    if not proposals:
        raise SimulationError("请至少给出一项拟调整的参数，如 monitoring_line=6600")
    records = proposal_records(region_code, as_of, proposals)
    current = ParameterSet.load(region_code)
    proposed = current.with_overrides(records)
    try:  # the months of the income-drop test, now and as proposed: the batch sums the months by them
        months = area_drop_months(region_code, as_of, current) | area_drop_months(region_code, as_of, proposed)
    except ParameterError as exc:
        raise SimulationError(str(exc)) from None
    households = load_area(region_code, as_of, drop_months=months)
    names = dict(Region.objects.filter(code__in={h.township for h in households}).values_list("code", "name"))
    rows: dict[str, Row] = {}
    total = Row(region.code, region.name)
    rules: dict[str, tuple[Rules, Rules]] = {}  # county → (current, proposed)
    errors = 0
    for h in households:
        county = h.village[:6]
        try:
            if county not in rules:
                rules[county] = (current.rules(h.village, as_of), proposed.rules(h.village, as_of))
        except ParameterError as exc:
            raise SimulationError(str(exc)) from None
        row = rows.setdefault(h.township, Row(h.township, names.get(h.township, h.township)))
        row.households += 1
        total.households += 1
        if h.error:
            errors += 1
            continue
        measured: dict[int | None, Measures] = {}  # by the months of the income-drop test (usually one)
        try:
            for rule in rules[county]:
                if rule.drop_months not in measured:
                    measured[rule.drop_months] = measure(h.facts, as_of, rule.drop_months)
        except HouseholdDataError:
            errors += 1
            continue
        for counts_attr, rule in zip(("current", "proposed"), rules[county], strict=True):
            m = measured[rule.drop_months]
            verdict = classify_by(m, h.facts, rule)
            _add(getattr(row, counts_attr), verdict, m.members_counted)
            _add(getattr(total, counts_attr), verdict, m.members_counted)
    return SimulationReport(
        region_code=region.code,
        region_name=region.name,
        as_of=as_of,
        proposals=records,
        current_lines={county: pair[0].line for county, pair in rules.items()},
        proposed_lines={county: pair[1].line for county, pair in rules.items()},
        rows=sorted(rows.values(), key=lambda r: r.code),
        total=total,
        errors=errors,
        seconds=time.perf_counter() - started,
    )
