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
