"""Builders of monitoring records for tests, the form sweep and demos: a lead, a case at ANY status of the
procedures, a notice with an objection — always through the real services (``monitoring.testing.builders.Driver``
walks the steps), so a test starts from a state the procedures can really reach.

    team = Team(contact=village_a, township=township, county=county, committee=committee_a)
    case = case_at(codes.Status.EL_TOWNSHIP, team=team)       # walked: lead → … → monitored → … → 消除·待乡镇审核
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shoudi.monitoring import codes, leads, notices, transitions
from shoudi.monitoring.models import Case, Lead, Notice, Objection
from shoudi.monitoring.testing.builders import Driver, days_ago, monthly_income
from shoudi.registry.models import Household
from shoudi.testing import assistance
from shoudi.testing.factories import VILLAGE_A, household_with_members

S = codes.Status
ABOVE_THE_LINE = Decimal("2000")  # a month, for three people: 8,000 a head a year, above the 6,320 test line


@dataclass(frozen=True)
class Team:
    """Who takes the steps: the village contact, the village committee, the township and the county."""

    contact: Any
    township: Any
    county: Any
    committee: Any = None

    @property
    def driver(self) -> Driver:
        return Driver(contact=self.contact, township=self.township, county=self.county, committee=self.committee)

    @classmethod
    def of(cls, users: Any) -> Team:
        """From the sweep's world (or anything with ``user(name)``): village A's people and the persons above."""
        return cls(
            contact=users.user("village_a"),
            township=users.user("township"),
            county=users.user("county"),
            committee=users.user("committee_a"),
        )


def household(village: str = VILLAGE_A, *, income: Decimal | None = None, **fields: Any) -> Household:
    """A household of three (a former-poor one unless said otherwise), with ``income`` a month if given."""
    fields.setdefault("status", "former_poor")
    fields.setdefault("exit_year", 2019)
    made = household_with_members(village, size=3, **fields)
    if income is not None:
        monthly_income(made, per_month=income)
    return made


def lead(team: Team, *, online: bool = False, household_: Household | None = None) -> Lead:
    """A lead waiting for the village's home check (or, ``online``, for the township to accept it)."""
    return leads.lead_create(
        by=team.contact,
        household=household_ or household(),
        channel=codes.Channel.APPLICATION if online else codes.Channel.CADRE_VISIT,
        summary="户主突发脑梗住院，医疗支出大",
        online=online,
        reported_on=days_ago(2),
    )


def case_at(
    status: str,
    *,
    team: Team,
    household_: Household | None = None,
    notice_posted: bool = True,
    eligible: bool = False,
) -> Case:
    """A case at ``status``, walked there through the services. Identification starts 30 days ago; a case that
    goes on to elimination or rollback (or a monitored one that is ``eligible`` for elimination) is identified
    300 days ago with an income above the line, a health measure, a 帮扶责任人 and the visits the parameter asks
    (``Driver.follow_up``), so the elimination check passes. At a notice status the notice is posted (and has run
    its days) unless ``notice_posted`` is False."""
    driver = team.driver
    later = status in codes.ELIMINATION_STATUSES or status in codes.ROLLBACK_STATUSES or status == S.ELIMINATED
    later = later or (eligible and status == S.MONITORED)
    if status == S.NOT_INCLUDED:
        case = driver.lead(household_ or household(), days_ago(30))
        return transitions.case_reject(by=team.contact, case=case, reason="经核实收入稳定，不予纳入", on=days_ago(29))
    if not later:
        case = driver.lead(household_ or household(), days_ago(30))
        upto = S.ID_NOTICE if status == S.ID_NOTICE else status
        case = driver.identify(case, days_ago(29), upto=upto)
        if status == S.ID_NOTICE and notice_posted:
            _post(case, team, days_ago(20))
        return case
    home = household_ or household(income=ABOVE_THE_LINE)
    case = driver.identify(driver.lead(home, days_ago(300)), days_ago(299))
    assistance.measure(case, team.township, start=days_ago(240))
    if status == S.MONITORED:
        return driver.follow_up(case, days_ago(1)) if eligible else case
    if status in codes.ELIMINATION_STATUSES:
        case = driver.eliminate(case, days_ago(40), upto=status)
        if status == S.EL_NOTICE and notice_posted:
            _post(case, team, days_ago(20))
        return case
    case = driver.eliminate(case, days_ago(80))
    if status == S.ELIMINATED:
        return case
    case = driver.roll_back(case, days_ago(40), upto=status)
    if status == S.RB_NOTICE and notice_posted:
        _post(case, team, days_ago(20))
    return case


def _post(case: Case, team: Team, on: dt.date) -> Notice:
    kind = codes.NOTICE_KIND_BY_STATUS[codes.Status(case.status)]
    return notices.notice_post(
        by=team.committee or team.contact, village=case.village, kind=kind, posted_on=max(on, case.status_on)
    )


def notice_of(case: Case) -> Notice:
    """The active notice the case is on."""
    entry = (
        case.notice_entries.select_related("notice")
        .filter(active=True)
        .exclude(notice__kind=codes.NoticeKind.ASSISTANCE_PLAN)
        .first()
    )
    assert entry is not None, "the case is on no active notice"
    return entry.notice


def objection(case: Case, team: Team, *, content: str = "该户儿子在县城有商品房") -> Objection:
    """An objection, not yet resolved, on the notice of ``case`` (a case at a notice status)."""
    notice = notice_of(case)
    return notices.objection_record(
        by=team.committee or team.contact, notice=notice, case=case, received_on=notice.posted_on, content=content
    )
