"""Writes of 公益性岗位 (public-welfare posts): 按需设岗、以岗聘任、在岗领补（``post_pay``）、有序退岗.

| step | service | what it does |
| --- | --- | --- |
| 按需设岗 | ``post_create`` / ``post_update`` | a post of a village or township of the user's area, with its 设岗依据; a 资产管护 post names a 公益性资产 of that area from the asset ledger; an edit carries the version the user saw |
| 以岗聘任 | ``post_hire`` | a working-age person able to work, of the post's area, on no other post: the holding (with the priority group and relocation at hiring), a work spell (``work.work_start``, trusted), the 公益岗位帮扶 measure of a monitored household (``measures.link``); the post 在岗 |
| 有序退岗 | ``holding_exit`` | a reason and a date not before the start nor the last month paid: ends the work spell and the measure, the post back to 待聘 |
| 撤岗 | ``post_abolish`` | a vacant post, or a filled one whose holder exits with reason 岗位撤销 |

The caller's right (``MANAGE_POSTS`` in the post's area, 人社 for a department clerk) is checked here; every
write is one transaction with its audit entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.assets.codes import AssetClass
from shoudi.assets.models import Asset
from shoudi.core.access import TOWNSHIP, VILLAGE, code_in_user_area, in_area
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.employment import codes, measures, post_candidates, work
from shoudi.employment.access import MANAGE_POSTS, require_may
from shoudi.employment.models import PostHolding, PostPay, WelfarePost, Work
from shoudi.regions.models import Region
from shoudi.registry.models import Person

MAX_TITLE, MAX_DUTY, MAX_NEED, MAX_NOTE, MAX_AGREEMENT = 100, 300, 300, 200, 50
MAX_SUBSIDY = Decimal("100000")  # a month's subsidy above 100,000 元 is a typo
MAX_TERM = 120
POST_FIELDS = ["village", "kind", "title", "duty", "need", "monthly_subsidy", "funding", "created_on", "term_months"]
POST_FIELDS += ["asset", "status", "abolished_on"]
HOLDING_FIELDS = ["post", "person", "priority", "relocated", "started_on", "ended_on", "exit_reason", "exit_note"]
HOLDING_FIELDS += ["agreement_no"]
EMPLOYER_PREFIX = "公益性岗位："


@dataclass(frozen=True)
class PostInput:
    kind: str
    title: str
    need: str
    monthly_subsidy: Decimal
    funding: str
    created_on: dt.date
    term_months: int = 12
    duty: str = ""
    asset_id: Any = None


def _today() -> dt.date:
    return timezone.localdate()


def _area(by: Any, code: str) -> Region:
    """The village or township a post is set in: of the user's area."""
    if not code or len(code) not in (VILLAGE, TOWNSHIP) or not code.isdigit():
        raise ValidationError({"village": "请选择设岗的村或乡镇"})
    region = Region.objects.filter(code=code).first()
    if region is None or not code_in_user_area(by, code):
        raise ValidationError({"village": f"设岗村（乡镇）“{code}”不在您的辖区内"})
    return region


def _asset(area_code: str, kind: str, asset_id: Any) -> Asset | None:
    if kind != codes.PostKind.ASSET_CARE:
        if asset_id:
            raise ValidationError({"asset": "只有“资产管护”岗位关联管护资产，请清空"})
        return None
    if not asset_id:
        raise ValidationError({"asset": "资产管护岗位须从资产台账中选择所管护的公益性资产"})
    try:
        found = Asset.objects.filter(pk=asset_id, asset_class=AssetClass.PUBLIC).filter(
            in_area("village_id", area_code)
        )
        asset = found.first()
    except (ValidationError, ValueError, TypeError):
        asset = None
    if asset is None:
        raise ValidationError({"asset": "所选资产不是本村（乡镇）资产台账中的公益性资产"})
    if not asset.is_active:
        raise ValidationError({"asset": f"资产“{asset.name}”已{asset.get_status_display()}，不能再设管护岗位"})
    return asset


