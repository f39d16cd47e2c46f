"""Where the apps above monitoring plug into it. Monitoring never imports them: assistance (and any later app)
registers here from its ``AppConfig.ready``, so dependencies point one way.

- ``CASE_PANELS``: sections of the case page (assistance: the plan, measures and visits).
- ``WORKBENCH_TASKS`` / ``WORKBENCH_LINKS``: counts and buttons of the monitoring panel on the workbench
  (assistance: the visits due, the fast track).
- ``live_measures(case)``: the measures in force for a case, which the risk-elimination check weighs
  (assistance provides them; without a provider a case has none).
- ``visit_count(case, start, end)``: the follow-up visits (回访/走访) of a case between two dates, which the
  risk-elimination check counts against ``elimination_min_visits`` (assistance provides them; without a provider
  a case has none, and elimination is refused until visits are recorded).
- The data-quality checks have their own registry: ``monitoring.checks.register``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import Capability


@dataclass(frozen=True)
class CasePanel:
    """A section of the case page: ``template`` rendered with ``context(user, case)`` as ``panel`` (None: the
    panel is not shown to this user)."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class WorkbenchTask:
    """A count on the workbench's monitoring panel, linking to the list behind it."""

    key: str
    label: str
    count: Callable[[Any, dt.date], int]  # (user, today)
    url_name: str
    capability: Capability
    order: int = 100


@dataclass(frozen=True)
class WorkbenchLink:
    """A button on the workbench's monitoring panel."""

    key: str
    label: str
    url_name: str
    capability: Capability
    style: str = "secondary"
    order: int = 100


MeasureProvider = Callable[[Any], Iterable[tuple[str, dt.date]]]
VisitCounter = Callable[[Any, dt.date, dt.date], int]  # (case, first day, last day) → visits, both days included

CASE_PANELS: list[CasePanel] = []
WORKBENCH_TASKS: list[WorkbenchTask] = []
WORKBENCH_LINKS: list[WorkbenchLink] = []
_MEASURE_PROVIDERS: list[MeasureProvider] = []
_VISIT_COUNTERS: list[VisitCounter] = []


def _put(registry: list[Any], item: Any) -> None:
    """Add or replace (by key) and keep the order: registering twice changes nothing."""
    registry[:] = sorted([*(i for i in registry if i.key != item.key), item], key=lambda i: (i.order, i.key))


def add_case_panel(panel: CasePanel) -> None:
    _put(CASE_PANELS, panel)


def add_workbench_task(task: WorkbenchTask) -> None:
    _put(WORKBENCH_TASKS, task)


def add_workbench_link(link: WorkbenchLink) -> None:
    _put(WORKBENCH_LINKS, link)


def provide_measures(provider: MeasureProvider) -> None:
    """``provider(case)`` gives the (measure kind, start date) of each measure in force for the case."""
    if provider not in _MEASURE_PROVIDERS:
        _MEASURE_PROVIDERS.append(provider)


def live_measures(case: Any) -> list[tuple[str, dt.date]]:
    return [item for provider in _MEASURE_PROVIDERS for item in provider(case)]


def provide_visits(counter: VisitCounter) -> None:
    """``counter(case, start, end)`` gives the number of visits of the case from ``start`` to ``end`` (inclusive)."""
    if counter not in _VISIT_COUNTERS:
        _VISIT_COUNTERS.append(counter)


def visit_count(case: Any, start: dt.date, end: dt.date) -> int:
    return sum(counter(case, start, end) for counter in _VISIT_COUNTERS)
