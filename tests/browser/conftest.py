"""One Chromium for the whole browser suite (Debian's, through Playwright: it cannot download its own here)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """How much the form sweep covers, printed with every run that collected the browser tests."""
    from sweep import SPECS, discover

    forms, _ = discover.template_forms()
    posted = {s.form for s in SPECS.values() if s.method == "post"}
    terminalreporter.write_line(
        f"表单巡检（form sweep）：模板中 {len(forms)} 个 <form>（POST {sum(f.method == 'post' for f in forms)}，"
        f"GET {sum(f.method == 'get' for f in forms)}），{len(SPECS)} 条巡检规格覆盖 {len(posted)} 种提交表单"
    )


@pytest.fixture
def policy(settings, tmp_path):
    """The monitoring line and the other policy parameters, the assistance rules, and media in a temp folder."""
    from shoudi.testing.assistance import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()
