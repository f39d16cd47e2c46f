"""Real records of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py): a phone of a village
contact of village A and one record it uploaded (a conflict), found again on every call.

PARAMS lines (core/tests/area_sweep_params.py):
    from shoudi.fieldwork.tests import sweep as fieldwork_sweep
    ("*", "device_id"): Param(lambda o: fieldwork_sweep.device().pk),
    ("*", "client_id"): Param(lambda o: fieldwork_sweep.record(o.household).client_id),
    ("api", "device"): Param(lambda o: fieldwork_sweep.device().pk, obj=False),  # status/wiped: no login, by secret
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.fieldwork.models import Device, FieldRecord, RecordStatus
from shoudi.fieldwork.services import secret_hash
from shoudi.testing.factories import VILLAGE_A, make_user

USERNAME = "sweep_field_contact"
CLIENT_ID = uuid.UUID("f1e1d000-0000-4000-8000-000000000001")


def owner() -> User:
    found = User.objects.filter(username=USERNAME).first()
    return found or make_user(USERNAME, Role.VILLAGE_CONTACT, VILLAGE_A, full_name="外业区域检查")


def device() -> Device:
    user = owner()
    found = Device.objects.filter(user=user).first()
    return found or Device.objects.create(user=user, label="区域检查手机", secret_hash=secret_hash("sweep"))


def record(household: Any) -> FieldRecord:
    found = FieldRecord.objects.filter(client_id=CLIENT_ID).first()
    if found is not None:
        return found
    phone = device()
    return FieldRecord.objects.create(
        client_id=CLIENT_ID,
        device=phone,
        user=phone.user,
        kind="lead",
        household=household,
        base_stamp="0" * 16,
        made_at=timezone.now(),
        status=RecordStatus.CONFLICT,
        payload={"summary": "区域检查"},
    )
