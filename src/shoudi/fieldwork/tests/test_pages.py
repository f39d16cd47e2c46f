"""The app's shell, manifest, service worker and precache list."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_shell_needs_a_login_and_the_app_capability(client, village_a, county):
    app = reverse("fieldwork:app")
    assert client.get(app).status_code == 302  # to the login page
    client.force_login(county)
    denied = client.get(app)
    assert denied.status_code == 403


@pytest.mark.skipif(not finders.find("fieldwork/sw.js"), reason="the app's files are written by field-client")
def test_the_shell_and_the_service_worker(client, village_a):
    client.force_login(village_a)
    assert client.get(reverse("fieldwork:app")).status_code == 200
    sw = client.get(reverse("fieldwork:sw"))
    assert sw.status_code == 200 and sw["Service-Worker-Allowed"] == "/field/"
    assert sw["Content-Type"].startswith("application/javascript") and sw["Cache-Control"] == "no-cache"


def test_the_manifest_and_the_precache_list(client):
    manifest = client.get(reverse("fieldwork:manifest")).json()
    assert manifest["name"] == "守底外业" and manifest["scope"] == "/field/" and manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    precache = client.get(reverse("fieldwork:precache")).json()
    assert "/field/" in precache["urls"] and "/api/v1/field/forms" in precache["urls"]
    assert len(precache["version"]) == 16
