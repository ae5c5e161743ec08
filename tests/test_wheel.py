"""The product works from an installed wheel, away from the checkout (data is package data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel from this checkout and install it (without deps) into a bare folder."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )
    (wheel,) = out.glob("karabakh_atlas-*.whl")
    target = out / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target)]
        + [str(wheel)],
        check=True,
    )
    return target


def _run_installed(site: Path, code: str, tmp_path: Path) -> str:
    # Only the installed copy is importable: cwd is elsewhere and PYTHONPATH puts it first.
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONSAFEPATH="1")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wheel_ships_seeds_assets_and_data(installed):
    names = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    for seed in (ROOT / "seeds").glob("*.txt"):
        assert f"geodata/seeds/{seed.name}" in names
    for data in (ROOT / "geodata" / "data").iterdir():
        assert f"geodata/data/{data.name}" in names
    for asset in (ROOT / "assets").iterdir():
        assert f"dashboard/assets/{asset.name}" in names


def test_installed_copy_finds_its_own_files(installed, tmp_path):
    out = _run_installed(
        installed,
        "import json, dashboard.app, geodata, geodata.config as c;"
        "app = dashboard.app.create_app();"
        "print(json.dumps([geodata.__file__, str(c.seeds_dir()), app.config.assets_folder]))",
        tmp_path,
    )
    module, seeds, assets = json.loads(out)
    for path in (module, seeds, assets):
        assert Path(path).is_relative_to(installed), path
    assert sorted(p.name for p in Path(seeds).glob("*.txt")) == sorted(
        p.name for p in (ROOT / "seeds").glob("*.txt")
    )


def test_wheel_metadata_declares_console_script(installed):
    (dist_info,) = installed.glob("karabakh_atlas-*.dist-info")
    entry_points = (dist_info / "entry_points.txt").read_text()
    assert "karabakh-atlas = dashboard.cli:main" in entry_points
