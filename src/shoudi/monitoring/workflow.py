"""The procedures as one allowed-transitions map (national-practice.md §4 and §7).

Each case status is "waiting for a step". ``STEPS`` says, per status, which step may be taken next, by which
capability and into which status; nothing else moves a case forward, so no step can be skipped.
``RETURNS`` is "return to the previous step"; ``REJECTS`` ends the current procedure without its result.
"""

from __future__ import annotations

from dataclasses import dataclass

from shoudi.core.access import Capability
from shoudi.monitoring.codes import Procedure, Status

S = Status


@dataclass(frozen=True)
class Step:
    action: str  # unique key, used in URLs, the API and the transition rows
    label: str
    source: str
    target: str
    capability: Capability
    procedure: str
    check_elimination: bool = False  # run the elimination check and block when it fails
    decision: bool = False  # 审定: the actor's area level follows the approval_level parameter
    head_or_tail: bool = False  # 一头一尾: entered by the monitoring contact


def _chain(procedure: str, prefix: str, pairs: list[tuple[str, str, str, str, Capability]]) -> list[Step]:
    steps = []
    for suffix, label, source, target, capability in pairs:
        steps.append(
            Step(
                action=f"{prefix}_{suffix}",
                label=label,
                source=source,
                target=target,
                capability=capability,
                procedure=procedure,
                decision=suffix == "decision",
            )
        )
    return steps


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
    Step(
        "id_entry",
        "纳入监测",
        S.ID_ENTRY,
        S.MONITORED,
        Capability.ENTER_CASES,
        Procedure.IDENTIFICATION,
        head_or_tail=True,
    ),
]
_ELIMINATION = [
    Step(
        "el_home_check",
        "入户核实",
        S.MONITORED,
        S.EL_REVIEW,
        Capability.HOME_CHECK,
        Procedure.ELIMINATION,
        check_elimination=True,
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
    Step(
        "el_entry",
        "标注风险消除",
        S.EL_ENTRY,
        S.ELIMINATED,
        Capability.ENTER_CASES,
        Procedure.ELIMINATION,
        check_elimination=True,
        head_or_tail=True,
    ),
]
_ROLLBACK = [
    Step("rb_home_check", "入户核实", S.ELIMINATED, S.RB_REVIEW, Capability.HOME_CHECK, Procedure.ROLLBACK),
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

ALL_STEPS: list[Step] = [*_IDENTIFICATION, *_ELIMINATION, *_ROLLBACK]
STEP_BY_ACTION: dict[str, Step] = {s.action: s for s in ALL_STEPS}
# status → the steps that may leave it (one per status today; a list so a status could offer alternatives)
STEPS: dict[str, list[Step]] = {}
for _step in ALL_STEPS:
    STEPS.setdefault(_step.source, []).append(_step)

# Resting statuses: nobody owes a step there (elimination and rollback are started when they are due).
RESTING = frozenset({S.MONITORED, S.ELIMINATED, S.NOT_INCLUDED})

# status → the status of the previous step ("退回上一步"); the actor is whoever would take the next step.
RETURNS: dict[str, str] = {s.target: s.source for s in ALL_STEPS if s.target not in RESTING}

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


def next_steps(status: str) -> list[Step]:
    return list(STEPS.get(status, []))


def capability_at(status: str) -> Capability | None:
    """The capability of whoever acts at ``status`` (and may therefore return or reject it)."""
    steps = STEPS.get(status)
    return steps[0].capability if steps else None


def statuses_for(capabilities: set[Capability] | frozenset[Capability]) -> list[str]:
    """The statuses at which a user with ``capabilities`` has the next step to take."""
    return [
        status
        for status, steps in STEPS.items()
        if status not in RESTING and any(s.capability in capabilities for s in steps)
    ]


def procedure_of(status: str) -> str:
    if status.startswith("el_"):
        return Procedure.ELIMINATION
    if status.startswith("rb_"):
        return Procedure.ROLLBACK
    return Procedure.IDENTIFICATION
