"""Reads of the register, scoped to the user's area: nobody without the register (``access.may_view_register``)
sees a row, and nothing outside the user's area exists for them (404). The 民政 clerk's area is the county, so
they read the whole county.

The register of an area is one row per household that holds a layer now: an open membership (低保, 特困,
低保边缘, 刚性支出困难), an open monitoring case (监测对象) or the registry's status (脱贫户)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from shoudi.core.access import get_visible_or_404, in_area, user_area_q
from shoudi.lowincome import codes
from shoudi.lowincome.access import may_view_register
from shoudi.lowincome.models import Membership, Referral
from shoudi.monitoring.models import Case
from shoudi.policy.layers import Layer
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person

FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)
LAYER_FILTERS = tuple(codes.ALL_LAYERS)


def _scoped(user: Any, qs: QuerySet[Any], field: str = "village_id") -> QuerySet[Any]:
    if not may_view_register(user):
        return qs.none()
    return qs.filter(user_area_q(user, field))


def households_visible(user: Any) -> QuerySet[Household]:
    return _scoped(user, Household.objects.all())


def memberships_visible(user: Any) -> QuerySet[Membership]:
    return _scoped(user, Membership.objects.all())


def referrals_visible(user: Any) -> QuerySet[Referral]:
    return _scoped(user, Referral.objects.all())


def access_household_by_id(user: Any, household_id: Any) -> Household:
    return get_visible_or_404(households_visible(user).select_related("village", "village__parent"), household_id)


def access_membership_by_id(user: Any, membership_id: Any) -> Membership:
    return get_visible_or_404(memberships_visible(user).select_related("household"), membership_id)


def access_referral_by_id(user: Any, referral_id: Any) -> Referral:
    qs = referrals_visible(user).select_related("household", "village", "decided_by", "membership", "created_by")
    return get_visible_or_404(qs, referral_id)


# ---- what a household holds -----------------------------------------------------------------------------------


def open_memberships(household: Household) -> list[Membership]:
    return list(Membership.objects.filter(household=household, ended_on__isnull=True).order_by("layer"))


def holds_of(household: Household) -> frozenset[str]:
    """The layers the household holds now (``policy.layers.Layer`` codes, 监测对象 and 脱贫户 included)."""
    held = {m.layer for m in open_memberships(household)}
    if Case.objects.filter(household=household, is_open=True).exists():
        held.add(Layer.MONITORING)
    if household.status in FORMER_POOR:
        held.add(Layer.FORMER_POOR)
    return frozenset(held)


def household_memberships(household: Household) -> list[Membership]:
    """Every membership of the household: open ones first, then by layer and start (newest first)."""
    order = (F("ended_on").asc(nulls_first=True), "layer", "-started_on")
    return list(Membership.objects.filter(household=household).order_by(*order))


def household_referrals(household: Household) -> list[Referral]:
    return list(Referral.objects.filter(household=household).select_related("decided_by").order_by("-referred_on"))


def pending_layers(household: Household) -> frozenset[str]:
    pending = Referral.objects.filter(household=household, status=codes.ReferralStatus.PENDING)
    return frozenset(pending.values_list("layer", flat=True))


# ---- the register of an area ------------------------------------------------------------------------------------


def _open_membership(**extra: Any) -> Exists:
    return Exists(Membership.objects.filter(household=OuterRef("pk"), ended_on__isnull=True, **extra))


def _open_case() -> Exists:
    return Exists(Case.objects.filter(household=OuterRef("pk"), is_open=True))


def _layer_q(layer: str) -> Q:
    if layer in codes.StoredLayer.values:
        return Q(_open_membership(layer=layer))
    if layer == Layer.MONITORING:
        return Q(_open_case())
    if layer == Layer.FORMER_POOR:
        return Q(status__in=FORMER_POOR)
    return Q(pk__in=[])


def _place_q(township: str, village: str) -> Q:
    if village:
        return Q(village_id=village)
    if township:
        return in_area("village_id", township)
    return Q()


def _search_q(q: str) -> Q:
    text = q.strip()
    if not text:
        return Q()
    if len(text) == 18 and text[:17].isdigit():
        return Q(Exists(Person.objects.filter(household=OuterRef("pk"), id_number=text.upper())))
    if text.isdigit():
        return Q(number__startswith=text)
    return Q(Exists(Person.objects.filter(household=OuterRef("pk"), name__startswith=text)))


def register_list(
    user: Any, *, layer: str = "", status: str = "", township: str = "", village: str = "", q: str = ""
) -> QuerySet[Household]:
    """The households of the user's area on the register, filtered. ``status`` (a membership status) lists the
    households with a membership in that status — 已退出 included — of ``layer`` when it is a stored one. A value
    outside the code lists matches nothing."""
    qs = households_visible(user).filter(_place_q(township, village))
    if status:
        if status not in codes.MembershipStatus.values:
            return qs.none()
        extra = {"layer": layer} if layer in codes.StoredLayer.values else {}
        qs = qs.filter(Exists(Membership.objects.filter(household=OuterRef("pk"), status=status, **extra)))
        if layer and layer not in codes.StoredLayer.values:
            qs = qs.filter(_layer_q(layer))
    elif layer:
        qs = qs.filter(_layer_q(layer))
    else:
        qs = qs.filter(Q(_open_membership()) | Q(_open_case()) | Q(status__in=FORMER_POOR))
    return qs.filter(_search_q(q)).select_related("village").order_by("village_id", "number")


def layer_counts(user: Any, *, township: str = "", village: str = "") -> dict[str, int]:
    """Households holding each layer in the user's area (and township or village): every code of
    ``codes.ALL_LAYERS``, plus ``pending`` referrals."""
    place = _place_q(township, village)
    counts: dict[str, int] = {str(code): 0 for code in LAYER_FILTERS}
    rows = (
        memberships_visible(user)
        .filter(place, ended_on__isnull=True)
        .values("layer")
        .annotate(n=Count("household_id", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["layer"]] = row["n"]
    counts[Layer.MONITORING] = _scoped(user, Case.objects.filter(place, is_open=True)).count()
    counts[Layer.FORMER_POOR] = households_visible(user).filter(place, status__in=FORMER_POOR).count()
    counts["pending"] = referrals_visible(user).filter(place, status=codes.ReferralStatus.PENDING).count()
    return counts


def register_rows(households: Iterable[Household]) -> list[dict[str, Any]]:
    """For a page of the register: each household with its head's name and the layers it holds (in the order
    of ``codes.ALL_LAYERS``), and its pending referrals. Four queries whatever the page size."""
    page = list(households)
    ids = [h.pk for h in page]
    held: dict[Any, set[str]] = defaultdict(set)
    for household_id, layer in Membership.objects.filter(household_id__in=ids, ended_on__isnull=True).values_list(
        "household_id", "layer"
    ):
        held[household_id].add(layer)
    for household_id in Case.objects.filter(household_id__in=ids, is_open=True).values_list("household_id", flat=True):
        held[household_id].add(Layer.MONITORING)
    pending: dict[Any, set[str]] = defaultdict(set)
    for household_id, layer in Referral.objects.filter(
        household_id__in=ids, status=codes.ReferralStatus.PENDING
    ).values_list("household_id", "layer"):
        pending[household_id].add(layer)
    heads = dict(
        Person.objects.filter(household_id__in=ids, relationship=rcodes.Relationship.HEAD).values_list(
            "household_id", "name"
        )
    )
    rows = []
    for household in page:
        layers = held[household.pk] | ({Layer.FORMER_POOR} if household.status in FORMER_POOR else set())
        rows.append(
            {
                "household": household,
                "head": heads.get(household.pk, ""),
                "layers": [code for code in LAYER_FILTERS if code in layers],
                "pending": [code for code in codes.STORED_LAYERS if code in pending[household.pk]],
            }
        )
    return rows


# ---- referrals -------------------------------------------------------------------------------------------------


def referral_list(
    user: Any, *, status: str = "", layer: str = "", township: str = "", village: str = ""
) -> QuerySet[Referral]:
    """The referrals of the user's area, pending first (oldest first), then the decided ones (newest first)."""
    qs = referrals_visible(user).filter(_place_q(township, village))
    if status:
        qs = qs.filter(status=status) if status in codes.ReferralStatus.values else qs.none()
    if layer:
        qs = qs.filter(layer=layer) if layer in codes.StoredLayer.values else qs.none()
    pending = Q(status=codes.ReferralStatus.PENDING)
    return qs.select_related("household", "village").order_by(
        DbCase(When(pending, then=Value(0)), default=Value(1)),
        DbCase(When(pending, then=F("referred_on"))).asc(nulls_last=True),
        "-referred_on",
        "household__number",
    )


# ---- the filters' choices ----------------------------------------------------------------------------------------


def townships_for(user: Any) -> QuerySet[Region]:
    if not may_view_register(user):
        return Region.objects.none()
    qs = Region.objects.filter(level=Level.TOWNSHIP)
    area = getattr(user, "area_id", "") or ""
    if len(area) > 9:  # a village's people: their own township, for the label only
        return qs.filter(code=area[:9])
    return qs.filter(user_area_q(user, "code")).order_by("code")


def villages_for(user: Any) -> QuerySet[Region]:
    if not may_view_register(user):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")
