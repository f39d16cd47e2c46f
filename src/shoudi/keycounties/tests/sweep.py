"""Objects of village A's county for the area sweep: the county as a key county, and one support measure."""

from __future__ import annotations

from shoudi.keycounties.models import KeyCounty, SupportMeasure
from shoudi.keycounties.testing import key_county
from shoudi.keycounties.testing import measure as make_measure


def sweep_key_county() -> KeyCounty:
    return key_county()


def sweep_measure() -> SupportMeasure:
    found = SupportMeasure.objects.filter(key_county=sweep_key_county()).first()
    return found or make_measure(sweep_key_county())
