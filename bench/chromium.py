"""Headless Debian Chromium, started the same way by the tests, the benchmarks and the
screenshot script. The background-networking flags matter: this machine has no internet, and
without them Chromium keeps trying to reach Google's hosts."""

from __future__ import annotations

import shutil

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--hide-scrollbars",
)


def chromium_path() -> str | None:
    """The Chromium binary, or None when it or chromedriver is missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and shutil.which("chromedriver") else None


def chrome_options(window: tuple[int, int] = (1280, 800)):
    """Selenium options for headless Chromium with a ``window`` (width, height) viewport."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = chromium_path() or ""
    for flag in (*FLAGS, f"--window-size={max(window[0], 500)},{window[1]}"):
        options.add_argument(flag)
    if window[0] < 500:  # desktop Chromium windows are at least 500 px wide: emulate a phone
        metrics = {"width": window[0], "height": window[1], "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return options
