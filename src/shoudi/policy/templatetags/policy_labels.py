"""``{% load policy_labels %}{% policy_label "monitored_object" region_code date %}`` in any template."""

from __future__ import annotations

import datetime as dt

from django import template

from shoudi.policy.labels import label

register = template.Library()


@register.simple_tag
def policy_label(name: str, region_code: str = "00", on: dt.date | None = None) -> str:
    return label(name, region_code or "00", on)
