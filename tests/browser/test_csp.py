"""The Content-Security-Policy holds in a real browser: the main pages, as the personas who use them, load and
work (htmx swaps, ECharts draws, Swagger UI renders, the offline app starts its service worker) with no CSP
violation and no console error. Every ``securitypolicyviolation`` event and console error is collected by a script
Playwright adds before any page script runs.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live server."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from shoudi.testing.browser import new_page, sign_in
from shoudi.testing.factories import COUNTY

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watched(browser: Any, problems: list[str]) -> Page:
    page = new_page(browser, csp=True)
    page.context.add_init_script(WATCH)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return page


def _visit(page: Page, url: str, problems: list[str], ready: str = "body") -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    problems += [f"{url}: {v}" for v in page.evaluate("window.__csp")]


@pytest.fixture
def data(regions):
    from shoudi.reports.tests.data import build

    return build()


def test_main_pages_run_under_the_policy_without_violations(live_server, browser, data, village_a, county):
    from shoudi.hhcodes import services as hhcodes

    base = live_server.url
    household = data["households"]["a1"]
    household.phone = "13987654321"
    household.save(update_fields=["phone"])
    case = data["cases"]["a1"]
    code = hhcodes.code_issue(by=village_a, household=household)
    problems: list[str] = []

    public = _watched(browser, problems)
    _visit(public, f"{base}/accounts/login/", problems, "#id_username")
    _visit(public, f"{base}/apply/", problems, "form")
    _visit(public, f"{base}/c/{code.token}/", problems, "[data-testid=hhcode-form]")

    staff = _watched(browser, problems)
    sign_in(staff, base, "village_a")
    _visit(staff, f"{base}/", problems, "h1")
    _visit(staff, f"{base}/households/", problems, "table")
    staff.fill("input[name=q]", household.number[-4:])  # the list's htmx search
    staff.wait_for_load_state("networkidle")
    _visit(staff, f"{base}{reverse('registry:detail', args=[household.pk])}", problems, "h1")
    staff.click("[data-testid=reveal-phone]")  # an htmx POST swaps the full phone in
    staff.wait_for_selector("[data-testid=full-phone]")
    _visit(staff, f"{base}{reverse('monitoring:case', args=[case.pk])}", problems, "h1")
    _visit(staff, f"{base}/api/docs", problems, ".swagger-ui .opblock-tag")
    _visit(staff, f"{base}/field/", problems, "#field-app[data-ready='1']")
    problems += [f"/field/: {v}" for v in staff.evaluate("window.__csp")]
    assert staff.evaluate("navigator.serviceWorker.getRegistration().then((r) => !!r)")

    leader = _watched(browser, problems)
    sign_in(leader, base, county.username)
    _visit(leader, f"{base}/reports/dashboard/{COUNTY}/?period=2026-10", problems, '[data-chart="trend"] canvas')

    for page in (staff, leader):
        page.context.close()
    assert not problems, "\n".join(problems)

    # the watch itself works: an inline script slipped into a page is refused and reported
    public.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1'; "
        "document.head.appendChild(s); }"
    )
    public.wait_for_function("window.__csp.length > 0")
    assert public.evaluate("window.inlineRan") is None
    assert "script-src" in public.evaluate("window.__csp")[0]
    assert any("Content Security Policy" in p for p in problems)
    public.context.close()
