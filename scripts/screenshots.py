"""Screenshots of the dashboard's main states, saved as PNG under docs/.

Usage: ``.venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8050] [--out docs]``.
Without ``--url`` the app is started on a free loopback port in this process. Headless Debian
Chromium set up as in bench/chromium.py.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench.chromium: the same browser set-up as the tests
from bench.chromium import chrome_options  # noqa: E402
from bench.servers import free_port  # noqa: E402

# (file name, query or path, window size, what to do before the shot)
SHOTS = (
    ("screenshot-2020-11-08-shusha.png", "/?date=2020-11-08&place=AZ-SUS", (1280, 800), None),
    ("screenshot-1993-10-01.png", "/?date=1993-10-01", (1280, 800), None),
    ("screenshot-2021-06-01-peacekeeping.png", "/?date=2021-06-01&place=AZ-XA", (1280, 800), None),
    ("screenshot-zoomed.png", "/?date=2020-11-09", (1280, 800), "zoom"),
    ("screenshot-document.png", "/?date=2020-11-08&place=AZ-SUS", (1280, 800), "document"),
    ("screenshot-phone.png", "/?date=2020-11-08&place=AZ-SUS", (390, 844), None),
    ("screenshot-phone-panel.png", "/?date=2020-11-08&place=AZ-SUS", (390, 844), "panel"),
    ("screenshot-bad-link.png", "/?date=banana", (1280, 800), None),
)


def _start_app() -> str:
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    port = free_port()
    server = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}"


def _driver(size: tuple[int, int]) -> webdriver.Chrome:
    return webdriver.Chrome(options=chrome_options(size))


def _wait_painted(driver, timeout: float = 20) -> None:
    wait = WebDriverWait(driver, timeout)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map [data-painted-day]")))
    time.sleep(1.0)  # the reading panel and the map settle


def shoot(base: str, out: Path) -> list[Path]:
    saved = []
    for name, path, size, action in SHOTS:
        driver = _driver(size)
        try:
            driver.get(base + path)
            _wait_painted(driver)
            if "place=" in path:
                WebDriverWait(driver, 20).until(
                    ec.presence_of_element_located((By.CSS_SELECTOR, "#panel-content .passage"))
                )
            if action == "zoom":
                time.sleep(1.0)
                driver.execute_script(
                    "var gd = document.querySelector('#map .js-plotly-plot');"
                    "Plotly.relayout(gd, {'map.zoom': 9.6,"
                    " 'map.center': {lon: 46.76, lat: 39.82}});"
                )
                time.sleep(1.5)
            if action == "panel":
                driver.execute_script("document.getElementById('panel').scrollIntoView();")
                time.sleep(0.3)
            if action == "document":
                driver.find_element(By.CSS_SELECTOR, "#panel-content .passage .read-full").click()
                WebDriverWait(driver, 20).until(
                    ec.presence_of_element_located((By.CSS_SELECTOR, "#document-content mark"))
                )
                time.sleep(0.5)
            target = out / name
            driver.save_screenshot(str(target))
            saved.append(target)
        finally:
            driver.quit()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running app (default: start one here)")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the PNG files")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in shoot((args.url or _start_app()).rstrip("/"), out):
        print(path)


if __name__ == "__main__":
    main()
