"""Numbers an applicant types into 家庭遇到的困难 (their ID number, a relative's phone) are masked on the
application page as they are in the lead: the township reviewer sees them in full only after pressing 查看完整
身份证号和电话, the audited look that shows the applicant's own ID number and phone. Only township reviewers
(``ACCEPT_APPLICATIONS``) open the page at all; a village contact of the village gets a 404, no digits."""

from __future__ import annotations

import pytest

from shoudi.core.models import AuditEntry
from shoudi.monitoring import applications
from shoudi.testing.factories import VILLAGE_A, next_id

pytestmark = pytest.mark.django_db
TYPED_ID = next_id()
TYPED_PHONE = "13512345678"


@pytest.fixture
def application():
    return applications.application_submit(
        name="吴小红",
        id_number=next_id(),
        phone="13900002222",
        village=VILLAGE_A,
        description=f"我的身份证号 {TYPED_ID}，丈夫电话 {TYPED_PHONE}，住院欠费",
        risk_hint="illness",
    )


def _description(html: str) -> str:
    return html.split('data-testid="application-description">', 1)[1].split("</span>", 1)[0]


def test_numbers_in_the_description_are_masked_until_the_logged_look(client, township, application):
    client.force_login(township)
    url = f"/monitoring/applications/{application.pk}/"
    page = client.get(url).content.decode()
    said = _description(page)
    assert "住院欠费" in said and "135****5678" in said and f"{TYPED_ID[:3]}" in said
    assert TYPED_ID not in page and TYPED_PHONE not in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()

    shown = client.post(url).content.decode()
    assert TYPED_ID in _description(shown) and TYPED_PHONE in _description(shown)
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.REVEAL, object_id=str(application.pk), actor=township
    ).exists()
    assert TYPED_PHONE not in client.get(url).content.decode()  # masked again on the next visit


def test_the_village_contact_without_the_queue_sees_nothing(client, village_a, application):
    client.force_login(village_a)
    for answer in (
        client.get(f"/monitoring/applications/{application.pk}/"),
        client.post(f"/monitoring/applications/{application.pk}/"),
    ):
        assert answer.status_code == 404 and TYPED_PHONE not in answer.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_the_api_masks_the_numbers_in_the_description_too(client, township, application):
    client.force_login(township)
    for answer in (
        client.get("/api/v1/monitoring/applications"),
        client.get(f"/api/v1/monitoring/applications/{application.pk}"),
    ):
        assert answer.status_code == 200, answer.content
        text = str(answer.json())
        assert "住院欠费" in text and TYPED_ID not in text and TYPED_PHONE not in text
