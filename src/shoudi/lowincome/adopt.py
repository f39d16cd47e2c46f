"""Adopting the registry's 低保 / 特困 flags into the register, once, when a county starts using it.

Before the register existed, the base database carried 低保 and 特困 only as flags on persons (from the household
import and the 民政 feed). A household flagged so and holding no open membership of that layer gets one: source
``registry`` (基础数据库原有标记, shown on the register), started on the day of adoption (the real date is not
known: the 民政 clerk corrects it by ending the layer and recording it with its date), deciding body 县民政局. Without this, the
classification would refer every such household to 民政 as a new 低保 candidate.

Idempotent: a household that already holds the layer is skipped. Trusted caller (a command, the demo)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef

from shoudi.core.access import in_area
from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership
from shoudi.lowincome.services import membership_open
from shoudi.registry.models import Household, Person

FLAGS = {codes.StoredLayer.DIBAO: "dibao", codes.StoredLayer.TEKUN: "tekun"}
NOTE = "由基础数据库原有标记转入"  # on a pending referral of the layer this decides


def adopt_registry_flags(area: str, *, on: dt.date) -> dict[str, int]:
    """Open a membership for each flagged household of ``area`` that lacks one; the count per layer."""
    counts: dict[str, int] = {}
    for layer, flag in FLAGS.items():
        flagged = Exists(Person.objects.filter(household=OuterRef("pk"), **{flag: True}))
        held = Exists(Membership.objects.filter(household=OuterRef("pk"), layer=layer, ended_on__isnull=True))
        households = Household.objects.filter(in_area("village_id", area)).filter(flagged).exclude(held)
        made = 0
        for household in households.order_by("number").iterator(chunk_size=500):
            membership_open(
                by=None,
                household=household,
                layer=layer,
                started_on=on,
                deciding_body="县民政局",
                source=codes.Source.REGISTRY,
                note=NOTE,
            )
            made += 1
        counts[str(layer)] = made
    return counts
