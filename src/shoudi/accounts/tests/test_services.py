"""Creating accounts the way ``shoudi demo`` and the admin pages do: password rules first, then the model."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.accounts.models import User
from shoudi.accounts.roles import Department, Role
from shoudi.accounts.services import generate_password, user_create, user_set_password
from shoudi.testing.factories import COUNTY, VILLAGE_A


def _logs_in(client, username: str, password: str) -> bool:
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_a_created_account_can_log_in_with_its_password(client, regions):
    password = generate_password()
    user = user_create(
        username="new_contact", role=Role.VILLAGE_CONTACT, area_code=VILLAGE_A, password=password, full_name="新联系人"
    )
    assert user.pk and user.has_usable_password()
    assert _logs_in(client, "new_contact", password)


def test_a_weak_password_is_refused_in_chinese_and_nothing_is_saved(regions):
    with pytest.raises(ValidationError) as exc:
        user_create(username="weak", role=Role.VILLAGE_CONTACT, area_code=VILLAGE_A, password="12345")
    assert "密码" in " ".join(exc.value.messages)
    assert not User.objects.filter(username="weak").exists()


def test_an_area_of_the_wrong_level_is_refused_and_nothing_is_saved(regions):
    with pytest.raises(ValidationError) as exc:
        user_create(username="wrong", role=Role.VILLAGE_CONTACT, area_code=COUNTY, password=generate_password())
    assert "负责区域级别不符" in " ".join(exc.value.messages)
    assert not User.objects.filter(username="wrong").exists()


def test_a_department_clerk_needs_a_department(regions):
    with pytest.raises(ValidationError, match="必须指定所属部门"):
        user_create(username="clerk2", role=Role.DEPT_CLERK, area_code=COUNTY, password=generate_password())
    user = user_create(
        username="clerk2",
        role=Role.DEPT_CLERK,
        area_code=COUNTY,
        password=generate_password(),
        department=Department.MEDICAL_INSURANCE,
    )
    assert user.department == Department.MEDICAL_INSURANCE


def test_setting_a_new_password_replaces_the_old_one(client, village_a):
    password = generate_password()
    user_set_password(user=village_a, password=password)
    assert _logs_in(client, "village_a", password)
