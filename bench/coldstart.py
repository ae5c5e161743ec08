"""Cold start: launching ``karabakh-atlas serve`` until the page answers 200, and its parts
(importing ``dashboard.app``, then ``create_app()``) timed in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

from bench import servers
from bench.results import Figure

PARTS_SCRIPT = """
import json, time
t0 = time.perf_counter()
import dashboard.app
t1 = time.perf_counter()
dashboard.app.create_app()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "create": t2 - t1}))
"""


def launch_to_first_200(workers: int | None) -> float:
    """Seconds from starting the CLI process to the first 200 on ``/``."""
    port = servers.free_port()
    with tempfile.TemporaryDirectory(prefix="atlas-cold-") as data_dir:
        began = time.perf_counter()
        env = {"KARABAKH_ATLAS_DATA_DIR": data_dir}
        with servers.running(servers.atlas_command(port, workers), port, env=env):
            return time.perf_counter() - began


def parts() -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PARTS_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[Figure]:
    repeats = 2 if quick else 5
    dev, prod, imports, creates = [], [], [], []
    for _ in range(repeats):
        dev.append(launch_to_first_200(None))
        prod.append(launch_to_first_200(2))
        measured = parts()
        imports.append(measured["import"])
        creates.append(measured["create"])
    return [
        Figure("coldstart_serve_to_200", "s", dev, target="informational: dev server"),
        Figure(
            "coldstart_production_to_200", "s", prod, target="informational: gunicorn, 2 workers"
        ),
        Figure("coldstart_import", "s", imports, target="informational: import dashboard.app"),
        Figure("coldstart_create_app", "s", creates, target="informational: create_app()"),
    ]
