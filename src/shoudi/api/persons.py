"""家庭成员: read, change, remove a member; reveal the full ID number (logged)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Query, Router, Status

from shoudi.api.common import ERRORS, actor, person_input, require_capability
from shoudi.api.households import check_ids
from shoudi.api.schemas import PersonOut, PersonPatch, RevealOut
from shoudi.core.access import Capability
from shoudi.registry import services
from shoudi.registry.models import Person
from shoudi.registry.selectors import access_person_by_id

router = Router()


@router.get("/{person_id}", response={200: PersonOut, **ERRORS}, summary="成员详情")
def person_read(request: HttpRequest, person_id: str) -> Person:
    return access_person_by_id(actor(request), person_id)


@router.patch("/{person_id}", response={200: PersonOut, **ERRORS}, summary="修改成员信息")
def person_change(request: HttpRequest, person_id: str, payload: PersonPatch) -> Person:  # type: ignore[valid-type]
    person = access_person_by_id(actor(request), person_id)
    user = require_capability(request, Capability.EDIT_HOUSEHOLDS)
    data = person_input(payload.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    if "id_number" in data:
        check_ids(user, [data], prefix="", exclude_person=person.pk)
    services.person_update(by=user, person=person, data=data)
    return access_person_by_id(user, person.pk)  # as stored (money with two decimals)


@router.delete("/{person_id}", response={204: None, **ERRORS}, summary="移除成员（须填写原因）")
def person_delete(
    request: HttpRequest,
    person_id: str,
    reason: str = Query(..., title="原因", max_length=500),
) -> Status[None]:
    person = access_person_by_id(actor(request), person_id)
    user = require_capability(request, Capability.EDIT_HOUSEHOLDS)
    services.person_remove(by=user, person=person, reason=reason)
    return Status(204, None)


@router.post(
    "/{person_id}/reveal", response={200: RevealOut, **ERRORS}, summary="查看完整身份证号和电话（记入操作日志）"
)
def person_reveal(request: HttpRequest, person_id: str, response: HttpResponse) -> dict[str, object]:
    person = access_person_by_id(actor(request), person_id)
    services.person_reveal(by=actor(request), person=person, where="通过接口查看")
    add_never_cache_headers(response)
    return {"id": person.pk, "name": person.name, "id_number": person.id_number, "phone": person.phone}
