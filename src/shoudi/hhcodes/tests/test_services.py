"""The services of 一户一码 as the personas who run them: issue (one household, or every household of an area
without a code, idempotent), revoke with a reason, reissue — each audited, each refused outside the area."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.hhcodes import services
from shoudi.hhcodes.models import HouseholdCode
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


def test_issue_is_random_idempotent_and_audited_without_the_token(village_a, household_a):
    code = services.code_issue(by=village_a, household=household_a)
    again = services.code_issue(by=village_a, household=household_a)
    assert again.pk == code.pk
    assert HouseholdCode.objects.filter(household=household_a).count() == 1
    assert len(code.token) >= 22 and code.issued_by == village_a
    ids = [p.id_number for p in household_a.members.all()]
    assert household_a.number not in code.token and not any(i[-6:] in code.token for i in ids)
    entry = AuditEntry.objects.get(object_type="householdcode", object_id=str(code.pk))
    assert entry.actor == village_a and code.token not in str(entry.changes)


def test_at_most_one_active_code_per_household(village_a, household_a):
    services.code_issue(by=village_a, household=household_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdCode.objects.create(household=household_a, token="x" * 22, issued_at=timezone.now())


def test_issue_missing_for_an_area_is_idempotent(township, household_a, household_b):
    other = household_with_members(VILLAGE_A, size=1)
    far = household_with_members(VILLAGE_C, size=1)
    services.code_issue(by=None, household=other)
    done = services.codes_issue_missing(by=township, area_code=TOWNSHIP_A)
    assert (done.villages, done.issued) == (2, 2)  # household A and B; "other" had one; 团塘村 is elsewhere
    assert not HouseholdCode.objects.filter(household=far).exists()
    assert services.codes_issue_missing(by=township, area_code=TOWNSHIP_A).issued == 0
    assert HouseholdCode.objects.filter(revoked_at__isnull=True).count() == 3
    logged = AuditEntry.objects.filter(object_type="region", action="create", actor=township)
    assert set(logged.values_list("area_code", flat=True)) == {VILLAGE_A, VILLAGE_B}


def test_outside_the_area_or_without_the_capability_is_not_visible(village_b, committee_a, helper_cadre, household_a):
    for user in (village_b, committee_a, helper_cadre):
        with pytest.raises(NotVisible):
            services.code_issue(by=user, household=household_a)
        with pytest.raises(NotVisible):
            services.codes_issue_missing(by=user, area_code=VILLAGE_A)
    assert not HouseholdCode.objects.exists()


def test_revoke_needs_a_reason_and_keeps_the_row(village_a, household_a, code_a):
    with pytest.raises(ValidationError) as refused:
        services.code_revoke(by=village_a, household=household_a, reason="  ")
    assert "作废原因" in str(refused.value)
    revoked = services.code_revoke(by=village_a, household=household_a, reason="卡片遗失")
    assert revoked.pk == code_a.pk and revoked.revoked_by == village_a and revoked.revoke_reason == "卡片遗失"
    assert not revoked.active
    with pytest.raises(ConflictError):
        services.code_revoke(by=village_a, household=household_a, reason="再次作废")
    entry = AuditEntry.objects.filter(object_id=str(code_a.pk), action="update").get()
    assert entry.reason == "卡片遗失"


def test_reissue_revokes_and_issues_a_new_token(county, household_a, code_a):
    new = services.code_reissue(by=county, household=household_a, reason="二维码被他人拍照")
    old = HouseholdCode.objects.get(pk=code_a.pk)
    assert not old.active and old.revoke_reason == "二维码被他人拍照"
    assert new.active and new.token != code_a.token
    assert HouseholdCode.objects.filter(household=household_a, revoked_at__isnull=True).count() == 1


def test_a_nul_character_in_a_reason_is_refused_in_chinese(village_a, household_a, code_a):
    with pytest.raises(ValidationError) as refused:
        services.code_revoke(by=village_a, household=household_a, reason="遗\x00失")
    assert "空字符" in str(refused.value)
    assert HouseholdCode.objects.get(pk=code_a.pk).active
