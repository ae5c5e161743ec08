"""The SQLite index: build, freshness, atomic replacement, concurrent builds."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import pytest

from geodata.errors import DataError
from geodata.index import build_index, fingerprint, index_path, open_index
from geodata.sources import save_user_document

SEED = "003_d435b1749c76b94b"
SUMMARY = re.compile(r"^5 documents, (\d+) passages, (\d+) place mentions, (\d+) date mentions")


def test_build_then_up_to_date(tmp_path):
    first = build_index(tmp_path)
    m = SUMMARY.match(first)
    assert m and "built" in first
    assert int(m[1]) > 100 and int(m[2]) > 300 and int(m[3]) > 50
    again = build_index(tmp_path)
    assert "up to date" in again and SUMMARY.match(again)[0] == m[0]
    assert "built" in build_index(tmp_path, force=True)


def test_queries(tmp_path):
    index = open_index(tmp_path)
    docs = index.documents()
    assert [d["id"] for d in docs][:1] == ["000_fbdcc1264e4bff32"]
    assert {d["origin"] for d in docs} == {"seed"}
    doc = index.document("003_d435b1749c76b94b")
    text = doc["text"]
    assert doc["author"] == "Jeyhun Bayramov"
    passages = index.passages("003_d435b1749c76b94b")
    assert index.passage("003_d435b1749c76b94b", 2) == passages[2]
    start = text.index("Aghdam, Kalbajar")
    owner = index.passage_containing("003_d435b1749c76b94b", start, start + 6)
    assert owner is not None and "Aghdam, Kalbajar and Lachin districts" in owner.text
    mentions = index.mentions("003_d435b1749c76b94b")
    assert ("AZ-AGM", "Aghdam") in {(m.place_id, m.surface) for _i, m in mentions}
    assert all(text[m.start : m.end] == m.surface for _i, m in mentions)
    dates = index.dates("003_d435b1749c76b94b")
    assert all(text[m.start : m.end] == m.surface for _i, m in dates)
    hits = index.passages_mentioning(["town:khankendi"])
    assert hits and all(h.passage.document == "004_910d487d5c4889c4" for h in hits)
    assert all(any(m.place_id == "town:khankendi" for m in h.places) for h in hits)
    with pytest.raises(DataError, match="unknown document"):
        index.document("nope")


def test_user_document_triggers_a_rebuild(tmp_path, user_source):
    build_index(tmp_path)
    before = fingerprint(tmp_path)
    save_user_document(user_source(), "Fighting reached Shusha on 8 November 2020.\n", tmp_path)
    assert fingerprint(tmp_path) != before
    index = open_index(tmp_path)
    assert index.summary().startswith("6 documents")
    (doc,) = [d for d in index.documents() if d["origin"] == "user"]
    assert doc["id"] == "user_00112233445566778899"
    (hit,) = [
        h for h in index.passages_mentioning(["town:shusha"]) if h.passage.document == doc["id"]
    ]
    assert [d.start_date for d in hit.dates] == ["2020-11-08"]


def test_failing_build_leaves_the_old_index(tmp_path):
    build_index(tmp_path)
    path = index_path(tmp_path)
    old = path.read_bytes()
    folder = tmp_path / "corpus"
    folder.mkdir()
    # a sidecar without its text file: the build must fail after it started
    (folder / "user_deadbeefdeadbeef.toml").write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(DataError, match="user_deadbeefdeadbeef"):
        build_index(tmp_path, force=True)
    assert path.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_two_processes_building_at_once(tmp_path):
    code = "import sys; from geodata.index import build_index; print(build_index(sys.argv[1]))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sorted("built" in o for o in outs) == [False, True]  # the second one waited
    assert open_index(tmp_path).summary() == SUMMARY.match(outs[0])[0]


def _rows(path):
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("documents", "passages", "place_mentions", "date_mentions")
        }


def test_rebuild_reuses_the_rows_of_unchanged_documents(tmp_path, user_source):
    build_index(tmp_path)
    path = index_path(tmp_path)
    with sqlite3.connect(path) as conn:  # mark a seed's rows: only a copy keeps the mark
        conn.execute("UPDATE passages SET text = 'marked' WHERE document = ? AND idx = 0", (SEED,))
    save_user_document(user_source(), "Fighting reached Shusha on 8 November 2020.\n", tmp_path)
    assert "6 documents" in build_index(tmp_path)
    assert open_index(tmp_path).passage(SEED, 0).text == "marked"
    assert open_index(tmp_path).passages("user_00112233445566778899")
    build_index(tmp_path, force=True)  # force reprocesses every document
    assert open_index(tmp_path).passage(SEED, 0).text != "marked"


def test_ingested_results_match_a_full_rebuild(tmp_path):
    from geodata.ingest import ingest

    doc = tmp_path / "notes.txt"
    doc.write_text("Shusha, Fuzuli and Lachin districts\n\nOn 9 October 2020 ...\n", "utf-8")
    data = tmp_path / "data"
    build_index(data)
    assert len(ingest([doc], data_dir=data).added) == 1
    handed_over = _rows(index_path(data))
    # the files ingest handed over without reading them back are what the disk holds
    assert build_index(data).endswith(f"(up to date: {index_path(data)})")
    build_index(data, force=True)
    assert _rows(index_path(data)) == handed_over


def test_process_rows_are_the_rows_of_process_document():
    from geodata.corpus import process_document, read_text, seed_paths
    from geodata.index import process_rows

    for path in seed_paths():
        text = read_text(path)
        passage_rows, place_rows, date_rows = process_rows(path.stem, text)
        passages, places, dates = process_document(path.stem, text)
        assert all((passage_rows, place_rows, date_rows))
        assert [r[:6] for r in passage_rows] == [
            (p.document, p.index, p.start, p.end, p.kind, p.text) for p in passages
        ]
        assert place_rows == [
            (path.stem, loc.passage, m.start, m.end, m.surface, m.place_id, m.kind)
            for loc in places
            for m in [loc.mention]
        ]
        assert [r[1:] for r in date_rows] == [
            (loc.passage, m.start, m.end, m.surface, m.start_date, m.end_date, m.precision,
             int(m.year_inferred))
            for loc in dates
            for m in [loc.mention]
        ]  # fmt: skip
