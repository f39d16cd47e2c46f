"""分层分类: which layers a household qualifies for and why, which it holds, and — for a whole county or township —
the leads that follow: a 转介 to 民政 for each 民政 layer a household is a candidate for, a monitoring lead
(大数据比对) for a household within the monitoring range that has no open lead or case.

The rules are ``policy.layers`` (one definition, also the command line's and the engine's); the figures are
those of the monitoring assessment: one household is read as monitoring reads it (``monitoring.policy_bridge``:
收入核算表 and finance records through ``income.window``), an area in one batch (``policy.batch.load_area``).
So one income record serves both procedures, and a referral's reasons quote the same figures as the
assessment on the monitoring pages.

A run is idempotent: nothing is referred while a referral of the same household and layer is pending, or was
already made for the same 测算日期; no lead is recorded for a household with an open lead or case, or with a
lead of this run's rule already found today."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.lowincome import codes, selectors
from shoudi.lowincome.access import REFER, require_may
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.referrals import referral_save
from shoudi.lowincome.services import clean_date, shown
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring import policy_bridge
from shoudi.monitoring.leads import lead_from_system
from shoudi.monitoring.models import Case, Lead
from shoudi.policy.assessment import Assessment, HouseholdDataError, assess
from shoudi.policy.batch import AreaHousehold, area_drop_months, load_area
from shoudi.policy.facts import money, month_text, per_capita
from shoudi.policy.layers import CIVIL_AFFAIRS_LAYERS, Layer, LayerResult, layers_of
from shoudi.policy.params import ParameterSet
from shoudi.policy.values import ParameterError
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

LEAD_RULE = "low_income_layers"  # marks the leads of this run (monitoring.Lead.rule)
AREA_LEVELS = (Level.COUNTY, Level.TOWNSHIP)
OPEN_LEADS = (mcodes.LeadStatus.SUBMITTED, mcodes.LeadStatus.OPEN)


@dataclass(frozen=True)
class Classification:
    """One household: its six layers (``codes.ALL_LAYERS`` order) and the figures they compare."""

    layers: list[LayerResult]
    figures: list[str]
    per_capita_income: Any


def figure_reasons(a: Assessment) -> list[str]:
    """The income figures of the assessment, in the words a referral quotes them."""
    m = a.measures
    start, end = m.window
    return [
        f"测算期：{month_text(start)}至{month_text(end)}；计入家庭成员 {m.members_counted} 人",
        f"家庭纯收入 {money(m.net_income)} 元（收入 {money(m.income)} 元 − 生产经营性支出 {money(m.costs)} 元），"
        f"人均纯收入 {money(per_capita(m.net_income, m.members_counted))} 元",
    ]


def former_poor_result(household: Household, holds: frozenset[str]) -> LayerResult:
    held = Layer.FORMER_POOR in holds
    if held:
        year = f"，{household.exit_year}年脱贫" if household.exit_year else ""
        reasons = (f"户类型：{household.get_status_display()}{year}（基础数据库）",)
    else:
        reasons = (f"户类型：{household.get_status_display()}，不是脱贫户（基础数据库）",)
    return LayerResult(Layer.FORMER_POOR, None, held, False, reasons)


def household_classification(
    household: Household, as_of: dt.date, *, holds: frozenset[str] | None = None
) -> Classification:
    """The layers of one household on ``as_of``; a ``ValidationError`` (Chinese) when it cannot be assessed
    (no monitoring line for its area and date, or data the code lists do not know)."""
    holds = selectors.holds_of(household) if holds is None else holds
    region = household.village_id
    try:
        facts = policy_bridge.household_facts(household, as_of)  # the one-household path of monitoring
        pset = ParameterSet.load(region, within=False)
        assessment = assess(facts, as_of, pset.rules(region, as_of))
        layers = layers_of(facts, assessment, pset.layer_standards(region, as_of), holds=holds)
    except (HouseholdDataError, ParameterError) as exc:
        raise ValidationError(f"无法测算该户的分层分类：{exc}") from None
    return Classification(
        layers=[*layers, former_poor_result(household, holds)],
        figures=figure_reasons(assessment),
        per_capita_income=assessment.per_capita_net_income,
    )


def classify_household(household: Household, as_of: dt.date) -> list[LayerResult]:
    """The household's six layers with reasons and what it holds (see ``household_classification``)."""
    return household_classification(household, as_of).layers


# ---- a whole area ----------------------------------------------------------------------------------------------


