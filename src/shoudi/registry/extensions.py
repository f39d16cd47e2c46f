"""Where the apps above the registry plug into the household page. The registry never imports them: income,
pairing and any later app register a panel here from their ``AppConfig.ready``, so dependencies point one way.

``HouseholdPanel.context(user, household)`` returns the panel's context (rendered as ``panel`` in
``template``), or None when the panel is not shown to this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HouseholdPanel:
    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


HOUSEHOLD_PANELS: dict[str, HouseholdPanel] = {}


def add_household_panel(panel: HouseholdPanel) -> None:
    HOUSEHOLD_PANELS[panel.key] = panel


def household_panels(user: Any, household: Any) -> list[dict[str, Any]]:
    """The panels this user sees on this household's page, in order: ``{"template": …, "panel": …}``."""
    shown = []
    for panel in sorted(HOUSEHOLD_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user, household)
        if context is not None:
            shown.append({"template": panel.template, "panel": context})
    return shown


# ---- a person's work changed -----------------------------------------------------------------------------------
# The jobs app keeps its work spells in step with the registry's 务工地点 (entered once): it registers a callback
# here, which the registry's services call — inside their transaction — after a member's 务工地点 was set,
# cleared or changed (an edit on the household page, the API, a 集中排查 visit). ``callback(by=…, person=…)``.

PersonWorkHook = Callable[..., Any]
PERSON_WORK_HOOKS: list[PersonWorkHook] = []


def on_person_work_changed(callback: PersonWorkHook) -> PersonWorkHook:
    """Register ``callback`` (once; registering it again does nothing)."""
    if callback not in PERSON_WORK_HOOKS:
        PERSON_WORK_HOOKS.append(callback)
    return callback


def person_work_changed(*, by: Any, person: Any) -> None:
    for callback in list(PERSON_WORK_HOOKS):
        callback(by=by, person=person)
