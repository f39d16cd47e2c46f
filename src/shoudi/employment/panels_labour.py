"""What the labour part adds to other apps (filled in by its part)."""

from __future__ import annotations


def register() -> None:
    """Called once from EmploymentConfig.ready."""
