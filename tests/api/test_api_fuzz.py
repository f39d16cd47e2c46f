"""Every operation of the JSON API under schemathesis: generated requests — valid and hostile — as a county
officer with an API token, through the WSGI application in process. No answer may be a 5xx, and every answer
must be one the OpenAPI document declares, in the declared shape. (The last review found 101 calls that
answered 500.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shoudi.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _connection_kept():
    """As Django's test client does: a request must not close the test's connection (on PostgreSQL that ends
    the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(county, household_a):
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=county, name="schemathesis")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# The offline app's sync protocol and the 一户一码 operations, as the role that uses them: a village contact of
# village A with a registered phone (a county officer may not use the app, so the run above reaches only its
# refusals). ``Accept-Encoding: identity`` because /sync gzips its body when asked and this client does not
# decode it.
field_schema = schema.include(path_regex=r"^/api/v1/(field|household-codes)/")


@pytest.fixture
def field_contact(village_a, household_a):
    from shoudi.accounts.models import ApiToken
    from shoudi.fieldwork.services import device_register

    _, raw = ApiToken.issue(user=village_a, name="schemathesis")
    device, secret = device_register(by=village_a, label="fuzz")
    return raw, str(device.pk), secret


@pytest.mark.django_db
@field_schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_field_operations_as_a_village_contact(case, field_contact):
    token, device, secret = field_contact
    if isinstance(case.body, dict) and "device" in case.body and case.path.endswith("/upload"):
        case.body["device"] = device  # a real device, so the records themselves are fuzzed
    if case.query and "device" in case.query:
        case.query["device"] = device
    headers = {"Authorization": f"Bearer {token}", "X-Device-Secret": secret, "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
