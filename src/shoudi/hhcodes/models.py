"""一户一码 — models: see the issue 18 helper."""