def _values(entry: PostInput, area_code: str) -> dict[str, Any]:
    if entry.kind not in codes.PostKind.values:
        raise ValidationError({"kind": f"岗位类型“{entry.kind}”不在代码表中，请从列表中选择"})
    if entry.funding not in codes.PostFunding.values:
        raise ValidationError({"funding": f"资金来源“{entry.funding}”不在代码表中，请从列表中选择"})
    subsidy = entry.monthly_subsidy
    if subsidy is None or not subsidy.is_finite() or subsidy <= 0:
        raise ValidationError({"monthly_subsidy": "月岗位补贴须大于0（在岗领补）"})
    if subsidy > MAX_SUBSIDY or subsidy != subsidy.quantize(Decimal("0.01")):
        raise ValidationError({"monthly_subsidy": "月岗位补贴超出合理范围或超过两位小数，请核对"})
    if not 1 <= entry.term_months <= MAX_TERM:
        raise ValidationError({"term_months": f"聘期应为1–{MAX_TERM}个月"})
    if entry.created_on > _today():
        raise ValidationError({"created_on": f"设岗日期（{entry.created_on}）不能晚于今天"})
    return {
        "kind": entry.kind,
        "title": clean_text(entry.title, field="title", label="岗位名称", max_length=MAX_TITLE, required=True),
        "duty": clean_text(entry.duty, field="duty", label="岗位职责", max_length=MAX_DUTY),
        "need": clean_text(entry.need, field="need", label="设岗依据", max_length=MAX_NEED, required=True),
        "monthly_subsidy": subsidy.quantize(Decimal("0.01")),
        "funding": entry.funding,
        "created_on": entry.created_on,
        "term_months": entry.term_months,
        "asset": _asset(area_code, entry.kind, entry.asset_id),
    }


def post_create(*, by: Any, area_code: str, entry: PostInput) -> WelfarePost:
    """按需设岗: a vacant post of ``area_code`` (a village or township of the user's area)."""
    require_may(by, MANAGE_POSTS)
    region = _area(by, area_code)
    post = WelfarePost(village=region, status=codes.PostStatus.VACANT, **_values(entry, region.code))
    return audited_create(post, by=by, fields=POST_FIELDS, area_code=region.code, reason="按需设岗")


def post_update(*, by: Any, post: WelfarePost, entry: PostInput, version: int) -> WelfarePost:
    """Edit a post as the user saw it at ``version`` (someone else's change in between: ``ConflictError``)."""
    require_may(by, MANAGE_POSTS, post.village_id)
    if post.status == codes.PostStatus.ABOLISHED:
        raise ValidationError(f"该岗位已于 {post.abolished_on} 撤销，不能再修改")
    changes = _values(entry, post.village_id)
    if changes["created_on"] > post.created_on and post.holdings.filter(started_on__lt=changes["created_on"]).exists():
        raise ValidationError({"created_on": "已有人员在该日期之前上岗，设岗日期不能晚于首次上岗日期"})
    post, _ = audited_update(
        post,
        by=by,
        changes=changes,
        fields=POST_FIELDS,
        expected_version=version,
        area_code=post.village_id,
        conflict_message="该岗位已被他人修改，请刷新后重新填写",
    )
    return post


def _check_person(post: WelfarePost, person: Person, on: dt.date) -> None:
    if not person.household.village_id.startswith(post.village_id):
        raise ValidationError({"person": f"{person.name}不是{post.village.name}的群众，不能聘用到该岗位"})
    reason = post_candidates.not_eligible(person, on)
    if reason:
        raise ValidationError({"person": f"{person.name}{reason}，不能聘用"})
    held = PostHolding.objects.filter(person=person, ended_on__isnull=True).select_related("post").first()
    if held is not None:
        raise ValidationError({"person": f"{person.name}已在公益性岗位“{held.post.title}”在岗，一人只能聘用一个岗位"})


