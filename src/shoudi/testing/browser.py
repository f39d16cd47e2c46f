"""What the Playwright tests share: the two screen sizes, a fresh page, and signing in as a persona."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shoudi.testing.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

PHONE: ViewportSize = {"width": 360, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 900}


def new_page(browser: Browser, *, phone: bool = False, csp: bool = False) -> Page:
    """A page in a context of its own (its own cookies): a phone with touch, or a desktop screen. Playwright's
    ``wait_for_function`` compiles its predicate in the page, which the site's CSP forbids ('unsafe-eval'): the
    CSP is bypassed unless ``csp`` (tests/browser/test_csp.py checks the pages under the real policy)."""
    if phone:
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            bypass_csp=not csp,
        )
    else:
        context = browser.new_context(viewport=DESK, locale="zh-CN", bypass_csp=not csp)
    return context.new_page()


def sign_in(page: Page, base: str, username: str) -> Page:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def open_as(browser: Browser, base: str, username: str, *, phone: bool = False) -> Page:
    """A new page signed in as ``username`` and on the workbench."""
    return sign_in(new_page(browser, phone=phone), base, username)


AXE = "/static/vendor/axe-core/axe.min.js"  # vendored for the tests only: no page loads it


def axe_blocking(page: Page, base: str, scheme: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, in the colour scheme ``scheme``
    ("light" or "dark"), as lines ``scheme impact rule: targets`` (empty when there are none)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=base + AXE)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    results = page.evaluate(
        """async () => {
          await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
          return await axe.run(document, {resultTypes: ['violations']});
        }"""
    )
    return [
        f"{scheme} {v['impact']} {v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
