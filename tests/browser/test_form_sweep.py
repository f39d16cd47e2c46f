"""The form sweep: every form of Shoudi, in Chromium, as the role that uses it.

- Discovery: every ``<form>`` of every template carries ``data-form`` and has a spec; every page route that
  takes POST has a spec (or a stated exemption); no spec names a form that no template has.
- Per spec: each field kind the form has, submitted invalid (the browser's own checks off): no 5xx, a Chinese
  message next to that field, the other inputs kept, nothing changed in the database; then the valid values:
  no 5xx, a success message and the expected change in the database. Search and filter forms (GET): valid
  values show the page, hostile values do not break it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from sweep import SPECS, discover
from sweep.runner import Driver
from sweep.spec import EXEMPT_ROUTES
from sweep.world import build

pytestmark = [pytest.mark.browser]


# ---- discovery (no browser) --------------------------------------------------------------------------------


def test_every_template_form_is_named_and_swept():
    forms, unnamed = discover.template_forms()
    assert not unnamed, "<form> without data-form (name it, then add a sweep spec):\n" + "\n".join(unnamed)
    unswept = [f for f in forms if not any(f.matches(s.form) for s in SPECS.values())]
    assert not unswept, "forms without a sweep spec:\n" + "\n".join(
        f"{f.template}:{f.line} data-form={f.key!r}" for f in unswept
    )
    stale = [s.name for s in SPECS.values() if not any(f.matches(s.form) for f in forms)]
    assert not stale, f"specs whose form no template has: {stale}"
    methods = {f.key: f.method for f in forms}
    wrong = [s.name for s in SPECS.values() if any(k for k, m in methods.items() if s.form == k and m != s.method)]
    assert not wrong, f"specs whose method differs from their form's: {wrong}"


@pytest.mark.django_db
def test_every_page_route_that_takes_post_is_swept(county):
    client = Client()
    client.force_login(county)
    routes = discover.post_routes(client, county)
    swept = {s.url_name for s in SPECS.values() if s.method == "post"} | set(EXEMPT_ROUTES)
    missing = [name for name in routes if name not in swept]
    assert not missing, "routes that take POST but no sweep spec submits to them (or they lack @require_GET):\n" + (
        "\n".join(missing)
    )
    unknown = sorted(
        {s.url_name for s in SPECS.values()} - set(routes) - {s.url_name for s in SPECS.values() if s.method == "get"}
    )
    assert not unknown, f"specs naming routes that do not take POST: {unknown}"


# ---- the sweep (Chromium) ----------------------------------------------------------------------------------


@pytest.fixture
def world(live_server, transactional_db):
    return build(live_server.url)


@pytest.fixture(scope="session")
def pages(browser):
    """One page per screen size for the whole sweep in this worker, reused from spec to spec (its cookies
    cleared and the spec's persona signed in each time): a fresh browser context per spec cost more than the
    spec's own submissions. A spec that fails closes its page; the next one opens a new one."""
    from shoudi.testing.browser import new_page

    opened: dict[bool, object] = {}

    def page_for(phone: bool):
        if phone not in opened or opened[phone].is_closed():
            opened[phone] = new_page(browser, phone=phone)
            # no keep-alive: a connection left open would outlive the spec's database in the server's thread
            opened[phone].context.set_extra_http_headers({"Connection": "close"})
        return opened[phone]

    yield page_for
    for page in opened.values():
        if not page.is_closed():
            page.context.close()


def _signed_in(page, world, persona: str | None):
    page.context.clear_cookies()
    if persona:
        client = Client()
        client.force_login(world.user(persona))
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": world.base}])
    return page


@pytest.mark.parametrize("name", sorted(SPECS))
def test_form(name, pages, world):
    spec = SPECS[name]
    ctx = spec.setup(world) if spec.setup is not None else None
    page = _signed_in(pages(spec.phone), world, spec.persona)
    driver = Driver(page, world.base, spec, world, ctx)
    passed = False
    try:
        fields = driver.fields(driver.open())
        if spec.method == "post":
            driver.invalid_submissions(driver.cases(fields))
        else:
            for kind, field in driver.cases(fields):
                driver.hostile_get(kind, field)
        driver.valid_submission()
        passed = True
    finally:
        driver.stop()
        if passed:
            page.goto("about:blank")
        else:
            page.context.close()
