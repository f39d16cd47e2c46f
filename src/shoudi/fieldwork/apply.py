"""One uploaded record, applied the way the web page applies it: bound to the page's own form, then passed to the
service the page calls. A form's or a service's refusal becomes ``Refused`` with Chinese errors per field; the
caller (``services``) runs each record in its own transaction, so a refusal leaves nothing written.

- visit  → ``assistance.forms.VisitForm`` → ``assistance.services.visit_record`` (needs the open case)
- income → ``income.forms.SheetForm`` → ``income.services.sheet_save`` (the version the person saw)
- lead   → ``FieldLeadForm`` → ``monitoring.leads.lead_create`` (channel 基层干部排查)
- facts  → ``FactsForm`` → ``registry.services.household_update`` / ``person_update``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404

from shoudi.assistance import services as assistance_services
from shoudi.assistance.forms import VisitForm
from shoudi.core.access import Capability, can
from shoudi.core.errors import ConflictError
from shoudi.fieldwork.digest import expand_member_keys, shorten_member_keys
from shoudi.fieldwork.forms import FactsForm, FieldLeadForm, member_prefix
from shoudi.income import selectors as income_selectors
from shoudi.income import services as income_services
from shoudi.income.forms import SheetForm
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring import leads
from shoudi.monitoring.models import Case
from shoudi.registry import services as registry_services
from shoudi.registry.inputs import HouseholdInput
from shoudi.registry.models import Household

NOT_ALLOWED = "无权在该户记录"
NO_CASE = "该户没有在办的监测对象，不能记录帮扶回访"


class Refused(Exception):
    """The record was not applied: ``errors`` per field (Chinese); ``labels`` name the fields."""

    def __init__(self, errors: dict[str, list[str]], labels: Mapping[str, str] | None = None) -> None:
        super().__init__(errors)
        self.errors = errors
        self.labels = dict(labels or {})

    @property
    def message(self) -> str:
        for key, texts in self.errors.items():
            if texts:
                label = self.labels.get(key, "")
                return f"{label}：{texts[0]}" if label and label not in texts[0] else texts[0]
        return "未通过校验"


def _refused(form: Any) -> Refused:
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return Refused(errors, {name: str(f.label) for name, f in form.fields.items()})


def _service_errors(exc: ValidationError, rename: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    out: dict[str, list[str]] = {}
    for key, texts in exc.message_dict.items():
        out.setdefault((rename or {}).get(key, key), []).extend(str(t) for t in texts)
    return out


def _visit(user: Any, household: Household, data: Mapping[str, str], files: Mapping[str, Any]) -> models.Model:
    case = Case.objects.filter(household=household, is_open=True).order_by("-opened_on").first()
    if case is None:
        raise Refused({"case": [NO_CASE]})
    can_edit = can(user, Capability.EDIT_HOUSEHOLDS)
    form = VisitForm(data, files, can_edit_household=can_edit)
    if not form.is_valid():
        raise _refused(form)
    values = form.cleaned_data
    return assistance_services.visit_record(
        by=user,
        case=case,
        visited_on=values["visited_on"],
        findings=values["findings"],
        income_note=values["income_note"],
        photo=values.get("photo"),
        household_changes=form.visit_facts() if can_edit else None,
        finance=form.finance() if can_edit else (),
    )


def _income(user: Any, household: Household, data: dict[str, str], year: int, resolve: bool) -> models.Model:
    sheet = income_selectors.sheet_for(household, year)
    if resolve or "version" not in data:  # the stamp matched (or the person chose theirs): this version
        data = {**data, "version": str(sheet.version if sheet is not None else 0)}
    form = SheetForm(household=household, year=year, data=data, initial_from=sheet)
    if not form.is_valid():
        raise _refused(form)
    return income_services.sheet_save(
        by=user,
        household=household,
        year=year,
        lines=form.lines(),
        source="page",
        expected_version=form.expected_version(),
        note=sheet.note if sheet is not None else "",
    )


def _lead(user: Any, household: Household, data: Mapping[str, str]) -> models.Model:
    form = FieldLeadForm(data)
    if not form.is_valid():
        raise _refused(form)
    values = form.cleaned_data
    return leads.lead_create(
        by=user,
        household=household,
        channel=mcodes.Channel.CADRE_VISIT,
        summary=values["summary"],
        evidence=values["evidence"],
        reported_on=values["reported_on"],
        online=False,
        risk_hint=values["risk_hint"],
    )


def _facts(user: Any, household: Household, data: Mapping[str, str]) -> models.Model:
    members = list(household.members.all())
    form = FactsForm(data, members=members)
    if not form.is_valid():
        raise _refused(form)
    household_changes, member_changes = form.changes(data, household)
    if household_changes:
        household = registry_services.household_update(
            by=user,
            household=household,
            data=cast(HouseholdInput, household_changes),
            expected_version=household.version,
        )
    for person, changes in member_changes.items():
        prefix = member_prefix(person.pk)
        try:
            registry_services.person_update(by=user, person=person, data=changes)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise Refused(_service_errors(exc, {k: prefix + k for k in changes})) from None
    return household


def apply_record(
    *,
    user: Any,
    household: Household,
    kind: str,
    data: dict[str, str],
    files: Mapping[str, UploadedFile],
    year: int,
    resolve: bool = False,
) -> models.Model:
    """Apply one record in its own savepoint: the saved object, or ``Refused`` (nothing written). A member's
    fields come named as the app names them (``digest.member_keys``) and their errors go back so named."""
    members = list(household.members.all())
    try:
        return _apply(user, household, kind, expand_member_keys(data, members), files, year, resolve)
    except Refused as refused:
        raise Refused(
            shorten_member_keys(refused.errors, members), shorten_member_keys(refused.labels, members)
        ) from None


def _apply(
    user: Any,
    household: Household,
    kind: str,
    data: dict[str, str],
    files: Mapping[str, UploadedFile],
    year: int,
    resolve: bool,
) -> models.Model:
    try:
        with transaction.atomic():
            if kind == "visit":
                return _visit(user, household, data, files)
            if kind == "income":
                return _income(user, household, data, year, resolve)
            if kind == "lead":
                return _lead(user, household, data)
            return _facts(user, household, data)
    except Refused:
        raise
    except ConflictError as exc:
        raise Refused({"version": [str(m) for m in exc.messages] or ["该户信息已被他人修改"]}) from None
    except ValidationError as exc:
        if getattr(exc, "code", None) == "forbidden":
            raise Refused({NON_FIELD_ERRORS: [NOT_ALLOWED]}) from None
        raise Refused(_service_errors(exc)) from None
    except (Http404, PermissionDenied):
        raise Refused({NON_FIELD_ERRORS: [NOT_ALLOWED]}) from None
