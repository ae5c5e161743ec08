"""Shared test setup: an isolated user data dir, and headless Debian Chromium for dash_duo."""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_BROWSER = os.environ.get("KARABAKH_ATLAS_REQUIRE_BROWSER") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
HAVE_BROWSER = bool(CHROMIUM and CHROMEDRIVER)


@pytest.fixture(autouse=True, scope="session")
def _isolated_data_dir(tmp_path_factory):
    """Never touch the real user's data dir from tests."""
    path = tmp_path_factory.mktemp("atlas-data")
    old = os.environ.get("KARABAKH_ATLAS_DATA_DIR")
    os.environ["KARABAKH_ATLAS_DATA_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("KARABAKH_ATLAS_DATA_DIR", None)
    else:
        os.environ["KARABAKH_ATLAS_DATA_DIR"] = old


def pytest_setup_options():
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,800",
    ):
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium; without it they skip, except in CI where that fails."""
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    if HAVE_BROWSER:
        return
    reason = (
        "headless Chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
    )
    for item in items:
        if "browser" in item.keywords:
            if REQUIRE_BROWSER:
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if REQUIRE_BROWSER and not HAVE_BROWSER:
        terminalreporter.write_line("FAILED: browser tests could not run (no Chromium)", red=True)


def pytest_sessionfinish(session, exitstatus):
    if REQUIRE_BROWSER and not HAVE_BROWSER and session.config.option.markexpr != "not browser":
        session.exitstatus = 1
