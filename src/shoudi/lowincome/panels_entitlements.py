"""What this part of the low-income register adds to other apps (placeholder until filled)."""


def register() -> None:
    """Called once from LowIncomeConfig.ready."""
