"""What other apps do when a batch of department data is applied (``services.apply_batch``). Feeds never imports
them: an app above registers a callback from its ``AppConfig.ready`` (the low-income register updates its layers
from a 民政救助 batch), so dependencies point one way.

Callbacks run at the end of the apply, inside its transaction, in the order registered: what they write is
applied with the batch or not at all (a callback that raises undoes the apply, and the batch fails with the
message). Each decides itself whether the batch's source concerns it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AfterApply = Callable[[Any], Any]  # (the applied FeedBatch) → anything

_AFTER_APPLY: list[AfterApply] = []


def after_apply(callback: AfterApply) -> AfterApply:
    """Register ``callback`` (once; registering it again does nothing). Usable as a decorator."""
    if callback not in _AFTER_APPLY:
        _AFTER_APPLY.append(callback)
    return callback


def run_after_apply(batch: Any) -> None:
    """Call every registered callback with the applied ``batch``."""
    for callback in list(_AFTER_APPLY):
        callback(batch)
