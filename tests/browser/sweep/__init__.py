"""The browser form sweep: specs (one module per app, ``forms_<app>.py``), discovery, and the driver."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from .spec import SPECS, FormSpec, Upload, form

for _module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _module.name.startswith("forms_"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["SPECS", "FormSpec", "Upload", "form"]
