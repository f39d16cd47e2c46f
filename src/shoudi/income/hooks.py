"""Where the apps above income plug into 收入核算 (entered once). Income never imports them: the jobs app
(employment) registers its callbacks from its ``AppConfig.ready``, so dependencies point one way.

- ``after_sheet_save(callback)``: ``callback(by=…, sheet=…, lines=…, source=…)`` runs at the end of ``services.sheet_save``,
  inside its transaction, with the saved sheet, the typed ``LineInput``s and the save's source (the labour database opens a work
  spell for a member whose wage line it did not know). A callback must not undo the save: it leaves out what
  it cannot take.
- ``wage_suggester(callback)``: ``callback(household, year)`` returns, per member id, a wage the form may offer
  where the person has typed none: ``{"place", "months", "amount", "note"}`` (the labour database's spells of
  that year, "来自就业台账"). The form never puts a suggestion over a typed line."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

AfterSave = Callable[..., Any]
Suggester = Callable[[Any, int], dict[uuid.UUID, dict[str, Any]]]

_AFTER_SAVE: list[AfterSave] = []
_SUGGESTERS: list[Suggester] = []


def after_sheet_save(callback: AfterSave) -> AfterSave:
    """Register ``callback`` (once; registering it again does nothing)."""
    if callback not in _AFTER_SAVE:
        _AFTER_SAVE.append(callback)
    return callback


def run_after_sheet_save(*, by: Any, sheet: Any, lines: Sequence[Any], source: str) -> None:
    for callback in list(_AFTER_SAVE):
        callback(by=by, sheet=sheet, lines=lines, source=source)


def wage_suggester(callback: Suggester) -> Suggester:
    """Register ``callback`` (once)."""
    if callback not in _SUGGESTERS:
        _SUGGESTERS.append(callback)
    return callback


def wage_suggestions(household: Any, year: int) -> dict[uuid.UUID, dict[str, Any]]:
    """Every registered suggester's wages of ``household`` in ``year``, by member (the first one wins)."""
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for callback in list(_SUGGESTERS):
        for member_id, row in callback(household, year).items():
            found.setdefault(member_id, row)
    return found
