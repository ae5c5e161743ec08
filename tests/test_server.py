"""The real production server (gunicorn via `karabakh-atlas serve --production`) on loopback."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bench import servers
from dashboard.serve import is_loopback


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def production_server():
    port = servers.free_port()
    env = {"KARABAKH_ATLAS_MAX_REQUEST_BYTES": "100000"}
    with servers.running(servers.atlas_command(port, workers=2), port, env=env) as (url, _proc):
        yield url


def test_security_headers_on_page_and_assets(production_server):
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        with urllib.request.urlopen(production_server + path, timeout=10) as response:
            headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "http" not in csp, "the CSP must not allow any other host"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_page_is_not_in_debug_mode(production_server):
    with urllib.request.urlopen(production_server + "/", timeout=10) as response:
        page = response.read().decode()
    assert '"ui":false' in page.replace(" ", "") or '"ui": false' in page
    assert "_dash-dev-tools" not in page


def test_oversized_request_is_refused(production_server):
    body = b'{"output": "x", "inputs": [], "pad": "' + b"a" * 200_000 + b'"}'
    request = urllib.request.Request(
        production_server + "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 413


def test_debug_refuses_non_loopback_address():
    proc = _cli("serve", "--debug", "--host", "0.0.0.0", "--port", str(servers.free_port()))
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "refuses to bind" in out
    assert len(out.strip().splitlines()) == 1


def test_is_loopback():
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.0.2.1")


def test_page_scripts_are_dash_ours_and_no_datatable_or_polyfill(production_server):
    with urllib.request.urlopen(production_server + "/", timeout=10) as response:
        page = response.read().decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    names = [s.split("/")[-1].split("?")[0] for s in scripts]
    assert not [s for s in scripts if "dash_table" in s]  # the page has no DataTable
    for wanted in ("atlas.js", "maplibre-gl.js", "plotly-map.min.js"):
        assert wanted in names
    assert names.index("maplibre-gl.js") < names.index("plotly-map.min.js")
    assert any(n.startswith("dash_renderer") for n in names)
    assert not [n for n in names if n.startswith("polyfill@")]
    # the Graph and Slider chunks load with the page, after dcc's own scripts, and exist
    assert names.index("async-graph.js") > names.index(next(n for n in names if "-shared" in n))
    assert "async-slider.js" in names
    for src in scripts:
        with urllib.request.urlopen(production_server + src, timeout=10) as response:
            assert response.status == 200 and len(response.read()) > 1000
    # dcc needs regeneratorRuntime defined before it loads
    dcc = next(i for i, n in enumerate(names) if n.startswith("dash_core_components"))
    assert names.index("regenerator-runtime.js") < dcc
