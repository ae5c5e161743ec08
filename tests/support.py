"""Helpers shared by the tests (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``karabakh-atlas`` command line (``python -m dashboard.cli``)."""
    env = dict(os.environ)
    if data_dir is not None:
        env["KARABAKH_ATLAS_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
