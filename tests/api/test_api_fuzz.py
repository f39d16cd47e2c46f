"""Every operation of the JSON API under schemathesis: generated requests — valid and hostile — as a county
officer with an API token, through the WSGI application in process. No answer may be a 5xx, and every answer
must be one the OpenAPI document declares, in the declared shape. (The last review found 101 calls that
answered 500.)"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shoudi.api.main import api
from shoudi.wsgi import application

# /api/openapi.json needs a login or a token, and no user exists when this module loads: the document is taken
# from the API object itself (what that URL serves) and the calls go through the WSGI application.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)))
schema.app = application
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


# The operations a county officer may not use (a department's ledger, a village committee's acts, the province's
# designation of key counties) answer it only 404, so the run above never gets past their access check. Each is
# run again, with fewer examples, as the role that uses it.
ROLE_RUNS = {
    "clerk": r"^/api/v1/feeds/",  # 医保 clerk: uploads department data
    "hr_clerk": r"^/api/v1/employment/",  # 人社 clerk: labour ledger, openings, posts
    "agri_clerk": r"^/api/v1/markets/",  # 农业农村 clerk: consumption assistance, produce
    "committee_a": r"^/api/v1/(assets|governance)/",  # 村两委 of village A: asset care, 积分制
    "township": r"^/api/v1/low-income/",  # township reviewer: referrals and follow-ups
    "province_admin": r"^/api/v1/key-counties/",  # designates key assistance counties
}
ROLE_EXAMPLES = 8


def _role_test(persona: str, path_regex: str):
    @pytest.mark.django_db
    @schema.include(path_regex=path_regex).parametrize()
    @settings(max_examples=ROLE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def test(case, request, household_a):
        from shoudi.accounts.models import ApiToken

        _, raw = ApiToken.issue(user=request.getfixturevalue(persona), name="schemathesis")
        case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=CHECKS)

    test.__name__ = f"test_operations_as_{persona}"
    return test


for _persona, _regex in ROLE_RUNS.items():
    globals()[f"test_operations_as_{_persona}"] = _role_test(_persona, _regex)
