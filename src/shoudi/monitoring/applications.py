"""Online applications (网上申报): the public submission, the status an applicant may read with the receipt, and
the township's queue of unregistered applicants (register and accept, or refuse with a reason).

Writes check the actor, run in one transaction and leave an audit entry; reads take the user and return only
the applications of their area that they may handle — outside it, or not existing, is a 404."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from shoudi.core import receipts
from shoudi.core.access import Capability, can, get_visible_or_404, in_area, require, user_area_q
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.masking import mask_numbers
from shoudi.core.reveal import revealed
from shoudi.monitoring import codes, leads, policy_bridge
from shoudi.monitoring.models_apply import Application, ApplicationStatus
from shoudi.regions.models import Level, Region
from shoudi.registry.idnumber import IdNumberError, mask, mask_phone, parse
from shoudi.registry.models import Household, Person
from shoudi.registry.selectors import deployment_counties

AS = ApplicationStatus
ID_MASK = {"申请人身份证号": mask, "联系电话": mask_phone}


def accept_due(village_code: str, submitted: dt.date) -> dt.date:
    """The township accepts an online application within ``accept_days`` (national-practice.md §4)."""
    return submitted + dt.timedelta(days=policy_bridge.int_param("accept_days", village_code, submitted))


# ---- the public side ---------------------------------------------------------------------------------------


VILLAGES_CACHE = ("apply:villages", 600)  # key, seconds: the public form is read far more often than it changes


def deployment_villages() -> list[tuple[str, list[tuple[str, str]]]]:
    """The villages an applicant may name, grouped by township (选乡镇 → 选村): every village of the counties whose
    households are in the registry (the deployment), whether or not the village has households yet."""
    cached = cache.get(VILLAGES_CACHE[0])
    if cached is not None:
        return cast(list[tuple[str, list[tuple[str, str]]]], cached)
    counties = deployment_counties()
    where = Q(pk__in=[])
    for county in counties:
        where |= in_area("code", county)
    villages = Region.objects.filter(where, level=Level.VILLAGE).select_related("parent__parent").order_by("code")
    groups: dict[str, list[tuple[str, str]]] = {}
    for village in villages:
        township = village.parent
        label = township.name if township else "其他"
        if len(counties) > 1 and township is not None and township.parent is not None:
            label = f"{township.parent.name} · {township.name}"
        groups.setdefault(label, []).append((village.code, _short(village.name)))
    result = list(groups.items())
    cache.set(VILLAGES_CACHE[0], result, VILLAGES_CACHE[1])
    return result


def _short(name: str) -> str:
    for suffix in ("村民委员会", "居民委员会", "村委会", "居委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def application_submit(
    *,
    name: str,
    id_number: str,
    phone: str,
    village: str,
    description: str,
    risk_hint: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """A household's own online application (农户自主申报·网上申报), from the public page: no account.

    Always kept, with a receipt number. An applicant found by ID number AND name among the registered members
    becomes an online lead of their household (waiting for the township to accept it, ``leads.lead_accept``);
    anyone else waits in the queue of the township of ``village`` (the village they named). The caller must
    answer the same either way, so the page cannot be used to learn who is in the registry."""
    name, description, phone = name.strip(), description.strip(), phone.strip()
    if not name:
        raise ValidationError({"name": "请填写申请人姓名"})
    if not description:
        raise ValidationError({"description": "请填写家庭遇到的困难"})
    if risk_hint and risk_hint not in codes.RiskType.values:
        raise ValidationError({"risk_hint": f"困难类型“{risk_hint}”不在代码表中"})
    try:
        number = parse(id_number).number
    except IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    named = Region.objects.filter(code=village, level=Level.VILLAGE).first()
    if named is None:
        raise ValidationError({"village": "请从列表中选择您家所在的村"})
    now = now or timezone.now()
    today = timezone.localdate(now)
    person = Person.objects.select_related("household").filter(id_number=number, name=name).first()
    household = person.household if person is not None else None
    village_code = household.village_id if household is not None else named.code
    with transaction.atomic():
        lead = None
        if person is not None and household is not None:
            lead = leads.lead_online(
                by=None,
                household=household,
                summary=description[:2000],
                evidence=f"网上申报。申请人：{person.name}（{person.get_relationship_display()}），"
                f"联系电话：{mask_phone(phone)}（完整号码见网上申报记录）",
                reported_on=today,
                risk_hint=risk_hint,
            )
        application = Application(
            submitted_at=now,
            name=name,
            id_number=number,
            phone=phone,
            village_id=village_code,
            risk_hint=risk_hint,
            description=description[:2000],
            household=household,
            lead=lead,
            status=AS.PENDING if lead is not None else AS.UNREGISTERED,
            accept_due=accept_due(village_code, today),
        )
        return audited_create(
            application,
            by=None,
            fields=["receipt", "name", "id_number", "phone", "village", "status", "accept_due"],
            mask=ID_MASK,
            household_id=household.pk if household is not None else None,
            area_code=village_code,
        )


@dataclass(frozen=True)
class PublicStatus:
    """What the applicant reads: the same words whether or not they were registered."""

    title: str
    detail: str
    submitted_on: dt.date


def normalize_receipt(raw: str) -> str:
    """ABCD EFGH JKLM, abcd-efgh-jklm, full-width letters, O for 0: the 12 characters of the receipt ("" if none)."""
    return receipts.normalize(raw)


def receipt_error(raw: str) -> str:
    """A Chinese message when ``raw`` cannot be a receipt number at all (else "")."""
    if not receipts.normalize(raw):
        return f"回执号为 {receipts.LENGTH} 位字母和数字，请按回执核对"
    return ""


NOT_FOUND = "没有找到与该回执号和身份证号后四位相符的申报，请核对后重试，或到村委会、乡镇咨询"


def application_status(*, receipt: str, id_last4: str) -> PublicStatus:
    """The status of the application ``receipt`` if ``id_last4`` are the last four digits of the applicant's ID;
    otherwise one neutral refusal (a wrong receipt and a wrong pair answer the same)."""
    found = Application.objects.select_related("lead").filter(receipt=normalize_receipt(receipt)).first()
    last4 = id_last4.strip().upper()
    if found is None or not hmac.compare_digest(found.id_number[-4:].encode(), last4.encode()):
        raise ValidationError(NOT_FOUND, code="not_found")
    return public_status(found)


def public_status(application: Application) -> PublicStatus:
    submitted = timezone.localdate(application.submitted_at)
    if application.status in (AS.PENDING, AS.UNREGISTERED):
        return PublicStatus(
            "受理中", f"乡镇将于 {application.accept_due:%Y年%m月%d日} 前受理，请保持电话畅通。", submitted
        )
    if application.status == AS.REJECTED:
        return PublicStatus("不予受理", f"乡镇意见：{application.reason}", submitted)
    lead = application.lead
    if lead is None or lead.status in (codes.LeadStatus.SUBMITTED, codes.LeadStatus.OPEN):
        return PublicStatus("已受理，正在核实", "村里会上门了解家庭情况，请配合核实。", submitted)
    return PublicStatus("已办结", "核实结果由村委会或乡镇告知您；如有疑问，可到村委会或乡镇咨询。", submitted)


# ---- the township's queue ------------------------------------------------------------------------------------


def applications_visible(user: Any) -> QuerySet[Application]:
    """The applications of the user's area, for those who accept online applications (township reviewers)."""
    if not can(user, Capability.ACCEPT_APPLICATIONS):
        return Application.objects.none()
    return Application.objects.filter(user_area_q(user, "village_id"))