@dataclass
class AreaSummary:
    area: str
    area_name: str
    as_of: dt.date
    households: int = 0
    assessed: int = 0
    error_count: int = 0
    errors: list[str] = field(default_factory=list)  # the first few, "户 … ：why"
    qualifies: Counter[str] = field(default_factory=Counter)  # qualifies, or a candidate for 低保 / 特困
    holds: Counter[str] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)
    referrals_created: int = 0
    referrals_skipped: int = 0  # a candidate already referred (pending, or for the same 测算日期)
    leads_created: int = 0
    leads_skipped: int = 0  # within range but an open lead or case, or already found today
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        layers = [*codes.ALL_LAYERS]
        return {
            "area": self.area,
            "area_name": self.area_name,
            "as_of": self.as_of.isoformat(),
            "households": self.households,
            "assessed": self.assessed,
            "error_count": self.error_count,
            "errors": list(self.errors),
            "layers": [
                {
                    "code": str(code),
                    "qualifies": self.qualifies[code],
                    "holds": self.holds[code],
                    "candidates": self.candidates[code],
                }
                for code in layers
            ],
            "referrals_created": self.referrals_created,
            "referrals_skipped": self.referrals_skipped,
            "leads_created": self.leads_created,
            "leads_skipped": self.leads_skipped,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class _AreaState:
    """What the area holds and has already been sent, read in a few set queries before the run."""

    held: dict[Any, set[str]]
    pending: set[tuple[Any, str]]
    referred: set[tuple[Any, str]]
    leads: set[Any]
    cases: set[Any]

    @classmethod
    def load(cls, area: str, as_of: dt.date, today: dt.date) -> _AreaState:
        place = in_area("village_id", area)
        held: dict[Any, set[str]] = {}
        for household_id, layer in Membership.objects.filter(place, ended_on__isnull=True).values_list(
            "household_id", "layer"
        ):
            held.setdefault(household_id, set()).add(layer)
        referrals = Referral.objects.filter(place)
        pending = set(referrals.filter(status=codes.ReferralStatus.PENDING).values_list("household_id", "layer"))
        referred = set(
            referrals.filter(source=codes.ReferralSource.ASSESSMENT, as_of=as_of).values_list("household_id", "layer")
        )
        open_or_today = Q(status__in=OPEN_LEADS) | Q(rule=LEAD_RULE, reported_on=today)
        leads = Lead.objects.filter(place).filter(open_or_today)
        cases = set(Case.objects.filter(place, is_open=True).values_list("household_id", flat=True))
        return cls(held, pending, referred, set(leads.values_list("household_id", flat=True)), cases)

    def holds(self, household: AreaHousehold) -> frozenset[str]:
        found = set(self.held.get(household.id, ()))
        if household.id in self.cases:
            found.add(Layer.MONITORING)
        if household.facts.former_poor:
            found.add(Layer.FORMER_POOR)
        return frozenset(found)


def area_of(by: Any, area: str) -> Region:
    """The county or township ``area`` (a code), within ``by``'s area when a user runs it."""
    code = str(area or "").strip()
    region = Region.objects.filter(code=code, level__in=AREA_LEVELS).first() if code.isdigit() else None
    if region is None:
        raise ValidationError({"area": f"区划代码“{shown(code)}”不是系统中的县或乡镇"})
    if by is not None:
        require_may(by, REFER, region.code)
    return region


def classify_area(*, by: Any, area: str, as_of: dt.date | None) -> AreaSummary:
    """Classify every household of a county or township on ``as_of`` (not in the future) in one batch and send
    what follows: referrals to 民政 (source 分层分类测算) and monitoring leads (大数据比对). ``by``: a township or
    county user with REFER in the area, or None (the system: the command line without ``--user``). Refused
    as a whole, nothing written, without a monitoring line for the area and date."""
    region = area_of(by, area)
    day = clean_date(as_of, field="as_of", label="测算日期")
    today = timezone.localdate()
    started = time.monotonic()
    summary = AreaSummary(region.code, region.name, day)
    pset = ParameterSet.load(region.code)
    state = _AreaState.load(region.code, day, today)
    to_refer: list[tuple[AreaHousehold, LayerResult, Assessment]] = []
    to_lead: list[tuple[AreaHousehold, LayerResult, Assessment]] = []
    for household in load_area(region.code, day, drop_months=area_drop_months(region.code, day, pset)):
        summary.households += 1
        try:
            rules = pset.rules(household.village, day)
            standards = pset.layer_standards(household.village, day)
        except ParameterError as exc:
            raise ValidationError({"as_of": f"无法测算：{exc}"}) from None
        try:
            if household.error:
                raise HouseholdDataError(household.error)
            assessment = assess(household.facts, day, rules)
        except HouseholdDataError as exc:
            summary.error_count += 1
            if len(summary.errors) < 20:
                summary.errors.append(f"户 {household.number}：{exc}")
            continue
        summary.assessed += 1
        holds = state.holds(household)
        summary.holds.update(code for code in holds)
        for layer in layers_of(household.facts, assessment, standards, holds=holds):
            if layer.qualifies or layer.candidate:
                summary.qualifies[layer.code] += 1
            if not layer.candidate:
                continue
            summary.candidates[layer.code] += 1
            key = (household.id, layer.code)
            if layer.code in CIVIL_AFFAIRS_LAYERS:
                if key in state.pending or key in state.referred:
                    summary.referrals_skipped += 1
                else:
                    to_refer.append((household, layer, assessment))
            elif layer.code == Layer.MONITORING:
                if household.id in state.leads or household.id in state.cases:
                    summary.leads_skipped += 1
                else:
                    to_lead.append((household, layer, assessment))
    _send(by, summary, to_refer, to_lead, today)
    summary.seconds = time.monotonic() - started
    return summary


def _send(
    by: Any,
    summary: AreaSummary,
    to_refer: list[tuple[AreaHousehold, LayerResult, Assessment]],
    to_lead: list[tuple[AreaHousehold, LayerResult, Assessment]],
    today: dt.date,
) -> None:
    found = Household.objects.in_bulk({h.id for h, _l, _a in (*to_refer, *to_lead)})
    as_of = summary.as_of
    with transaction.atomic():
        for h, layer, a in to_refer:
            referral_save(
                by=by,
                household=found[h.id],
                layer=layer.code,
                reasons=[*layer.reasons, *figure_reasons(a)],
                source=codes.ReferralSource.ASSESSMENT,
                referred_on=today,
                per_capita_income=a.per_capita_net_income,
                as_of=as_of,
            )
            summary.referrals_created += 1
        for h, layer, a in to_lead:
            lead_from_system(
                by=by,
                household=found[h.id],
                channel=mcodes.Channel.BIG_DATA,
                summary=f"分层分类测算（测算日期 {as_of.isoformat()}）："
                + "；".join([*layer.reasons, *figure_reasons(a)]),
                evidence="\n".join(a.reasons),
                reported_on=today,
                rule=LEAD_RULE,
            )
            summary.leads_created += 1
