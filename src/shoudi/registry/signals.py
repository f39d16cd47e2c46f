"""What the registry announces when it writes in bulk, where no per-row ``post_save`` is sent: the villages
whose households, members or money changed, so derived tables (the reports' income summary) can follow."""

from __future__ import annotations

from django.dispatch import Signal

villages_changed = Signal()  # keyword argument ``villages``: a set of village codes
