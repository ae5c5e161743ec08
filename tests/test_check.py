"""`karabakh-atlas check`: the shipped timeline passes; broken copies fail loudly."""

from __future__ import annotations

from pathlib import Path

import yaml
from support import run_cli

from geodata import timeline as tl
from geodata.check import run_checks


def variant(tmp_path, mutate) -> Path:
    raw = yaml.safe_load(tl.timeline_path().read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def event_raw(raw: dict, event_id: str) -> dict:
    return next(e for e in raw["events"] if e["id"] == event_id)


def paraphrase(raw):
    event_raw(raw, "shusha-2020-11-08")["evidence"][0]["quote"] = (
        "On November 8, 2020, the silence was broken."
    )


def test_shipped_timeline_passes():
    assert run_checks() == []


def test_paraphrased_quote_fails(tmp_path):
    problems = run_checks(variant(tmp_path, paraphrase))
    assert len(problems) == 1
    assert "shusha-2020-11-08" in problems[0] and "not found verbatim" in problems[0]


def test_before_after_mismatch_is_a_gap(tmp_path):
    def mismatch(raw):
        event_raw(raw, "aghdam-2020-11-20")["before"] = "peacekeeping"

    problems = run_checks(variant(tmp_path, mutate=mismatch))
    assert any("aghdam-2020-11-20" in p and "gap or mismatch" in p for p in problems)


def test_first_event_must_start_from_the_initial_state(tmp_path):
    def wrong_start(raw):
        event_raw(raw, "shusha-1992-05-08")["before"] = "armenian"

    problems = run_checks(variant(tmp_path, wrong_start))
    assert any("shusha-1992-05-08" in p and "initial state" in p for p in problems)


def test_period_gap_and_overlap_fail(tmp_path):
    def gap(raw):
        raw["periods"][1]["end"] = tl.parse_date("1994-05-01")

    problems = run_checks(variant(tmp_path, gap))
    assert any("gap between period 'first-war'" in p for p in problems)

    def overlap(raw):
        raw["periods"][2]["start"] = tl.parse_date("1994-05-01")

    problems = run_checks(variant(tmp_path, overlap))
    assert any("overlaps" in p for p in problems)

    def closed(raw):
        raw["periods"][-1]["end"] = tl.parse_date("2025-01-01")

    assert any("must be open" in p for p in run_checks(variant(tmp_path, closed)))


def test_unknown_district_fails(tmp_path):
    def unknown(raw):
        event_raw(raw, "lachin-1992-05-18")["district"] = "AZ-NOPE"

    problems = run_checks(variant(tmp_path, unknown))
    assert len(problems) == 1
    assert "lachin-1992-05-18" in problems[0] and "unknown district 'AZ-NOPE'" in problems[0]


def test_unknown_document_fails(tmp_path):
    def unknown(raw):
        event_raw(raw, "shusha-2020-11-08")["evidence"][0]["document"] = "005_doesnotexist"

    problems = run_checks(variant(tmp_path, unknown))
    assert any("unknown document '005_doesnotexist'" in p for p in problems)


def test_out_of_order_events_and_unchanged_controller_fail(tmp_path):
    def reorder(raw):
        events = raw["events"]
        first = events.index(event_raw(raw, "lachin-1992-05-18"))
        events.append(events.pop(first))
        event_raw(raw, "aghdam-1993-07-23")["after"] = "azerbaijan"
        event_raw(raw, "aghdam-2020-11-20")["before"] = "azerbaijan"

    problems = run_checks(variant(tmp_path, reorder))
    assert any("lachin-1992-05-18" in p and "date order" in p for p in problems)
    assert any("aghdam-1993-07-23" in p and "name the part" in p for p in problems)


def test_design_places_need_seed_evidence(tmp_path):
    def external_only(raw):
        for event in raw["events"]:
            if event["district"] == "AZ-AGM":
                event["evidence"] = [{"external": "UN Security Council resolution 853"}]

    problems = run_checks(variant(tmp_path, external_only))
    assert problems == [
        f"{tmp_path / 'broken.yaml'}: AZ-AGM has no event with seed (non-external) evidence"
    ]


def test_cli_check_passes_on_the_shipped_file():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "passed" in result.stdout


def test_cli_check_fails_loudly_on_a_broken_copy(tmp_path):
    broken = variant(tmp_path, paraphrase)
    result = run_cli("check", "--events", str(broken))
    assert result.returncode != 0
    assert "FAIL" in result.stderr and "not found verbatim" in result.stderr
    assert "shusha-2020-11-08" in result.stderr and "1 problem(s)" in result.stderr
