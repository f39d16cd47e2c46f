"""Fixtures of the offline app's server tests: policy and rules set up, media in a temp dir, and ``Phone``: a
signed-in persona's app talking to the API the way the app does (register, sync, upload, status)."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

import pytest
from django.utils import timezone

API = "/api/v1/field/"


@pytest.fixture(autouse=True)
def field_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


class Phone:
    """One persona's phone: its own logged-in test client and device."""

    def __init__(self, client: Any, user: Any) -> None:
        self.client, self.user = client, user
        client.force_login(user)
        self.device = ""
        self.secret = ""
        self.households: dict[str, dict[str, Any]] = {}

    def register(self, label: str = "测试手机") -> dict[str, Any]:
        response = self.client.post(API + "device", {"label": label}, content_type="application/json")
        assert response.status_code == 201, response.content
        body = response.json()
        self.device, self.secret = body["device"], body["secret"]
        return body

    def sync(self, *, gzip_ok: bool = False) -> Any:
        headers = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"} if gzip_ok else {}
        response = self.client.get(API + "sync", {"device": self.device}, **headers)
        if response.status_code == 200:
            raw = response.content
            if response.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            body = json.loads(raw)
            self.households = {h["id"]: h for h in body["households"]}
            response.body = body
        return response

    def record(self, kind: str, household: Any, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
        hid = str(getattr(household, "pk", household))
        stamp = self.households[hid]["stamp"] if hid in self.households else ""
        return {
            "client_id": str(uuid.uuid4()),
            "kind": kind,
            "household": hid,
            "base_stamp": stamp,
            "made_at": timezone.now().isoformat(),
            "data": data,
            **extra,
        }

    def upload(self, records: list[dict[str, Any]], files: dict[str, Any] | None = None, **extra: Any) -> Any:
        body = {"device": self.device, "records": json.dumps(records), **(files or {})}
        return self.client.post(API + "upload", body, **extra)

    def results(self, records: list[dict[str, Any]], files: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        response = self.upload(records, files)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def status(self, secret: str | None = None) -> dict[str, Any]:
        from django.test import Client

        response = Client().get(
            API + f"device/{self.device}/status", HTTP_X_DEVICE_SECRET=self.secret if secret is None else secret
        )
        assert response.status_code == 200
        return response.json()


@pytest.fixture
def phone(client):
    """``phone(user)``: a registered, signed-in phone of ``user``."""

    def make(user: Any, *, register: bool = True) -> Phone:
        from shoudi.testing.clients import CommittingClient

        made = Phone(CommittingClient(), user)
        if register:
            made.register()
        return made

    return make


@pytest.fixture
def monitored(team, household_a):
    """Household A under monitoring (a case identified 99 days ago with illness and schooling risks)."""
    from shoudi.monitoring import codes
    from shoudi.monitoring.testing.builders import days_ago

    driver = team.driver
    case = driver.lead(household_a, days_ago(100), risks=(codes.RiskType.ILLNESS, codes.RiskType.SCHOOLING))
    return driver.identify(case, days_ago(99))
