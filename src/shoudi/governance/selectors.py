"""Reads of the 积分制 ledgers, always scoped: everything lies in the user's area (``VIEW_GOVERNANCE``), and yellow
and black records only reach the council of their village (``MANAGE_GOVERNANCE`` there). Township and county get
counts of them, never the records. Anything else — absent, outside the area, a hidden record — is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from shoudi.core.access import VILLAGE, NotVisible, can, get_visible_or_404, in_area, user_area_q
from shoudi.governance import balances, codes
from shoudi.governance.access import MANAGE, VIEW, is_council
from shoudi.governance.models import Entry, HouseholdFile, QuarterlyReview, Rule, RuleBook, ShopItem, VillageBoard
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

LIST_LIMIT = 500


def _can_view(user: Any) -> bool:
    return can(user, VIEW)


def villages_visible(user: Any) -> QuerySet[Region]:
    if not _can_view(user):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE)


def access_village(user: Any, code: Any) -> Region:
    text = str(code or "")
    if len(text) != VILLAGE or not text.isdigit():
        raise NotVisible()
    found = villages_visible(user).select_related("parent").filter(code=text).first()
    if found is None:
        raise NotVisible()
    return found


def access_household(user: Any, household_id: Any) -> Household:
    if not _can_view(user):
        raise NotVisible()
    qs = Household.objects.filter(user_area_q(user, "village_id")).select_related("village")
    return get_visible_or_404(qs, household_id)


def _scoped(user: Any, model: Any, field: str = "village_id") -> QuerySet[Any]:
    if not _can_view(user):
        return model.objects.none()
    return model.objects.filter(user_area_q(user, field))


def access_rulebook(user: Any, rulebook_id: Any) -> RuleBook:
    return get_visible_or_404(_scoped(user, RuleBook).select_related("village"), rulebook_id)


def access_rule(user: Any, rule_id: Any) -> Rule:
    return get_visible_or_404(_scoped(user, Rule, "rulebook__village_id").select_related("rulebook"), rule_id)


def access_review(user: Any, review_id: Any) -> QuarterlyReview:
    return get_visible_or_404(_scoped(user, QuarterlyReview).select_related("village"), review_id)


def access_item(user: Any, item_id: Any) -> ShopItem:
    return get_visible_or_404(_scoped(user, ShopItem), item_id)


def council_q(user: Any) -> Q:
    """Entries the user may read in full: red ones of the area; every kind in the council's own village."""
    area = getattr(user, "area_id", "") or ""
    if can(user, MANAGE) and len(area) == VILLAGE:
        return Q(kind=codes.Kind.RED) | Q(village_id=area)
    return Q(kind=codes.Kind.RED)


def entries_visible(user: Any) -> QuerySet[Entry]:
    return _scoped(user, Entry).filter(council_q(user))


def access_entry(user: Any, entry_id: Any) -> Entry:
    qs = entries_visible(user).select_related("file", "file__household", "rule", "village")
    return get_visible_or_404(qs, entry_id)


def file_entries(user: Any, file: HouseholdFile | None) -> list[Entry]:
    if file is None:
        return []
    qs = entries_visible(user).filter(file=file).select_related("rule", "review", "clear_review", "created_by")
    return list(qs.order_by("-deed_on", "-created_at"))


def hidden_counts(user: Any, *, area: str = "", file: HouseholdFile | None = None) -> dict[str, int]:
    """Counts of confirmed yellow and black records (what a township or county may know; never the records)."""
    qs = _scoped(user, Entry).filter(kind__in=codes.HIDDEN_KINDS, status__in=codes.COUNTING)
    if area:
        qs = qs.filter(in_area("village_id", area))
    if file is not None:
        qs = qs.filter(file=file)
    found = dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {k: found.get(k, 0) for k in codes.HIDDEN_KINDS}


def village_summary(user: Any) -> list[dict[str, Any]]:
    """Per village of the area: files, red records of the year, counts of yellow/black, entries awaiting review."""
    villages = list(villages_visible(user).order_by("code")[:500])
    codes_ = [v.code for v in villages]
    files = dict(
        HouseholdFile.objects.filter(village_id__in=codes_)
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    counts: dict[str, dict[str, int]] = {}
    rows = (
        Entry.objects.filter(village_id__in=codes_)
        .values("village_id", "kind", "status")
        .annotate(n=Count("id"))
        .values_list("village_id", "kind", "status", "n")
    )
    for village, kind, status, n in rows:
        slot = counts.setdefault(village, {})
        key = "pending" if status in (codes.EntryStatus.PROPOSED, codes.EntryStatus.CLEARING) else kind
        if status in codes.COUNTING or key == "pending":
            slot[key] = slot.get(key, 0) + n
    return [{"village": v, "files": files.get(v.code, 0), **counts.get(v.code, {})} for v in villages]


def rulebooks_of(village: Region) -> QuerySet[RuleBook]:
    return RuleBook.objects.filter(village=village).annotate(n_rules=Count("rules")).order_by("-edition")


def current_rulebook(village_code: str) -> RuleBook | None:
    return RuleBook.objects.filter(village_id=village_code, status=codes.RuleBookStatus.ADOPTED).first()


def reviews_of(village: Region) -> QuerySet[QuarterlyReview]:
    return (
        QuarterlyReview.objects.filter(village=village)
        .annotate(n_entries=Count("entries"))
        .order_by("-year", "-quarter")
    )


def awaiting_review(village_code: str) -> int:
    states = (codes.EntryStatus.PROPOSED, codes.EntryStatus.CLEARING)
    return Entry.objects.filter(village_id=village_code, status__in=states).count()


def board_of(village_code: str) -> VillageBoard | None:
    return VillageBoard.objects.filter(village_id=village_code, active=True).first()


def board_by_token(token: Any) -> VillageBoard:
    text = str(token or "")
    if not 20 <= len(text) <= 64:
        raise NotVisible()
    found = VillageBoard.objects.filter(token=text, active=True).select_related("village").first()
    if found is None:
        raise NotVisible()
    return found


def shop_items(village_code: str) -> QuerySet[ShopItem]:
    return ShopItem.objects.filter(village_id=village_code).order_by("-active", "cost", "name")


def can_manage(user: Any, village_code: str) -> bool:
    return is_council(user, village_code)


def households_with_points(village_code: str) -> list[dict[str, Any]]:
    """The village's households (head's name only) with their file and points: four queries."""
    households = list(Household.objects.filter(village_id=village_code).order_by("number")[:LIST_LIMIT])
    files = {f.household_id: f for f in HouseholdFile.objects.filter(village_id=village_code)}
    points = balances.balances(village=village_code)
    names = balances.heads([h.pk for h in households])
    rows = []
    for h in households:
        file = files.get(h.pk)
        rows.append(
            {
                "household": h,
                "head": names.get(h.pk, ""),
                "file": file,
                "points": points.get(file.pk, balances.Balance()) if file else balances.Balance(),
            }
        )
    return rows
