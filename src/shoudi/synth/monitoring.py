"""Dynamic-monitoring records for a synthetic province at realistic rates, made per Parquet part while the
province loads (``shoudi synth load-province --monitoring-share``): no ORM objects, columns for ``bulk``.

About ``share`` of the households become cases (监测对象) — drawn with weights from what the registry shows
(income per member against the monitoring line, 脱贫户, illness, disability, no labour, unsafe housing or
water, dropouts, heavy rigid spending; the exclusion facts make a household unlikely). Cases open over the
last ``MONTHS_BACK`` months; each has risk types (≤ 5, the four problems included), and once entered into
monitoring a plan and measures matched to its risks through the RiskMeasureRule table (缺什么补什么).
About a third end eliminated after at least six months (帮扶消除 / 自然消除), never a household without
labour; some are still in identification (a few overdue), some in the elimination steps, a few not included.
Every case has the lead that found it; about half as many more leads were checked and closed, joined an open
case, or still wait for the home check. A few deliberate defects give the data-quality checks something to
find. The figures are made-up but plausible, like ``synth/params.py`` — not policy.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from shoudi.monitoring import codes as mc
from shoudi.registry import codes as rc
from shoudi.synth import monitoring_texts as T
from shoudi.synth.bulk import TimeOrderedIds
from shoudi.synth.monitoring_facts import BENEFICIARY, Member, PartFrames, household_facts, members_of, weighted_order
from shoudi.synth.monitoring_rates import (
    ASSISTED,
    CHANNEL,
    CONTINUING,
    DAYS_BACK,
    DEFECTS,
    DEVELOPMENT,
    EL_STEPS,
    ELIMINATION_EXTRA_DAYS,
    ELIMINATION_STEPS_DAYS,
    EXTRA_LEAD_STATUS,
    EXTRA_LEADS,
    FAST_TRACK,
    ID_STEPS,
    IDENTIFICATION_DAYS,
    MICROCREDIT,
    MIN_MONITORING_DAYS,
    NOT_INCLUDED,
    ONLINE_APPLICATION,
    RISK_MATCHED,
    SLOW_IDENTIFICATION,
    SUDDEN,
    choose,
    stochastic_round,
)
from shoudi.synth.names import NamePools


@dataclass(frozen=True)
class Settings:
    share: float
    seed: int
    as_of: dt.date
    line: float  # monitoring line, yuan per member per year
    rules: dict[str, list[str]]  # risk code → measure kinds (RiskMeasureRule)
    places: dict[str, str]  # county and township codes → names
    names: NamePools
    department_rules: dict[str, list[tuple[str, str, str]]]  # risk code → (rule id, department, label)
    lead_check_days: int = 3
    identification_days: int = 15
    line_source: str = ""


@dataclass
class Rows:
    """Column lists of the rows made from one part, by model label."""

    cases: dict[str, list[Any]] = field(default_factory=dict)
    risks: dict[str, list[Any]] = field(default_factory=dict)
    plans: dict[str, list[Any]] = field(default_factory=dict)
    measures: dict[str, list[Any]] = field(default_factory=dict)
    leads: dict[str, list[Any]] = field(default_factory=dict)

    @staticmethod
    def add(table: dict[str, list[Any]], **values: Any) -> None:
        for key, value in values.items():
            table.setdefault(key, []).append(value)


class PartMaker:
    """Makes the monitoring rows of one part (one RNG per part: results do not depend on part order)."""

    def __init__(self, settings: Settings, frames: PartFrames, ids: TimeOrderedIds, stem: str) -> None:
        self.s, self.frames, self.ids = settings, frames, ids
        self.rng = random.Random(f"monitoring:{settings.seed}:{stem}")
        self.np_rng = np.random.default_rng(self.rng.getrandbits(64))
        self.rows = Rows()
        h = frames.households
        self.numbers = h["household_number"].to_pylist()
        self.villages = h["village_code"].to_pylist()
        self.status = h["status"].to_pylist()
        self.housing = h["housing_grade"].to_pylist()
        self.water = h["water_safe"].to_pylist()
        self.hids = frames.household_ids.to_pylist()

    def make(self) -> Rows:
        s, rng = self.s, self.rng
        n = self.frames.households.num_rows
        facts = household_facts(self.frames, s.line)
        expected = s.share * n
        k = min(n, stochastic_round(rng, expected))
        extra = min(n - k, stochastic_round(rng, k * EXTRA_LEADS))
        order = weighted_order(self.np_rng, facts.weight)
        chosen, others = order[:k], order[k : k + extra]
        self.members = members_of(self.frames, np.concatenate([chosen, others]), s.as_of)
        self.facts = facts
        case_ids = self.ids.take(k).to_pylist()
        opened = []
        for hh, case_id in zip(chosen.tolist(), case_ids, strict=True):
            opened.append(self._case(hh, case_id))
        self._extra_leads(opened, others.tolist())
        return self.rows

    # ---- cases -------------------------------------------------------------------------------------------

    def _case(self, hh: int, case_id: str) -> tuple[str, int, dt.date, bool]:
        s, rng = self.s, self.rng
        members = self.members.get(hh, [])
        risks = self._risks(hh, members)
        category = self._category(hh, risks)
        channel = choose(rng, CHANNEL)
        opened = s.as_of - dt.timedelta(days=int(rng.random() * DAYS_BACK))
        age = (s.as_of - opened).days
        slow, slow_range = SLOW_IDENTIFICATION
        lo, hi = slow_range if rng.random() < slow else IDENTIFICATION_DAYS
        ident = rng.randint(lo, hi)
        fast = (
            category == mc.Category.SUDDEN and bool({"disaster", "accident"} & set(risks)) and rng.random() < FAST_TRACK
        )
        converted = opened + dt.timedelta(days=min(age, rng.randint(0, s.lead_check_days)))
        values: dict[str, Any] = {
            "id": case_id,
            "household_id": self.hids[hh],
            "village_id": self.villages[hh],
            "category": category,
            "channel": channel,
            "opened_on": opened,
            "deadline": opened + dt.timedelta(days=s.identification_days),
            "fast_track": fast,
            "fast_track_event": T.fast_track_event(rng, risks) if fast else "",
            "period_start": None,
            "period_end": None,
            "elimination_kind": "",
            "assessed_on": None,
            "assessed_income_pc": None,
            "assessed_line": None,
        }
        if age < ident:
            step = ID_STEPS[min(len(ID_STEPS) - 1, int(len(ID_STEPS) * age / ident))]
            values.update(status=step, is_open=True, status_on=max(converted, opened + dt.timedelta(days=age // 2)))
        elif rng.random() < NOT_INCLUDED:
            values.update(status=mc.Status.NOT_INCLUDED, is_open=False, status_on=opened + dt.timedelta(days=ident))
        else:
            self._entered(values, hh, members, opened + dt.timedelta(days=ident))
        Rows.add(self.rows.cases, **values)
        for code, subtype in risks.items():
            Rows.add(self.rows.risks, case_id=case_id, code=code, disaster_subtype=subtype)
        self._measures(values, hh, members, list(risks), fast)
        self._lead(hh, channel, opened, mc.LeadStatus.CONVERTED, case_id, list(risks), checked=converted)
        return case_id, hh, opened, bool(values["is_open"])

    def _entered(self, values: dict[str, Any], hh: int, members: list[Member], start: dt.date) -> None:
        s, rng = self.s, self.rng
        values.update(period_start=start, status=mc.Status.MONITORED, is_open=True, status_on=start)
        if members and all(m.labor in rc.NO_LABOUR for m in members):
            return  # 整户无劳动能力: stays monitored under 兜底保障
        wait = MIN_MONITORING_DAYS + int(self.np_rng.exponential(ELIMINATION_EXTRA_DAYS))
        end = start + dt.timedelta(days=wait)
        if end <= s.as_of:
            income = max(self.facts.pc_net[hh] * (1.05 + 0.3 * rng.random()), s.line * (1.1 + 0.5 * rng.random()))
            if rng.random() < DEFECTS["below_line"]:
                income = s.line * (0.8 + 0.15 * rng.random())
            values.update(
                status=mc.Status.ELIMINATED,
                is_open=False,
                status_on=end,
                period_end=end,
                elimination_kind=mc.EliminationKind.ASSISTED if rng.random() < ASSISTED else mc.EliminationKind.NATURAL,
                assessed_on=end,
                assessed_income_pc=f"{income:.2f}",
                assessed_line=f"{s.line:.2f}",
            )
        elif (end - s.as_of).days <= ELIMINATION_STEPS_DAYS:
            done = ELIMINATION_STEPS_DAYS - (end - s.as_of).days
            step = EL_STEPS[min(len(EL_STEPS) - 1, len(EL_STEPS) * done // ELIMINATION_STEPS_DAYS)]
            values.update(status=step, status_on=s.as_of - dt.timedelta(days=int(rng.random() * 3)))

    def _risks(self, hh: int, members: list[Member]) -> dict[str, str]:
        rng = self.rng
        found: list[str] = []
        if any(m.health == "major" for m in members) or (
            any(m.health == "chronic" for m in members) and rng.random() < 0.5
        ):
            found.append(mc.RiskType.ILLNESS)
        if any(m.grade <= 2 for m in members) or (any(m.grade <= 4 for m in members) and rng.random() < 0.4):
            found.append(mc.RiskType.DISABILITY)
        studying = any(
            m.stage in ("senior", "secondary_vocational", "higher_vocational", "undergraduate") for m in members
        )
        if studying and rng.random() < 0.5:
            found.append(mc.RiskType.SCHOOLING)
        if self.facts.workers[hh] == 0:
            found.append(mc.RiskType.LACK_LABOUR)
        elif any(m.work_place for m in members) and rng.random() < 0.35:
            found.append(mc.RiskType.UNSTABLE_WORK)
        for code, share in ((mc.RiskType.DISASTER, 0.07), (mc.RiskType.ACCIDENT, 0.05)):
            if rng.random() < share:
                found.append(code)
        if self.facts.workers[hh] and rng.random() < 0.05:
            found.append(mc.RiskType.INDUSTRY_FAILURE)
        if self.housing[hh] in ("C", "D"):
            found.append(mc.Problem.HOUSING)
        if not self.water[hh]:
            found.append(mc.Problem.WATER)
        if any(m.stage == "dropout" for m in members):
            found.append(mc.Problem.DROPOUT)
        if any(m.living_in and not m.insured for m in members):
            found.append(mc.Problem.NO_MEDICAL_INSURANCE)
        if not found:
            found.append(mc.RiskType.UNSTABLE_WORK if self.facts.workers[hh] else mc.RiskType.OTHER)
        chosen = found[: mc.MAX_RISK_TYPES]
        return {c: (choose(rng, T.DISASTER_SUBTYPES) if c == mc.RiskType.DISASTER else "") for c in chosen}

    def _category(self, hh: int, risks: dict[str, str]) -> str:
        sudden_risk = bool({"illness", "schooling", "disaster", "accident"} & set(risks))
        heavy = self.facts.rigid[hh] > 0.3 * max(self.facts.income[hh], 1.0)
        if self.facts.pc_net[hh] >= self.s.line and sudden_risk and (heavy or self.rng.random() < 0.25):
            return mc.Category.SUDDEN
        if self.rng.random() < SUDDEN and sudden_risk:
            return mc.Category.SUDDEN
        if self.status[hh] in ("former_poor", "former_poor_no_policy"):
            return mc.Category.UNSTABLE
        return mc.Category.MARGINAL

    # ---- plans and measures ------------------------------------------------------------------------------

    def _measures(self, case: dict[str, Any], hh: int, members: list[Member], risks: list[str], fast: bool) -> None:
        s, rng = self.s, self.rng
        start = case["period_start"]
        kinds = self._kinds(hh, risks)
        if fast:
            first = case["opened_on"] + dt.timedelta(days=rng.randint(0, 2))
            self._measure(case, hh, members, kinds[0] if kinds else mc.MeasureKind.SOCIAL_PROTECTION, first, True)
        if start is None:
            return
        no_measure = rng.random() < DEFECTS["no_measure"]
        if case["elimination_kind"] == mc.EliminationKind.ASSISTED:
            no_measure = rng.random() < DEFECTS["assisted_without_measure"]
        made = min(s.as_of, start + dt.timedelta(days=rng.randint(0, 7)))
        labels = "、".join(mc.RISK_CODE_LABELS[r] for r in risks)
        kind_labels = "、".join(mc.MeasureKind(k).label for k in kinds) or "跟踪监测"
        Rows.add(
            self.rows.plans,
            case_id=case["id"],
            made_on=made,
            summary=f"针对{labels}风险，落实{kind_labels}，缺什么补什么",
            participants=T.PLAN_PARTICIPANTS,
        )
        if no_measure:
            return
        for kind in kinds:
            self._measure(case, hh, members, kind, start + dt.timedelta(days=rng.randint(0, 25)), False)

    def _kinds(self, hh: int, risks: list[str]) -> list[str]:
        rng, kinds = self.rng, []
        for code in risks:
            options = self.s.rules.get(code) or list(mc.MeasureKind.values)
            if rng.random() < RISK_MATCHED:
                kinds.append(options[min(int(rng.expovariate(1.0)), len(options) - 1)])
        if self.facts.workers[hh] and rng.random() < DEVELOPMENT:
            kinds.append(mc.MeasureKind.EMPLOYMENT if rng.random() < 0.5 else mc.MeasureKind.INDUSTRY)
        former = self.status[hh] in ("former_poor", "former_poor_no_policy")
        if former and self.facts.workers[hh] and rng.random() < MICROCREDIT:
            kinds.append(mc.MeasureKind.FINANCE)
        return list(dict.fromkeys(kinds))

    def _measure(
        self, case: dict[str, Any], hh: int, members: list[Member], kind: str, start: dt.date, before: bool
    ) -> None:
        s, rng = self.s, self.rng
        start = min(start, s.as_of)
        status, end = "active", None
        if case["period_end"] is not None and kind not in CONTINUING:
            status, end = "done", max(start, case["period_end"] - dt.timedelta(days=rng.randint(0, 30)))
        elif start >= s.as_of - dt.timedelta(days=3) and rng.random() < 0.5:
            status = "planned"
        if rng.random() < 0.02:
            status, end = "stopped", None
        county, township = self.villages[hh][:6], self.villages[hh][:9]
        Rows.add(
            self.rows.measures,
            case_id=case["id"],
            kind=kind,
            content=T.measure_content(rng, kind),
            person_id=self._beneficiary(kind, members),
            start=start,
            end=end,
            amount=T.measure_amount(rng, kind),
            responsible_unit=T.responsible_unit(kind, self.s.places.get(county, ""), self.s.places.get(township, "")),
            responsible_person=self.s.names.surname(rng) + self.s.names.given(rng, rng.random() < 0.6),
            status=status,
            before_identification=before,
        )

    def _beneficiary(self, kind: str, members: list[Member]) -> str | None:
        pick = BENEFICIARY.get(kind)
        found = [m for m in members if pick(m)] if pick else []
        return self.rng.choice(found).id if found else None

    # ---- leads -------------------------------------------------------------------------------------------

    def _lead(
        self,
        hh: int,
        channel: str,
        on: dt.date,
        status: str,
        case_id: str | None,
        risks: Sequence[str],
        *,
        checked: dt.date | None = None,
        outcome: str = "",
    ) -> None:
        s, rng = self.s, self.rng
        hint = next((r for r in risks if r in mc.RiskType.values), "")
        department = rule = ref = ""
        if channel == mc.Channel.DEPARTMENT:
            options = [x for r in risks for x in s.department_rules.get(r, [])] or s.department_rules.get("", [])
            if options:
                rule, department, label = rng.choice(options)
                ref = f"{rule}:{self.numbers[hh]}:{on:%Y%m%d}"
                summary = f"{label}（{mc.RISK_CODE_LABELS.get(hint, '待核实')}）：{T.warning_detail(rule)}"
            else:
                summary = T.lead_summary(rng, channel, hint)
        else:
            summary = T.lead_summary(rng, channel, hint)
        online = channel == mc.Channel.APPLICATION and rng.random() < ONLINE_APPLICATION
        if status == mc.LeadStatus.CONVERTED:
            outcome = "入户核实存在风险，启动识别程序"
        elif status == mc.LeadStatus.OPEN and online:
            status = mc.LeadStatus.SUBMITTED
        Rows.add(
            self.rows.leads,
            household_id=self.hids[hh],
            village_id=self.villages[hh],
            channel=channel,
            online=online,
            department=department,
            external_ref=ref,
            rule=rule,
            summary=summary,
            evidence="",
            risk_hint=hint,
            reported_on=on,
            due_on=on + dt.timedelta(days=s.lead_check_days),
            status=status,
            case_id=case_id,
            checked_on=checked,
            outcome=outcome,
        )

    def _extra_leads(self, cases: list[tuple[str, int, dt.date, bool]], others: list[int]) -> None:
        s, rng = self.s, self.rng
        open_cases = [c for c in cases if c[3]]
        for _ in range(len(others)):  # one extra lead per household drawn after the cases (joined ones spare it)
            kind = choose(rng, EXTRA_LEAD_STATUS)
            channel = choose(rng, CHANNEL)
            if kind == "joined" and open_cases:
                case_id, hh, opened, _ = rng.choice(open_cases)
                on = opened + dt.timedelta(days=int(rng.random() * max(1, (s.as_of - opened).days)))
                risks = list(self._risks(hh, self.members.get(hh, [])))
                self._lead(hh, channel, on, mc.LeadStatus.JOINED, case_id, risks, checked=on, outcome=T.JOINED_OUTCOME)
                continue
            if not others:
                return
            hh = others.pop()
            risks = list(self._risks(hh, self.members.get(hh, [])))
            if kind == "open":
                on = s.as_of - dt.timedelta(days=rng.randint(0, 2 * s.lead_check_days))
                self._lead(hh, channel, on, mc.LeadStatus.OPEN, None, risks)
            else:
                on = s.as_of - dt.timedelta(days=s.lead_check_days + int(rng.random() * (DAYS_BACK - 3)))
                checked = on + dt.timedelta(days=rng.randint(0, s.lead_check_days))
                self._lead(
                    hh, channel, on, mc.LeadStatus.CLOSED, None, risks, checked=checked, outcome=T.closed_outcome(rng)
                )
