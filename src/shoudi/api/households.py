"""农户: list, read, create and change households of the caller's area, through registry selectors/services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Query, Router, Status

from shoudi.api.common import CONFLICT, ERRORS, actor, household_input, person_input, require_capability
from shoudi.api.schemas import (
    HouseholdCreate,
    HouseholdOut,
    HouseholdPage,
    HouseholdPatch,
    PersonIn,
    PersonOut,
    PhoneRevealOut,
)
from shoudi.core.access import Capability
from shoudi.registry import codes, services
from shoudi.registry.idnumber import IdNumberError, parse
from shoudi.registry.inputs import PersonInput
from shoudi.registry.models import Household, Person
from shoudi.registry.selectors import (
    access_household_by_id,
    access_person_by_id,
    household_list,
    household_members,
    with_heads_and_sizes,
)

router = Router()
MAX_LIMIT = 200


def household_detail(household: Household) -> Household:
    """Attach members, head name and count so ``HouseholdOut`` renders without further queries."""
    members = list(household_members(household))
    household.members_loaded = members  # type: ignore[attr-defined]
    household.head_name = next((m.name for m in members if m.relationship == codes.Relationship.HEAD), "")  # type: ignore[attr-defined]
    household.member_count = len(members)  # type: ignore[attr-defined]
    return household


def attach_heads(user: Any, page: list[Household]) -> None:
    """Head names and member counts for a page of households, in two queries."""
    for household in with_heads_and_sizes(user, page):
        household.head_name = household.head.name if household.head else ""  # type: ignore[attr-defined]


def check_ids(
    user: Any, members: Sequence[PersonInput], *, prefix: str = "members", exclude_person: Any = None
) -> None:
    """Per member: a valid ID, not repeated in the request, not already in another household (than
    ``exclude_person``'s own) — with the member's position in the field name (``members.1.id_number``).

    The household an ID already belongs to is named only when it lies in the caller's area."""
    seen: dict[str, int] = {}
    for index, member in enumerate(members):
        field = f"{prefix}.{index}.id_number" if prefix else "id_number"
        who = f"第{index + 1}名成员 " if prefix else ""
        try:
            number = parse(str(member.get("id_number") or "")).number
        except IdNumberError as exc:
            raise ValidationError({field: f"{who}{exc}"}) from None
        if number in seen:
            raise ValidationError({field: f"{who}身份证号与第{seen[number] + 1}名成员重复"})
        seen[number] = index
        try:  # the service's rule, which names the other household only when it lies in the caller's area
            services.check_id_free(number, by=user, household=None, exclude_person=exclude_person)
        except ValidationError as exc:
            raise ValidationError({field: f"{who}{exc.message_dict['id_number'][0]}"}) from None


PERSON_ONLY = {f.name for f in Person._meta.concrete_fields} - {f.name for f in Household._meta.concrete_fields}
ROW_CHECK_EXCLUDE = ["household", "id_number", "sex", "birth_date"]  # checked separately (check_ids)


def locate_member_error(exc: ValidationError, members: Sequence[PersonInput]) -> ValidationError:
    """A service error on a member's field, renamed to ``members.<i>.<field>`` for the member that has it."""
    keys = set(getattr(exc, "error_dict", {})) & PERSON_ONLY - {"relationship"}  # 户主 rules are per household
    for index, member in enumerate(members):
        person = Person(**{k: v for k, v in member.items() if k in PERSON_ONLY and k not in ROW_CHECK_EXCLUDE})
        try:
            person.full_clean(exclude=ROW_CHECK_EXCLUDE, validate_unique=False, validate_constraints=False)
        except ValidationError as row_error:
            found = keys & set(row_error.message_dict)
            if found:
                key = sorted(found)[0]
                return ValidationError({f"members.{index}.{key}": row_error.message_dict[key]})
    return exc


def _page(qs: QuerySet[Household], limit: int, offset: int) -> list[Household]:
    return list(qs[offset : offset + limit])


@router.get("/", response={200: HouseholdPage, **ERRORS}, summary="农户列表（分页）")
def household_index(
    request: HttpRequest,
    q: str = Query("", title="姓名、身份证号或户编号", max_length=50),
    township: str = Query("", title="乡镇代码", pattern=r"^(\d{9})?$"),
    village: str = Query("", title="村代码", pattern=r"^(\d{12})?$"),
    status: codes.HouseholdStatus | None = Query(None, title="户类型"),  # noqa: B008
    limit: int = Query(50, ge=1, le=MAX_LIMIT, title="每页条数"),
    offset: int = Query(0, ge=0, le=10_000_000, title="起始位置"),
) -> dict[str, Any]:
    user = require_capability(request, Capability.VIEW_HOUSEHOLDS)
    qs = household_list(user, q=q, township=township, village=village, status=status.value if status else "")
    page = _page(qs, limit, offset)
    attach_heads(user, page)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": page}


@router.post("/", response={201: HouseholdOut, **ERRORS}, summary="新增农户（含家庭成员）")
def household_create(request: HttpRequest, payload: HouseholdCreate) -> Status[Household]:
    user = require_capability(request, Capability.EDIT_HOUSEHOLDS)
    data = household_input(payload.model_dump(exclude={"members"}))
    members = [person_input(m.model_dump()) for m in payload.members]
    check_ids(user, members)
    try:
        household = services.household_create(by=user, data=data, members=members)
    except ValidationError as exc:
        raise locate_member_error(exc, members) from None
    return Status(201, household_detail(access_household_by_id(user, household.pk)))


@router.get("/{household_id}", response={200: HouseholdOut, **ERRORS}, summary="农户详情")
def household_read(request: HttpRequest, household_id: str) -> Household:
    return household_detail(access_household_by_id(actor(request), household_id))


@router.patch("/{household_id}", response={200: HouseholdOut, **CONFLICT}, summary="修改农户信息（乐观锁）")
def household_change(request: HttpRequest, household_id: str, payload: HouseholdPatch) -> Household:  # type: ignore[valid-type]
    household = access_household_by_id(actor(request), household_id)
    user = require_capability(request, Capability.EDIT_HOUSEHOLDS)
    body = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    version = body.pop("version")
    services.household_update(by=user, household=household, data=household_input(body), expected_version=version)
    return household_detail(access_household_by_id(user, household.pk))


@router.get("/{household_id}/persons", response={200: list[PersonOut], **ERRORS}, summary="本户家庭成员")
def household_persons(request: HttpRequest, household_id: str) -> list[Person]:
    household = access_household_by_id(actor(request), household_id)
    return list(household_members(household))


@router.post("/{household_id}/persons", response={201: PersonOut, **ERRORS}, summary="添加家庭成员")
def household_person_add(request: HttpRequest, household_id: str, payload: PersonIn) -> Status[Person]:
    household = access_household_by_id(actor(request), household_id)
    user = require_capability(request, Capability.EDIT_HOUSEHOLDS)
    data = person_input(payload.model_dump())
    check_ids(user, [data], prefix="")
    person = services.person_add(by=user, household=household, data=data)
    return Status(201, access_person_by_id(user, person.pk))


@router.post(
    "/{household_id}/reveal-phone",
    response={200: PhoneRevealOut, **ERRORS},
    summary="查看农户完整联系电话（记入操作日志；监测联系人、帮扶责任人、乡镇、县级）",
)
def household_phone_reveal(request: HttpRequest, household_id: str, response: HttpResponse) -> dict[str, object]:
    household = access_household_by_id(actor(request), household_id)
    phone = services.household_phone_reveal(by=actor(request), household=household, where="通过接口查看联系电话")
    add_never_cache_headers(response)
    return {"id": household.pk, "number": household.number, "phone": phone}
