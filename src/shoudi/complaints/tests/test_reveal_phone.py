"""The reporter's phone: masked on the complaint's page for everyone; the handler reveals it with a logged POST."""

from __future__ import annotations

import pytest
from django.test import Client

from shoudi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_handler_reveals_the_reporters_phone_and_the_look_is_logged(complaint, township):
    client = _client(township)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert PHONE not in page and "138****5678" in page and 'data-testid="reveal-phone"' in page
    assert client.get(f"/complaints/{complaint.pk}/reveal-phone/").status_code == 405
    shown = client.post(f"/complaints/{complaint.pk}/reveal-phone/")
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.actor == township and entry.object_id == str(complaint.pk) and "反映人电话" in entry.reason
    fragment = client.post(f"/complaints/{complaint.pk}/reveal-phone/", headers={"HX-Request": "true"})
    assert PHONE in fragment.content.decode() and "<html" not in fragment.content.decode()


def test_a_user_outside_the_township_gets_a_404_and_nothing_is_logged(complaint, outsider):
    response = _client(outsider).post(f"/complaints/{complaint.pk}/reveal-phone/")
    assert response.status_code == 404 and PHONE not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_the_api_reveals_it_to_the_handler_only_with_a_logged_call(complaint, township, outsider):
    assert PHONE not in _client(township).get(f"/api/v1/complaints/{complaint.pk}").content.decode()
    shown = _client(township).post(f"/api/v1/complaints/{complaint.pk}/reveal-phone")
    assert shown.status_code == 200 and shown.json()["reporter_phone"] == PHONE
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(complaint.pk)).count() == 1
    refused = _client(outsider).post(f"/api/v1/complaints/{complaint.pk}/reveal-phone")
    assert refused.status_code == 404 and PHONE not in refused.content.decode()