def post_hire(
    *, by: Any, post: WelfarePost, person: Person, started_on: dt.date, agreement_no: str = ""
) -> PostHolding:
    """以岗聘任: ``person`` takes the vacant ``post`` from ``started_on`` (see the module's table)."""
    require_may(by, MANAGE_POSTS, post.village_id)
    if started_on > _today() + dt.timedelta(days=31):
        raise ValidationError({"started_on": "上岗日期不能晚于一个月之后"})
    agreement = clean_text(agreement_no, field="agreement_no", label="聘用协议编号", max_length=MAX_AGREEMENT)
    try:
        with transaction.atomic():
            current = WelfarePost.objects.select_for_update().select_related("village").get(pk=post.pk)
            if current.status != codes.PostStatus.VACANT:
                raise ValidationError(f"该岗位{current.get_status_display()}，不能再聘用")
            if started_on < current.created_on:
                raise ValidationError({"started_on": f"上岗日期不能早于设岗日期（{current.created_on}）"})
            person = Person.objects.select_related("household").get(pk=person.pk)
            _check_person(current, person, started_on)
            holding = PostHolding(
                post=current,
                person=person,
                village_id=person.household.village_id,
                priority=post_candidates.group_of(person, started_on),
                relocated=bool(person.household.relocated),
                started_on=started_on,
                agreement_no=agreement,
            )
            holding = audited_create(
                holding,
                by=by,
                fields=HOLDING_FIELDS,
                household_id=person.household_id,
                area_code=current.village_id,
                reason="以岗聘任",
            )
            holding.work = _start_work(by, current, person, holding)
            holding.save(update_fields=["work"])
            measures.link(
                by=by,
                person=person,
                kind=measures.WELFARE_POST,
                start=started_on,
                content=f"公益岗位帮扶：{current.title}（{current.get_kind_display()}），月补贴{current.monthly_subsidy}元",
                amount=current.monthly_subsidy,
            )
            _set_status(by, current, codes.PostStatus.FILLED)
    except IntegrityError:  # another hire of the post or the person won the race (post_one_holder / person_one_post)
        raise ValidationError({"person": "该岗位或该人员刚刚已被聘用，请刷新后查看"}) from None
    return holding


def _start_work(by: Any, post: WelfarePost, person: Person, holding: PostHolding) -> Work:
    entry = work.WorkInput(
        place=codes.WorkPlace.IN_COUNTY,
        started_on=holding.started_on,
        employer_name=f"{EMPLOYER_PREFIX}{post.title}"[:200],
        job=post.get_kind_display(),
        place_detail=post.village.name,
        monthly_pay=post.monthly_subsidy,
        source=codes.WorkSource.POST,
        source_ref=str(holding.pk),
    )
    try:
        return work.work_start(by=by, person=person, entry=entry, trusted=True, link_measure=False)
    except ValidationError as exc:  # the person's current work started on or after the hiring date
        if hasattr(exc, "error_dict") and "started_on" in exc.message_dict:
            raise ValidationError({"started_on": exc.message_dict["started_on"]}) from None
        raise


def _set_status(by: Any, post: WelfarePost, status: str, **more: Any) -> WelfarePost:
    post, _ = audited_update(
        post, by=by, changes={"status": status, **more}, fields=POST_FIELDS, lock=False, area_code=post.village_id
    )
    return post


def last_paid_month(holding: PostHolding) -> dt.date | None:
    return PostPay.objects.filter(holding=holding).order_by("-month").values_list("month", flat=True).first()


def _exit_date(holding: PostHolding, ended_on: dt.date | None) -> dt.date:
    if ended_on is None:
        raise ValidationError({"ended_on": "请填写退岗日期"})
    if ended_on < holding.started_on:
        raise ValidationError({"ended_on": f"退岗日期不能早于上岗日期（{holding.started_on}）"})
    if ended_on > _today() + dt.timedelta(days=31):
        raise ValidationError({"ended_on": "退岗日期不能晚于一个月之后"})
    paid = last_paid_month(holding)
    if paid is not None and ended_on < paid:
        raise ValidationError({"ended_on": f"{paid:%Y年%m月}已发放岗位补贴，退岗日期不能早于该月"})
    return ended_on


