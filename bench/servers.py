"""Start the servers under test on loopback, wait until they answer, stop them, read memory."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(
    url: str, proc: subprocess.Popen, timeout: float = 90, poll: float = 0.02
) -> float:
    """Poll ``url`` until it answers 200; returns the seconds waited. Raises if the process dies."""
    began = time.perf_counter()
    deadline = began + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"server exited early ({proc.returncode}):\n{out[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - began
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(poll)
    raise RuntimeError(f"server did not answer at {url} within {timeout}s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process we started (gunicorn stops its workers), then SIGKILL if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def atlas_command(port: int, workers: int | None = None) -> list[str]:
    """``karabakh-atlas serve`` on loopback (gunicorn when ``workers`` is given)."""
    cmd = [str(BIN / "karabakh-atlas"), "serve", "--host", HOST, "--port", str(port)]
    if not (BIN / "karabakh-atlas").exists():
        cmd = [sys.executable, "-m", "dashboard.cli", *cmd[1:]]
    if workers:
        cmd += ["--production", "--workers", str(workers)]
    return cmd


def baseline_command(port: int, workers: int) -> list[str]:
    """The naive baseline app (bench/baseline_app.py) under the same gunicorn settings."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--preload",
        "bench.baseline_app:server",
    ]


@contextlib.contextmanager
def running(
    cmd: list[str], port: int, env: dict | None = None, timeout: float = 90
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``cmd`` until the ``with`` block ends; yields ``(base url, process)`` once it answers."""
    repo = Path(__file__).resolve().parent.parent
    full_env = dict(os.environ, **(env or {}))
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo), full_env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        cmd, cwd=repo, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(url + "/", proc, timeout)
        yield url, proc
    finally:
        stop(proc)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def tree_memory(pid: int) -> dict[str, float]:
    """Resident memory (MB) of ``pid`` and its descendants: summed RSS and summed PSS.

    RSS counts pages shared by gunicorn's preloaded workers once per process; PSS splits them.
    """
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue += _children(current)
    rss = pss = 0
    for p in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return {"rss_mb": rss / 1024, "pss_mb": pss / 1024, "processes": len(pids)}
