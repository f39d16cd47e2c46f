"""The township's logged look at an unregistered applicant's full ID number and phone (a POST, never a link)."""

from __future__ import annotations

from .forms_monitoring import STRANGER_ID, _stranger
from .spec import form

form(
    name="monitoring.application_reveal",
    form="monitoring.application_reveal",
    url_name="monitoring:application",
    persona="township",
    setup=_stranger,
    page=lambda w, ctx: f"/monitoring/applications/{ctx.pk}/",
    valid={},
    success=None,  # the full numbers are the answer
    expect_redirect=False,
    after_valid=lambda page, w, ctx: page.wait_for_selector(f"text={STRANGER_ID}"),
)
