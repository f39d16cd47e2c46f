"""Where the apps above the asset ledger plug into the asset page (like ``registry.extensions`` for the household
page). The asset ledger never imports them: the jobs app's 公益性岗位 and any later app register a panel here
from their ``AppConfig.ready``, so dependencies point one way.

``AssetPanel.context(user, asset)`` returns the panel's context (rendered as ``panel`` in ``template``), or None
when the panel is not shown to this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AssetPanel:
    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


ASSET_PANELS: dict[str, AssetPanel] = {}


def add_asset_panel(panel: AssetPanel) -> None:
    ASSET_PANELS[panel.key] = panel


def asset_panels(user: Any, asset: Any) -> list[dict[str, Any]]:
    """The panels this user sees on this asset's page, in order: ``{"template": …, "panel": …}``."""
    shown = []
    for panel in sorted(ASSET_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user, asset)
        if context is not None:
            shown.append({"template": panel.template, "panel": context})
    return shown
