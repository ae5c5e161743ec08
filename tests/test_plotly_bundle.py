"""The committed partial plotly.js bundle and MapLibre in assets/: present, small, and built from
the plotly.js version plotly.py ships (otherwise rebuild with scripts/build-plotly-bundle.sh)."""

import json
import re
from pathlib import Path

import plotly.offline

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "assets" / "plotly-map.min.js"
CSS = ROOT / "assets" / "plotly-map.min.css"
MAPLIBRE = ROOT / "assets" / "maplibre-gl.js"
RUNTIME = ROOT / "assets" / "regenerator-runtime.js"
PACKAGE = ROOT / "scripts" / "plotly-bundle"
# Measured 1,281,791 bytes for plotly.js 4.1.1 and 1,058,059 for MapLibre 5.24.1; the first page
# must stay under 4 MB in total.
MAX_BUNDLE_BYTES = 1_400_000
MAX_MAPLIBRE_BYTES = 1_100_000
MAX_CSS_BYTES = 100_000
REBUILD = "rebuild with: bash scripts/build-plotly-bundle.sh"


def _header_version(path: Path) -> str:
    head = path.read_text(encoding="utf-8")[:400]
    match = re.match(
        r"/\*! plotly\.js v(\S+) partial bundle: core \+ choroplethmap \(MapLibre", head
    )
    assert match, f"{path.name} lacks the build header; {REBUILD}"
    return match.group(1)


def test_bundle_and_css_exist_within_budget():
    assert 1_000_000 < BUNDLE.stat().st_size < MAX_BUNDLE_BYTES
    assert 10_000 < CSS.stat().st_size < MAX_CSS_BYTES
    assert 500_000 < MAPLIBRE.stat().st_size < MAX_MAPLIBRE_BYTES


def test_maplibre_is_the_pinned_release():
    pinned = json.loads((PACKAGE / "package.json").read_text())["dependencies"]["maplibre-gl-5"]
    version = pinned.removeprefix("npm:maplibre-gl@")
    assert re.fullmatch(r"5\.\d+\.\d+", version), "pin an exact MapLibre 5 release"
    head = MAPLIBRE.read_text(encoding="utf-8")[:300]
    assert f"maplibre-gl-js/blob/v{version}/LICENSE.txt" in head, REBUILD
    # that the page loads it before the plotly bundle: tests/test_server.py


def test_regenerator_runtime_is_the_pinned_release():
    pinned = json.loads((PACKAGE / "package.json").read_text())["dependencies"]
    head = RUNTIME.read_text(encoding="utf-8")[:600]
    assert head.startswith(f"/*! regenerator-runtime v{pinned['regenerator-runtime']}, MIT"), (
        REBUILD
    )
    assert "var runtime = (function (exports)" in head


def test_bundle_matches_plotly_py_and_pinned_version():
    shipped = plotly.offline.get_plotlyjs_version()
    pinned = json.loads((PACKAGE / "package.json").read_text())["dependencies"]["plotly.js"]
    assert _header_version(BUNDLE) == "4.1.1"
    assert _header_version(BUNDLE) == shipped, f"plotly.py ships plotly.js {shipped}; {REBUILD}"
    assert _header_version(CSS) == shipped, f"plotly.py ships plotly.js {shipped}; {REBUILD}"
    assert pinned == shipped, f"pin plotly.js {shipped} in scripts/plotly-bundle/package.json"


def test_bundle_registers_only_the_map_traces():
    text = BUNDLE.read_text(encoding="utf-8")
    header = text[:400]
    assert "MIT licence" in header and "Rebuild: bash scripts/build-plotly-bundle.sh" in header
    traces = set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))
    assert traces == {"scatter", "choroplethmap"}  # core always has scatter
    assert "window.Plotly=" in text


def test_plotly_style_rules_are_in_the_css_not_inserted_by_the_bundle():
    css = CSS.read_text(encoding="utf-8")
    assert ".js-plotly-plot .plotly .main-svg{position:absolute;" in css
    assert ".plotly-notifier .notifier-close:hover{" in css
    # plotly.js's build/plotcss.js, replaced by an empty module
    assert '"X .main-svg"' not in BUNDLE.read_text(encoding="utf-8")


def test_lockfile_downloads_only_from_npm_registry():
    lock = json.loads((PACKAGE / "package-lock.json").read_text())
    packages = lock["packages"]
    assert (
        packages["node_modules/plotly.js"]["version"] == packages[""]["dependencies"]["plotly.js"]
    )
    for name, entry in packages.items():
        resolved = entry.get("resolved")
        assert resolved is None or resolved.startswith("https://registry.npmjs.org/"), name
        assert name == "" or entry.get("integrity", "").startswith("sha512-"), name
