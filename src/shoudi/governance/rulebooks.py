"""Writes of the village rules (积分制细则): a draft version (copying the rules in force), its rules added and
edited while it is a draft, and its adoption at a 村民代表大会 (seed 004「由村民代表大会讨论和投票通过」), which
supersedes the version in force. Entries keep the rule they were made under.

The meeting's quorum and majority follow 《村民委员会组织法》第二十六条 (三分之二以上组成人员参加, 到会人员过半数
同意). Only the council of the village (``MANAGE_GOVERNANCE`` there) writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_delete, audited_update
from shoudi.core.inputs import clean_text
from shoudi.governance import codes
from shoudi.governance.access import require_council
from shoudi.governance.models import MAX_POINTS, Rule, RuleBook
from shoudi.regions.models import Level, Region

MAX_TITLE, MAX_ITEM, MAX_CLEARING, MAX_RESOLUTION = 100, 200, 200, 50
MAX_REPRESENTATIVES = 10000
RULE_FIELDS = ["kind", "item", "points", "clearing", "active"]
BOOK_FIELDS = ["title", "status", "adopted_on", "resolution_no", "present", "total", "votes_for", "superseded_on"]


def _village(code: str) -> Region:
    region = Region.objects.filter(code=code, level=Level.VILLAGE).first() if code and code.isdigit() else None
    if region is None:
        raise ValidationError({"village": "请选择村"})
    return region


def rulebook_draft(*, by: Any, village_code: str, title: str) -> RuleBook:
    """A new draft version of the village's rules, starting from the rules in force (if any)."""
    require_council(by, village_code)
    village = _village(village_code)
    name = clean_text(title, field="title", label="细则名称", max_length=MAX_TITLE, required=True)
    with transaction.atomic():
        books = RuleBook.objects.select_for_update().filter(village=village)
        if books.filter(status=codes.RuleBookStatus.DRAFT).exists():
            raise ValidationError({"title": "本村已有一份细则草案，请先修改并提交村民代表大会表决"})
        last = books.order_by("-edition").first()
        book = RuleBook(village=village, edition=(last.edition + 1) if last else 1, title=name)
        book.status = codes.RuleBookStatus.DRAFT
        try:
            book = audited_create(book, by=by, fields=BOOK_FIELDS, area_code=village.code, reason="起草积分制细则")
        except IntegrityError:
            raise ValidationError({"title": "刚刚已有人起草了新版本，请刷新后查看"}) from None
        current = books.filter(status=codes.RuleBookStatus.ADOPTED).first()
        if current is not None:
            Rule.objects.bulk_create(
                Rule(rulebook=book, kind=r.kind, item=r.item, points=r.points, clearing=r.clearing, created_by=by)
                for r in current.rules.filter(active=True).order_by("kind", "created_at")
            )
    return book


def _rule_values(kind: str, item: str, points: int | None, clearing: str) -> dict[str, Any]:
    if kind not in codes.Kind.values:
        raise ValidationError({"kind": "请从列表中选择榜别"})
    text = clean_text(item, field="item", label="事项", max_length=MAX_ITEM, required=True)
    if points is None or not -MAX_POINTS <= points <= MAX_POINTS or points == 0:
        raise ValidationError({"points": f"积分应为 1–{MAX_POINTS} 之间的整数（红榜加分，黄榜、黑榜扣分）"})
    if kind == codes.Kind.RED and points < 0:
        raise ValidationError({"points": "红榜事项加分，积分应为正数"})
    if kind != codes.Kind.RED and points > 0:
        raise ValidationError({"points": "黄榜、黑榜事项扣分，积分应为负数"})
    condition = clean_text(clearing, field="clearing", label="消除条件", max_length=MAX_CLEARING)
    if kind == codes.Kind.YELLOW and not condition:
        raise ValidationError({"clearing": "黄榜事项须写明消除条件（黄榜可以靠改正行为来消除）"})
    if kind != codes.Kind.YELLOW and condition:
        raise ValidationError({"clearing": "只有黄榜事项可以消除，请清空消除条件"})
    return {"kind": kind, "item": text, "points": points, "clearing": condition}


def _draft(by: Any, book: RuleBook) -> None:
    require_council(by, book.village_id)
    if book.status != codes.RuleBookStatus.DRAFT:
        raise ValidationError("细则已经村民代表大会通过，不能再修改；请起草新版本")


