"""The reading panel query and `karabakh-atlas passages`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from support import run_cli

from geodata.errors import UnknownPlace
from geodata.index import open_index
from geodata.reading import format_text, passages_for, passages_for_name

NOV_2020 = ("November 2020", "November 8", "November 10", "10 November 2020")


def _is_about_shusha_in_nov_2020(passage):
    text = passage["text"]
    return (
        "Shusha" in text
        and any(word in text for word in ("liberat", "recaptur", "reclaim"))
        and any(d["start_date"][:7] in ("2020-11", "--11") for d in passage["dates"])
    )


def test_shusha_on_victory_day_puts_the_liberation_first():
    result = passages_for_name("Shusha", dt.date(2020, 11, 8))
    assert result["date"] == "2020-11-08"
    assert result["place"]["name"] == "Shusha"
    first = result["passages"][0]
    assert _is_about_shusha_in_nov_2020(first), first["text"]
    scores = [p["score"] for p in result["passages"]]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1


def test_passages_are_verbatim_spans_of_their_documents():
    index = open_index()
    result = passages_for_name("Stepanakert")
    assert result["place"]["id"] == "town:khankendi" and result["date"] is None
    assert result["passages"]
    for p in result["passages"]:
        text = index.document(p["document"])["text"]
        assert p["text"][:20] == text[p["start"] : p["start"] + 20]
        assert "Khankendi" in p["text"] or "Stepanakert" in p["text"]
        assert p["via"] is None
        for m in p["mentions"]:
            assert text[m["start"] : m["end"]] == m["surface"]


def test_district_includes_its_towns_only_labelled_via():
    district = passages_for("AZ-SUS")
    assert district and all(p["via"] == "town:shusha" for p in district)
    town = passages_for("town:shusha")
    assert town and all(p["via"] is None for p in town)
    assert {(p["document"], p["passage"]) for p in district} == {
        (p["document"], p["passage"]) for p in town
    }
    assert max(p["score"] for p in district) < max(p["score"] for p in town)


def test_sources_filter():
    only = passages_for("town:shusha", sources=["002_78e317ce47f6bc04"])
    assert only and {p["document"] for p in only} == {"002_78e317ce47f6bc04"}


def test_evidence_passages_hold_a_quote_the_timeline_cites():
    from geodata import timeline

    result = passages_for("town:khankendi")
    evidence = [p for p in result if p["kind"] == "evidence"]
    assert evidence
    cited = [e.evidence for e in timeline.load_events() if e.district == "AZ-XA"]
    cited += [m.evidence for m in timeline.load_milestones() if "AZ-XA" in m.districts]
    quotes = [item.quote for evidence in cited for item in evidence if item.quote]
    for p in evidence:
        text = open_index().document(p["document"])["text"][p["start"] : p["end"]]
        assert any(q in text for q in quotes)


def test_unknown_place():
    with pytest.raises(UnknownPlace, match=r"unknown place 'Atlantis' \(try `karabakh-atlas"):
        passages_for_name("Atlantis")


def test_text_format():
    out = format_text(passages_for_name("Khankendi", dt.date(2023, 9, 20)))
    assert out.startswith("Khankendi (town town:khankendi) around 2023-09-20:")
    assert "[1] " in out and "004_910d487d5c4889c4 [" in out


def _cli(*args):
    return run_cli("passages", *args)


def test_cli_stepanakert_json():
    run = _cli("--place", "Stepanakert", "--format", "json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["place"] == {"id": "town:khankendi", "name": "Khankendi", "kind": "town"}
    assert result["passages"]
    assert all("Khankendi" in p["text"] or "Stepanakert" in p["text"] for p in result["passages"])
    keys = {"document", "title", "start", "end", "text", "kind", "score"}
    assert all(keys <= set(p) for p in result["passages"])


def test_cli_shusha_on_victory_day():
    run = _cli("--place", "Shusha", "--date", "2020-11-08", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert _is_about_shusha_in_nov_2020(json.loads(run.stdout)["passages"][0])


@pytest.mark.parametrize(
    "args, message",
    [
        (("--place", "Atlantis"), "unknown place 'Atlantis'"),
        (("--place", "Shusha", "--date", "2020-13-45"), "date"),
    ],
)
def test_cli_errors_exit_2_with_one_line(args, message):
    run = _cli(*args)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith("karabakh-atlas: error: ") and message in lines[0]
    )
