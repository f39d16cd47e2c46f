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
