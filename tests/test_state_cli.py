"""`karabakh-atlas state`: the real command line, run as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date, timedelta

from support import run_cli

from geodata.timeline import DISTRICTS


def state(*args: str) -> subprocess.CompletedProcess:
    return run_cli("state", *args)


def test_json_shape_and_values():
    result = state("--date", "2020-11-09", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"date", "districts"} and doc["date"] == "2020-11-09"
    assert [row["id"] for row in doc["districts"]] == list(DISTRICTS)
    keys = {"id", "name", "controller", "extent", "since", "event"}
    assert all(set(row) == keys for row in doc["districts"])
    rows = {row["id"]: row for row in doc["districts"]}
    assert rows["AZ-SUS"] == {
        "id": "AZ-SUS",
        "name": "Shusha",
        "controller": "azerbaijan",
        "extent": "whole",
        "since": "2020-11-08",
        "event": "shusha-2020-11-08",
    }
    assert rows["AZ-AGM"]["controller"] == rows["AZ-LAC"]["controller"] == "armenian"
    assert rows["AZ-XA"]["name"] == "Khankendi" and rows["AZ-XA"]["controller"] == "armenian"


def test_default_format_is_json():
    assert json.loads(state("--date", "2023-09-21").stdout)["districts"][4]["controller"] == (
        "azerbaijan"
    )


def test_csv_has_the_json_columns_plus_extent_note():
    result = state("--date", "2020-12-02", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "name", "controller", "extent", "extent_note", "since", "event"]
    lachin = next(r for r in rows if r["id"] == "AZ-LAC")
    assert (lachin["controller"], lachin["extent"], lachin["since"]) == (
        "azerbaijan",
        "partial",
        "2020-12-01",
    )
    assert "corridor" in lachin["extent_note"]


def test_geojson_has_a_polygon_per_district():
    result = state("--date", "2023-09-18", "--format", "geojson")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 12
    by_id = {f["id"]: f for f in doc["features"]}
    assert set(by_id) == set(DISTRICTS)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in doc["features"])
    assert all(f["geometry"]["coordinates"] for f in doc["features"])
    khankendi = by_id["AZ-XA"]["properties"]
    assert khankendi["controller"] == "peacekeeping" and khankendi["date"] == "2023-09-18"


def test_bad_date_is_one_line_on_stderr_and_exit_2():
    result = state("--date", "banana")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad date 'banana'" in lines[0] and "1988-01-01" in lines[0]


def test_out_of_range_dates_exit_2():
    for day in ("1987-12-31", (date.today() + timedelta(days=1)).isoformat()):
        result = state("--date", day)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "out of range" in result.stderr
