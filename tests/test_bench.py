"""Smoke tests for bench/ (the cheap parts), so the harness cannot silently rot. No timings."""

from __future__ import annotations

import json

import pytest

from bench import load, pipeline
from bench.results import FIGURE_KEYS, Figure, validate, write_results


def test_results_json_has_the_documented_shape(tmp_path):
    figures = [
        Figure(
            "slider_step_bytes",
            "bytes",
            [0, 0, 0],
            [117_000, 118_000],
            "≤ 5 KB",
            lambda m, r: m <= 5000,
        ),
        Figure("coldstart_import", "s", [1.2, 0.9, 1.0]),
    ]
    path = tmp_path / "results.json"
    write_results(figures, path)
    document = json.loads(path.read_text())
    assert set(document) == {"machine", "date", "figures"}
    first, second = document["figures"]
    assert tuple(first) == FIGURE_KEYS
    assert first["baseline_median"] == 117_500
    assert first["ratio"] == 117_500  # ours is 0 bytes: counted as 1
    assert first["meets_target"] is True
    assert (second["median"], second["min"], second["max"]) == (1, 0.9, 1.2)
    assert second["ratio"] is None and second["meets_target"] is None


def test_validate_rejects_a_wrong_shape():
    with pytest.raises(ValueError, match="figure keys"):
        validate({"machine": "m", "date": "d", "figures": [{"name": "x", "median": 1}]})


def test_generated_corpus_copies_differ_from_the_seeds_and_each_other(tmp_path):
    from geodata.corpus import read_text, seed_paths

    total = pipeline.make_corpus(tmp_path, 2)
    files = sorted(tmp_path.glob("*.txt"))
    texts = {f.read_text(encoding="utf-8") for f in files}
    seeds = {read_text(p) for p in seed_paths()}
    assert len(files) == 2 * len(seeds) == len(texts)
    assert not texts & seeds
    assert total == sum(len(t.encode("utf-8")) for t in texts)


def test_load_test_request_body_is_answered_by_the_real_app():
    from dashboard.app import create_app

    client = create_app().server.test_client()
    dependencies = client.get("/_dash-dependencies").get_json()
    layout = client.get("/_dash-layout").get_json()
    key = {"place": "AZ-SUS", "period": None, "date": "2020-11-08"}
    body = load.callback_body(dependencies, layout, load.PANEL_OUTPUT, {"panel-key.data": key})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert "Shusha" in response.get_data(as_text=True)