def rule_add(*, by: Any, rulebook: RuleBook, kind: str, item: str, points: int | None, clearing: str = "") -> Rule:
    _draft(by, rulebook)
    rule = Rule(rulebook=rulebook, **_rule_values(kind, item, points, clearing))
    return audited_create(rule, by=by, fields=RULE_FIELDS, area_code=rulebook.village_id, reason="细则草案增加事项")


def rule_update(
    *, by: Any, rule: Rule, kind: str, item: str, points: int | None, clearing: str = "", active: bool = True
) -> Rule:
    _draft(by, rule.rulebook)
    changes = {**_rule_values(kind, item, points, clearing), "active": active}
    rule, _ = audited_update(rule, by=by, changes=changes, fields=RULE_FIELDS, area_code=rule.rulebook.village_id)
    return rule


def rule_delete(*, by: Any, rule: Rule) -> None:
    _draft(by, rule.rulebook)
    audited_delete(rule, by=by, fields=RULE_FIELDS, area_code=rule.rulebook.village_id, reason="细则草案删除事项")


def _meeting(adopted_on: dt.date | None, present: int | None, total: int | None, votes_for: int | None) -> None:
    if adopted_on is None:
        raise ValidationError({"adopted_on": "请填写村民代表大会通过日期"})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "通过日期不能晚于今天"})
    if total is None or not 1 <= total <= MAX_REPRESENTATIVES:
        raise ValidationError({"total": "请填写应到代表人数（1 人以上）"})
    if present is None or not 0 <= present <= total:
        raise ValidationError({"present": f"到会代表人数应在 0–{total} 之间"})
    if present * 3 < total * 2:
        raise ValidationError({"present": "到会代表不足三分之二，会议不能表决（《村民委员会组织法》第二十六条）"})
    if votes_for is None or not 0 <= votes_for <= present:
        raise ValidationError({"votes_for": f"赞成票应在 0–{present} 之间"})
    if votes_for * 2 <= present:
        raise ValidationError({"votes_for": "赞成票未过到会代表半数，细则未获通过"})


def rulebook_adopt(
    *,
    by: Any,
    rulebook: RuleBook,
    adopted_on: dt.date | None,
    resolution_no: str,
    present: int | None,
    total: int | None,
    votes_for: int | None,
    minutes: Any = None,
) -> RuleBook:
    """The draft becomes the rules in force; the previous version is superseded on the same date."""
    from shoudi.monitoring.uploads import validate_upload

    _draft(by, rulebook)
    resolution = clean_text(resolution_no, field="resolution_no", label="决议文号", max_length=MAX_RESOLUTION)
    _meeting(adopted_on, present, total, votes_for)
    content_type = validate_upload(minutes, field="minutes") if minutes else ""
    with transaction.atomic():
        book = RuleBook.objects.select_for_update().get(pk=rulebook.pk)
        if book.status != codes.RuleBookStatus.DRAFT:
            raise ValidationError("细则已经通过，请刷新后查看")
        if not book.rules.filter(active=True).exists():
            raise ValidationError("细则草案还没有任何事项，请先增加红榜、黄榜、黑榜事项")
        current = RuleBook.objects.select_for_update().filter(village_id=book.village_id, status="adopted").first()
        if current is not None:
            if current.adopted_on and adopted_on and adopted_on < current.adopted_on:
                raise ValidationError({"adopted_on": f"通过日期不能早于现行细则的通过日期（{current.adopted_on}）"})
            audited_update(
                current,
                by=by,
                changes={"status": codes.RuleBookStatus.SUPERSEDED, "superseded_on": adopted_on},
                fields=BOOK_FIELDS,
                lock=False,
                area_code=book.village_id,
                reason=f"被第{book.edition}版细则取代",
            )
        if minutes:
            book.minutes.save(str(getattr(minutes, "name", "minutes")), minutes, save=False)
        changes = {
            "status": codes.RuleBookStatus.ADOPTED,
            "adopted_on": adopted_on,
            "resolution_no": resolution,
            "present": present,
            "total": total,
            "votes_for": votes_for,
            "minutes_type": content_type,
        }
        if minutes:
            changes["minutes"] = book.minutes
        book, _ = audited_update(
            book,
            by=by,
            changes=changes,
            fields=BOOK_FIELDS,
            lock=False,
            area_code=book.village_id,
            reason="村民代表大会表决通过",
        )
    return book
