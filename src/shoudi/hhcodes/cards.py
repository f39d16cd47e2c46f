"""The printed side of 一户一码: the URL a code opens, its QR code (segno: SVG for the A4 sheet, PNG for one
household) and the cards of a village — the code, the village and group, the head's masked name, the
帮扶责任人 and the village monitoring contact with their phones, and the 12317 hotline."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.hhcodes import presenters
from shoudi.hhcodes.codes import HOTLINE
from shoudi.hhcodes.models import HouseholdCode
from shoudi.hhcodes.reports import check_days
from shoudi.hhcodes.selectors import heads
from shoudi.monitoring.presenters import short_name
from shoudi.pairing.models import Pairing
from shoudi.regions.models import Region

PER_PAGE = 8  # cards on one A4 page (2 × 4)


def public_url(request: HttpRequest | None, token: str) -> str:
    """The absolute URL of the code's public page: ``PUBLIC_BASE_URL`` (env ``SHOUDI_PUBLIC_BASE_URL``) when
    the deployment sets one — the address households reach from their phones — else the request's own host."""
    path = reverse("hhcodes_public:report", args=[token])
    base = str(getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    if request is None:
        return path
    return request.build_absolute_uri(path)


def qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> SafeString:
    """An inline <svg> scaled by CSS (a viewBox, no size, no style attribute); segno escapes nothing we pass
    but the URL, which is ours."""
    svg = qr(url).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass="qr-line", dark="#000", light="#fff"
    )
    return mark_safe(svg)  # noqa: S308 — segno's own markup of our own URL


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    qr(url).save(out, kind="png", scale=10, border=4)
    return out.getvalue()


@dataclass(frozen=True)
class Person:
    name: str
    phone: str


@dataclass(frozen=True)
class Card:
    household_id: Any
    place: str
    head: str
    helpers: list[Person]
    svg: SafeString
    url: str


def village_contacts(village_code: str) -> list[Person]:
    """The village's monitoring contacts (active accounts of the village), at most two."""
    users = User.objects.filter(role=Role.VILLAGE_CONTACT, area_id=village_code, is_active=True).order_by("username")
    return [Person(presenters.person_name(u.display_name), u.phone) for u in users[:2]]


def helpers_of(household_ids: list[Any]) -> dict[Any, list[Person]]:
    """household id → its current 帮扶责任人 (the cadre's account name and phone), newest pairing first."""
    found: dict[Any, list[Person]] = {}
    rows = (
        Pairing.objects.filter(household_id__in=household_ids, until__isnull=True)
        .select_related("cadre")
        .order_by("-since")
    )
    for p in rows:
        found.setdefault(p.household_id, []).append(Person(presenters.person_name(p.cadre.display_name), p.cadre.phone))
    return found


def village_cards(request: HttpRequest | None, village: Region) -> list[Card]:
    """A card for every household of the village with an active code, by household number (four queries)."""
    codes = list(
        HouseholdCode.objects.filter(household__village_id=village.code, revoked_at__isnull=True)
        .select_related("household")
        .order_by("household__number")
    )
    ids = [c.household_id for c in codes]
    names = heads(ids)
    helpers = helpers_of(ids)
    cards = []
    for code in codes:
        url = public_url(request, code.token)
        cards.append(
            Card(
                household_id=code.household_id,
                place=presenters.place_of(village.name, code.household.address),
                head=presenters.masked_name(names.get(code.household_id, "")),
                helpers=helpers.get(code.household_id, [])[:2],
                svg=qr_svg(url),
                url=url,
            )
        )
    return cards


def pages(cards: list[Card]) -> list[list[Card]]:
    return [cards[i : i + PER_PAGE] for i in range(0, len(cards), PER_PAGE)]


def sheet_context(request: HttpRequest | None, village: Region) -> dict[str, Any]:
    cards = village_cards(request, village)
    today = timezone.localdate()
    township = village.parent.name if village.parent_id and village.parent else ""
    return {
        "village": village,
        "short": short_name(village.name),
        "township": township,
        "pages": pages(cards),
        "count": len(cards),
        "contacts": village_contacts(village.code),
        "hotline": HOTLINE,
        "days": check_days(village.code, today),
        "today": today,
    }