def unregistered_queue(user: Any) -> QuerySet[Application]:
    """未登记申请人（网上申报）waiting for the township, oldest deadline first."""
    qs = applications_visible(user).filter(status=AS.UNREGISTERED)
    return qs.select_related("village").order_by("accept_due", "submitted_at")


def access_application_by_id(user: Any, application_id: Any) -> Application:
    qs = applications_visible(user).select_related("village", "household", "lead", "handled_by")
    return get_visible_or_404(qs, application_id)


def _locked(application: Application, *statuses: str) -> Application:
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in statuses:
        raise ConflictError(f"该申报当前为“{current.get_status_display()}”，请刷新后重试", code="conflict")
    return current


def application_register(*, by: Any, application: Application, household: Household) -> Application:
    """登记并受理: the township has registered the applicant's household (the applicant among its members); the
    application becomes an online lead of that household, accepted at once (the village checks it at home)."""
    require(by, Capability.ACCEPT_APPLICATIONS, application.village_id)
    require(by, Capability.ACCEPT_APPLICATIONS, household.village_id)
    if not Person.objects.filter(household=household, id_number=application.id_number).exists():
        raise ValidationError(
            {
                "household": f"户编号 {household.number} 的家庭成员中没有申请人（身份证号 {mask(application.id_number)}），"
                "请先在农户档案中把申请人登记为该户成员"
            }
        )
    today = timezone.localdate()
    with transaction.atomic():
        current = _locked(application, AS.UNREGISTERED)
        lead = leads.lead_online(
            by=by,
            household=household,
            summary=current.description,
            evidence=f"网上申报（回执号 {current.receipt}），申请人登记后受理。申请人：{current.name}，"
            f"联系电话：{mask_phone(current.phone)}（完整号码见网上申报记录）",
            reported_on=timezone.localdate(current.submitted_at),
            risk_hint=current.risk_hint,
        )
        lead = leads.lead_accept(by=by, lead=lead, on=today)
        updated, _ = audited_update(
            current,
            by=by,
            changes={
                "status": AS.REGISTERED,
                "household": household,
                "lead": lead,
                "village_id": household.village_id,
                "handled_on": today,
                "handled_by": by,
            },
            fields=["status", "household", "village", "handled_on"],
            lock=False,
            household_id=household.pk,
            area_code=household.village_id,
        )
    return updated


def application_reject(*, by: Any, application: Application, reason: str) -> Application:
    """不予受理: an unregistered applicant's application is refused, with the reason the applicant will read."""
    require(by, Capability.ACCEPT_APPLICATIONS, application.village_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予受理的理由"})
    today = timezone.localdate()
    with transaction.atomic():
        current = _locked(application, AS.UNREGISTERED)
        updated, _ = audited_update(
            current,
            by=by,
            changes={"status": AS.REJECTED, "reason": reason, "handled_on": today, "handled_by": by},
            fields=["status", "reason", "handled_on"],
            lock=False,
            area_code=current.village_id,
            reason=reason,
        )
    return updated


def application_reveal(*, by: Any, application: Application) -> Application:
    """The full ID number and phone of an applicant, for roles that need them; every look is logged."""
    return revealed(
        application,
        by=by,
        capability=Capability.REVEAL_ID,
        obj=application,
        area_code=application.village_id,
        reason="在网上申报页面查看",
        household_id=application.household_id,
    )


def application_shown(application: Application, *, full: bool) -> dict[str, str]:
    """The applicant's numbers as the application page shows them: the ID number, the phone and every phone or
    ID number typed into the description masked (as in the lead made from it) — or all in full, ``full`` only
    right after ``application_reveal`` logged the look."""
    if full:
        return {"id_number": application.id_number, "phone": application.phone, "description": application.description}
    return {
        "id_number": mask(application.id_number),
        "phone": mask_phone(application.phone),
        "description": mask_numbers(application.description),
    }
