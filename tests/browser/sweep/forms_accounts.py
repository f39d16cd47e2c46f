"""Signing in and out."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from shoudi.testing.factories import PASSWORD

from .spec import form

form(
    name="accounts.login",
    form="accounts.login",
    url_name="accounts:login",
    persona="",
    page=lambda w, ctx: "/accounts/login/",
    valid={"username": "village_a", "password": PASSWORD},
    changed=lambda w, ctx: Session.objects.exists(),
    success=None,
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=count-households]"),
)

form(
    name="accounts.logout",
    form="accounts.logout",
    url_name="accounts:logout",
    persona="village_a",
    page=lambda w, ctx: "/",
    valid={},
    changed=lambda w, ctx: not Session.objects.exists(),  # the only session, the persona's, has ended
    success=None,
    after_valid=lambda page, w, ctx: page.wait_for_selector("form[data-form='accounts.login']"),
)

form(
    name="core.quick_search",
    form="core.quick_search",
    url_name="registry:list",
    persona="village_a",
    method="get",
    page=lambda w, ctx: "/",
    valid={"q": "吴"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("#results"),
)
