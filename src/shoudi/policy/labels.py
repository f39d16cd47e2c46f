"""Words that change with policy (监测对象 → 防止返贫致贫对象 from 2025), read from parameters like any number.

``label("monitored_object", "520628", date)`` → the text stored under ``label_monitored_object`` for that area
and date; when nothing is stored the built-in default of the catalogue is used, so a page never breaks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shoudi.policy.params import ParameterSet

DEFAULTS = {
    "monitored_object": "监测对象",
    "monitoring_range": "监测范围",
}


def label(name: str, region_code: str = "00", on: dt.date | None = None, *, pset: ParameterSet | None = None) -> str:
    on = on or timezone.localdate()
    region_code = region_code or "00"
    pset = pset or ParameterSet.load(region_code, within=False)
    found = pset.get(f"label_{name}", region_code, on)
    if found is None:
        return DEFAULTS.get(name, name)
    return str(found.value)
