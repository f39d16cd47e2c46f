"""Reads of the cooperation ledgers, always scoped to the reader's area (the pairing's ``area``): a pairing
outside it and a missing one both answer 404."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet

from shoudi.cooperation import codes
from shoudi.cooperation.access import VIEW
from shoudi.cooperation.models import Fund, LabourTransfer, Pairing, PairingProject
from shoudi.core.access import get_visible_or_404, in_area, require, user_area_q
from shoudi.employment.codes import WorkPlace
from shoudi.employment.models import Work
from shoudi.markets.models import Buyer
from shoudi.projects.models import Project
from shoudi.registry.models import Person

M = TypeVar("M", bound=Model)


def pairings_visible(user: Any) -> QuerySet[Pairing]:
    require(user, VIEW)
    return Pairing.objects.filter(user_area_q(user, "area_id")).select_related("area")


def access_pairing_by_id(user: Any, pairing_id: Any) -> Pairing:
    return get_visible_or_404(pairings_visible(user), pairing_id)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def in_year(qs: QuerySet[Pairing], year: int) -> QuerySet[Pairing]:
    """Pairings whose agreement period overlaps ``year``."""
    first, last = year_bounds(year)
    return qs.filter(Q(agreement_to__isnull=True) | Q(agreement_to__gte=first), agreement_from__lte=last)


def pairing_list(user: Any, *, kind: str = "", year: int | None = None, status: str = "") -> QuerySet[Pairing]:
    qs: QuerySet[Pairing] = pairings_visible(user).annotate(
        n_members=Count("members", distinct=True), n_transfers=Count("transfers", distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = in_year(qs, year)
    return qs.order_by("kind", "area_id", "name")


def buyers_for(user: Any) -> QuerySet[Buyer]:
    """The markets ledger's buyers the county keeps (a partner city's units are registered there too)."""
    return Buyer.objects.filter(user_area_q(user, "county_id"), active=True).order_by("name")


def buyers_of(pairing: Pairing) -> QuerySet[Buyer]:
    """The buyers a pairing may be linked to: those of its county's markets ledger."""
    return Buyer.objects.filter(county_id=pairing.area_id[:6], active=True).order_by("name")


def project_in(pairing: Pairing, code: str) -> Project | None:
    """A project of the library in the pairing's area, by its code."""
    return Project.objects.filter(in_area("area_id", pairing.area_id), code=code).first()


def person_in(pairing: Pairing, id_number: str) -> Person | None:
    return (
        Person.objects.filter(in_area("household__village_id", pairing.area_id), id_number=id_number)
        .select_related("household")
        .first()
    )


def transfer_candidates(pairing: Pairing, today: dt.date) -> QuerySet[Work]:
    """东西部协作: work spells at the partner city (``WorkPlace.PARTNER_CITY``) of the pairing's area, started in
    its agreement period, not yet counted by any pairing."""
    end = min(pairing.agreement_to or today, today)
    return (
        Work.objects.filter(
            in_area("village_id", pairing.area_id),
            place=WorkPlace.PARTNER_CITY,
            started_on__gte=pairing.agreement_from,
            started_on__lte=end,
        )
        .exclude(pk__in=LabourTransfer.objects.filter(work__isnull=False).values("work_id"))
        .select_related("person", "village")
        .order_by("started_on", "pk")
    )


def row_of(pairing: Pairing, model: type[M], row_id: Any) -> M:
    """A member, fund, project link, transfer, exchange or meeting of ``pairing``: a row of another pairing (or
    area), a missing one and a malformed id all answer 404."""
    qs = model._default_manager.filter(pairing=pairing)
    if model in (Fund, PairingProject):
        qs = qs.select_related("project")
    elif model is LabourTransfer:
        qs = qs.select_related("person", "village")
    return get_visible_or_404(qs, row_id)


def buyer_of(pairing: Pairing, buyer_id: Any) -> Buyer:
    """One of the buyers linked to ``pairing`` (any other is 404)."""
    return get_visible_or_404(pairing.buyers.all(), buyer_id)


def detail_rows(pairing: Pairing) -> dict[str, Any]:
    """Everything listed on a pairing's page, each one query."""
    return {
        "members": list(pairing.members.all()),
        "funds": list(pairing.funds.select_related("project")),
        "projects": list(pairing.projects.select_related("project", "project__area")),
        "transfers": list(pairing.transfers.select_related("person", "village")),
        "exchanges": list(pairing.exchanges.all()),
        "meetings": list(pairing.meetings.all()),
        "buyers": list(pairing.buyers.order_by("name")),
        "targets": list(pairing.targets.all()),
    }


KIND_LABELS = dict(codes.PairingKind.choices)