def holding_exit(
    *, by: Any, holding: PostHolding, ended_on: dt.date | None, reason: str, note: str = "", abolish: bool = False
) -> PostHolding:
    """有序退岗: the holder leaves with ``reason`` (``codes.ExitReason``); the post is 待聘 again (撤销 when
    ``abolish``)."""
    require_may(by, MANAGE_POSTS, holding.post.village_id)
    if reason not in codes.ExitReason.values:
        raise ValidationError({"exit_reason": "请从列表中选择退岗原因"})
    text = clean_text(note, field="exit_note", label="退岗说明", max_length=MAX_NOTE, required=reason == "other")
    with transaction.atomic():
        current = PostHolding.objects.select_for_update().select_related("post", "person").get(pk=holding.pk)
        if current.ended_on is not None:
            raise ValidationError(f"{current.person.name}已于 {current.ended_on} 退岗")
        day = _exit_date(current, ended_on)
        label = codes.ExitReason(reason).label
        current, _ = audited_update(
            current,
            by=by,
            changes={"ended_on": day, "exit_reason": reason, "exit_note": text},
            fields=HOLDING_FIELDS,
            lock=False,
            household_id=current.person.household_id,
            area_code=current.post.village_id,
            reason=f"有序退岗：{label}",
        )
        spell = Work.objects.filter(pk=current.work_id, ended_on__isnull=True).first() if current.work_id else None
        if spell is not None:
            work.work_end(
                by=by, work=spell, ended_on=max(day, spell.started_on), reason=f"公益性岗位退岗：{label}", trusted=True
            )
        _end_measure(by, current, day)
        post = WelfarePost.objects.select_for_update().get(pk=current.post_id)
        if abolish:
            _set_status(by, post, codes.PostStatus.ABOLISHED, abolished_on=day)
        else:
            _set_status(by, post, codes.PostStatus.VACANT)
    return current


def _end_measure(by: Any, holding: PostHolding, day: dt.date) -> None:
    """The 公益岗位帮扶 measure of the holding ends with it (so the coverage and quality checks stop counting it)."""
    measures.end_link(
        by=by,
        person=holding.person,
        kind=measures.WELFARE_POST,
        start=holding.started_on,
        end=day,
        reason="公益性岗位退岗",
    )


def post_abolish(*, by: Any, post: WelfarePost, abolished_on: dt.date | None, note: str = "") -> WelfarePost:
    """撤岗: a vacant post is abolished; a filled one first exits its holder with reason 岗位撤销."""
    require_may(by, MANAGE_POSTS, post.village_id)
    if abolished_on is None:
        raise ValidationError({"abolished_on": "请填写撤岗日期"})
    if abolished_on > _today():
        raise ValidationError({"abolished_on": "撤岗日期不能晚于今天"})
    if abolished_on < post.created_on:
        raise ValidationError({"abolished_on": f"撤岗日期不能早于设岗日期（{post.created_on}）"})
    text = clean_text(note, field="note", label="撤岗说明", max_length=MAX_NOTE)
    with transaction.atomic():
        current = WelfarePost.objects.select_for_update().get(pk=post.pk)
        if current.status == codes.PostStatus.ABOLISHED:
            raise ValidationError(f"该岗位已于 {current.abolished_on} 撤销")
        holding = current.holdings.filter(ended_on__isnull=True).first()
        if holding is not None:
            try:
                holding_exit(
                    by=by,
                    holding=holding,
                    ended_on=abolished_on,
                    reason=codes.ExitReason.POST_ABOLISHED,
                    note=text,
                    abolish=True,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "ended_on" in exc.message_dict:
                    raise ValidationError({"abolished_on": exc.message_dict["ended_on"]}) from None
                raise
            return WelfarePost.objects.get(pk=current.pk)
        last = current.holdings.order_by("-ended_on").values_list("ended_on", flat=True).first()
        if last is not None and abolished_on < last:
            raise ValidationError({"abolished_on": f"撤岗日期不能早于最后一次退岗日期（{last}）"})
        return _set_status(by, current, codes.PostStatus.ABOLISHED, abolished_on=abolished_on)
