"""Shared fixtures: the project paths, the raw sources, and a real browser (Debian's chromium)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("MLEARN_RAW", ROOT.parent / "shared" / "data-raw"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw public sources; tests that need them skip when absent (never in CI)."""
    if not RAW.is_dir():
        if IN_CI:
            pytest.fail(f"raw sources missing at {RAW} (CI=true)")
        pytest.skip(f"raw sources not available at {RAW}")
    return RAW


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium (make test does it as root)"
        if IN_CI:
            pytest.fail(message + " — CI=true: browser tests may not be skipped")
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's fixtures launch the system chromium, never a downloaded one."""
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def chromium():
    """A headless system chromium driven by Playwright (sync API), shared by the session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class OfflinePage:
    """A page whose requests outside ``allowed_hosts`` are aborted and recorded, with console errors kept."""

    def __init__(self, browser, allowed_hosts=("127.0.0.1", "localhost")):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.allowed_hosts = set(allowed_hosts)
        self.page.route("**/*", self._route)
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.scheme == "file":
            return route.continue_()
        if parsed.hostname in self.allowed_hosts:
            return route.continue_()
        self.external_requests.append(url)
        return route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def offline_page(chromium):
    """A fresh page in its own context: external requests are aborted and listed in ``.external_requests``."""
    page = OfflinePage(chromium)
    yield page
    page.close()
