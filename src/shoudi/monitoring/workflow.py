"""The procedures as one declared workflow on ``core.workflow`` (national-practice.md §4 and §7).

Each case status is "waiting for a step". ``CASE_FLOW`` says, per status, which steps may leave it, by which
capability, at which level and into which status; nothing else moves a case, so no step can be skipped. Three
procedures share the map: identification (识别纳入), elimination (风险消除) and rollback (风险消除回退). From every
status where someone owes a step, that someone may also return the case one step ("return", 退回上一步) or end
the procedure without its result ("reject": 不予纳入 / 不予消除 / 不予回退); a failed democratic review ends it too.
The 审定 step is taken at the level the ``approval_level`` parameter names (county or city).

What a step adds to the generic engine (the frozen assessment, uploads, notices that end) is in
``monitoring.stepping``; the named step services are in ``monitoring.transitions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import Capability
from shoudi.core.workflow import Step, Workflow, statuses_waiting_for
from shoudi.monitoring import policy_bridge
from shoudi.monitoring.codes import Procedure, Status
from shoudi.monitoring.models import Case, CaseTransition

S = Status
FORWARD, RETURN, REJECT = "step", "return", "reject"


@dataclass(frozen=True)
class CaseStep(Step):
    procedure: str = Procedure.IDENTIFICATION
    kind: str = FORWARD  # a step forward, a return, or an end without the procedure's result
    check_elimination: bool = False  # run the elimination check and block when it fails
    head_or_tail: bool = False  # 一头一尾: entered by the monitoring contact
    optional: bool = False  # started when due, not owed (elimination, rollback)
    offered: bool = True  # a button on the case page (the failed review is taken through the review form)

    @property
    def decision(self) -> bool:
        return self.action.endswith("_decision")


def decision_level(case: Any, on: dt.date) -> int:
    """审定 is taken at the level of the approval_level parameter: 6 (county) or 4 (city)."""
    return policy_bridge.approval_area_length(case.village_id, on)


def _chain(procedure: str, prefix: str, pairs: list[tuple[str, str, str, str, Capability]]) -> list[CaseStep]:
    return [
        CaseStep(
            action=f"{prefix}_{suffix}",
            label=label,
            source=source,
            target=target,
            capability=capability,
            level=decision_level if suffix == "decision" else None,
            procedure=procedure,
        )
        for suffix, label, source, target, capability in pairs
    ]


_IDENTIFICATION = [
    *_chain(
        Procedure.IDENTIFICATION,
        "id",
        [
            ("home_check", "入户核实", S.ID_HOME_CHECK, S.ID_DATA_CHECK, Capability.HOME_CHECK),
            ("data_check", "信息比对", S.ID_DATA_CHECK, S.ID_REVIEW, Capability.DATA_CHECK),
            ("review", "民主评议", S.ID_REVIEW, S.ID_NOTICE, Capability.VILLAGE_REVIEW),
            ("notice_end", "公示结束", S.ID_NOTICE, S.ID_TOWNSHIP, Capability.VILLAGE_REVIEW),
            ("township", "乡镇审核", S.ID_TOWNSHIP, S.ID_DECISION, Capability.REVIEW_CASES),
            ("decision", "审定", S.ID_DECISION, S.ID_ENTRY, Capability.DECIDE_CASES),
        ],
    ),
    CaseStep("id_entry", "纳入监测", S.ID_ENTRY, S.MONITORED, Capability.ENTER_CASES, head_or_tail=True),
]
_ELIMINATION = [
    CaseStep(
        "el_home_check",
        "入户核实",
        S.MONITORED,
        S.EL_REVIEW,
        Capability.HOME_CHECK,
        procedure=Procedure.ELIMINATION,
        check_elimination=True,
        optional=True,
    ),
    *_chain(
        Procedure.ELIMINATION,
        "el",
        [
            ("review", "民主评议", S.EL_REVIEW, S.EL_NOTICE, Capability.VILLAGE_REVIEW),
            ("notice_end", "公示结束", S.EL_NOTICE, S.EL_TOWNSHIP, Capability.VILLAGE_REVIEW),
            ("township", "乡镇审核", S.EL_TOWNSHIP, S.EL_DECISION, Capability.REVIEW_CASES),
            ("decision", "审定", S.EL_DECISION, S.EL_ENTRY, Capability.DECIDE_CASES),
        ],
    ),
    CaseStep(
        "el_entry",
        "标注风险消除",
        S.EL_ENTRY,
        S.ELIMINATED,
        Capability.ENTER_CASES,
        procedure=Procedure.ELIMINATION,
        check_elimination=True,
        head_or_tail=True,
    ),
]
_ROLLBACK = [
    CaseStep(
        "rb_home_check",
        "入户核实",
        S.ELIMINATED,
        S.RB_REVIEW,
        Capability.HOME_CHECK,
        procedure=Procedure.ROLLBACK,
        optional=True,
    ),
    *_chain(
        Procedure.ROLLBACK,
        "rb",
        [
            ("review", "民主评议", S.RB_REVIEW, S.RB_NOTICE, Capability.VILLAGE_REVIEW),
            ("notice_end", "公示结束", S.RB_NOTICE, S.RB_TOWNSHIP, Capability.VILLAGE_REVIEW),
            ("township", "乡镇审核", S.RB_TOWNSHIP, S.RB_DECISION, Capability.REVIEW_CASES),
            ("decision", "审定", S.RB_DECISION, S.MONITORED, Capability.DECIDE_CASES),
        ],
    ),
]

FORWARD_STEPS: list[CaseStep] = [*_IDENTIFICATION, *_ELIMINATION, *_ROLLBACK]
STEP_BY_ACTION: dict[str, CaseStep] = {s.action: s for s in FORWARD_STEPS}
_LEAVING: dict[str, CaseStep] = {s.source: s for s in FORWARD_STEPS}  # one step forward per status

# Resting statuses: nobody owes a step there (elimination and rollback are started when they are due).
RESTING = frozenset({S.MONITORED, S.ELIMINATED, S.NOT_INCLUDED})

# status → the status of the previous step ("退回上一步"); the actor is whoever would take the next step.
RETURNS: dict[str, str] = {s.target: s.source for s in FORWARD_STEPS if s.target not in RESTING}

# status → where "not approved" leads: the procedure ends without its result.
REJECTS: dict[str, str] = {
    **{
        s: S.NOT_INCLUDED
        for s in (S.ID_HOME_CHECK, S.ID_DATA_CHECK, S.ID_REVIEW, S.ID_NOTICE, S.ID_TOWNSHIP, S.ID_DECISION)
    },
    **{s: S.MONITORED for s in (S.EL_REVIEW, S.EL_NOTICE, S.EL_TOWNSHIP, S.EL_DECISION)},
    **{s: S.ELIMINATED for s in (S.RB_REVIEW, S.RB_NOTICE, S.RB_TOWNSHIP, S.RB_DECISION)},
}
REJECT_LABELS: dict[str, str] = {
    S.NOT_INCLUDED: "不予纳入",
    S.MONITORED: "不予消除（继续监测）",
    S.ELIMINATED: "不予回退",
}


def _back(action: str, label: str, source: str, target: str, *, offered: bool = True) -> CaseStep:
    """A return or an end, taken by whoever owes the step at ``source`` (same capability, same level)."""
    at = _LEAVING[source]
    return CaseStep(
        action,
        label,
        source,
        target,
        at.capability,
        level=at.level,
        reason_required=True,
        procedure=at.procedure,
        kind=REJECT if target == REJECTS.get(source) else RETURN,
        offered=offered,
    )


RETURN_STEPS = [_back("return", "退回上一步", source, target) for source, target in RETURNS.items()]
REJECT_STEPS = [_back("reject", REJECT_LABELS[target], source, target) for source, target in REJECTS.items()]
REVIEW_FAILED_STEPS = [
    _back(f"{_LEAVING[source].action}_failed", "民主评议未通过", source, REJECTS[source], offered=False)
    for source in (S.ID_REVIEW, S.EL_REVIEW, S.RB_REVIEW)
]

CASE_FLOW: Workflow[Case] = Workflow(
    name="监测对象",
    model=Case,
    steps=[*FORWARD_STEPS, *RETURN_STEPS, *REJECT_STEPS, *REVIEW_FAILED_STEPS],
    history=CaseTransition,
    history_fk="case",
    area_of=lambda case: case.village_id,
    household_of=lambda case: case.household_id,
)


def steps_from(status: str) -> list[CaseStep]:
    return [s for s in CASE_FLOW.steps_from(status) if isinstance(s, CaseStep)]


def next_steps(status: str) -> list[CaseStep]:
    """The steps forward from ``status`` (one per status)."""
    return [s for s in steps_from(status) if s.kind == FORWARD]


def statuses_for(capabilities: set[Capability] | frozenset[Capability]) -> list[str]:
    """The statuses at which a user with ``capabilities`` owes the next step (resting statuses aside)."""
    return [s for s in statuses_waiting_for([CASE_FLOW], capabilities) if s not in RESTING]


def procedure_of(status: str) -> str:
    if status.startswith("el_"):
        return Procedure.ELIMINATION
    if status.startswith("rb_"):
        return Procedure.ROLLBACK
    return Procedure.IDENTIFICATION
