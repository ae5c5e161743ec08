"""Bring your own sources, through the real command line: ingest, list, show, passages, remove,
and every rejection path leaving the corpus and its index untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT, run_cli
from test_extract import minimal_pdf

from geodata.ingest import IngestReport, ingest, sidecar_path

FIXTURES = Path(__file__).parent / "data" / "ingest"
REPORT = FIXTURES / "field_report.txt"
BULLETIN = FIXTURES / "bulletin.html"
TURSHSU = "geonames:393875"
HORADIZ = "geonames:148003"


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return run_cli(*args, data_dir=data_dir)


def cli_json(*args: str, data_dir: Path):
    done = cli(*args, "--format", "json", "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def state(data_dir: Path) -> tuple[list[str], str]:
    """The corpus folder listing and the index file's sha256."""
    corpus = data_dir / "corpus"
    listing = sorted(p.name for p in corpus.iterdir()) if corpus.is_dir() else []
    index = data_dir / "index.sqlite"
    digest = hashlib.sha256(index.read_bytes()).hexdigest() if index.is_file() else "none"
    return listing, digest


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A data dir where the fixture folder was ingested by the CLI: (dir, ids by file name)."""
    data_dir = tmp_path_factory.mktemp("ingested")
    done = cli("ingest", str(FIXTURES), "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "added 2, skipped 0, rejected 0"
    ids = {}
    for line in done.stdout.splitlines()[:-1]:
        word, doc_id, path = line.split()[:3]
        assert word == "added"
        ids[Path(path).name] = doc_id.rstrip(":")
    assert "files" in done.stderr and "passages" in done.stderr  # the tqdm bars
    return data_dir, ids


def test_sources_list(ingested):
    data_dir, ids = ingested
    rows = {r["id"]: r for r in cli_json("sources", "list", data_dir=data_dir)}
    report = rows[ids["field_report.txt"]]
    assert report["origin"] == "user"
    assert report["title"] == "Test fixture: field notes on travel and reconstruction"
    assert report["date"] == "2024-03"
    assert rows[ids["bulletin.html"]]["title"] == "Test fixture: HTML bulletin"  # <title>
    assert sum(r["origin"] == "seed" for r in rows.values()) == 5
    text = cli("sources", "list", "--data-dir", str(data_dir), data_dir=data_dir)
    assert ids["field_report.txt"] in text.stdout


def test_sources_show_json(ingested):
    data_dir, ids = ingested
    doc_id = ids["field_report.txt"]
    shown = cli_json("sources", "show", doc_id, data_dir=data_dir)
    meta = shown["metadata"]
    assert (meta["author"], meta["kind"], meta["date_precision"]) == (
        "Karabakh Atlas test suite",
        "other",
        "month",
    )
    assert meta["original_name"] == "field_report.txt"
    assert meta["sha256"] == hashlib.sha256(REPORT.read_bytes()).hexdigest()
    stored = (data_dir / "corpus" / f"{doc_id}.txt").read_bytes().decode("utf-8")
    assert stored == REPORT.read_text(encoding="utf-8")
    for p in shown["passages"]:
        assert stored[p["start"] : p["end"]].split() == p["text"].split()
    places = {}
    for m in shown["places"]:
        assert stored[m["start"] : m["end"]] == m["surface"]
        places.setdefault(m["surface"], set()).add((m["place_id"], m["district"]))
    assert places["Şuşa"] == {("town:shusha", "AZ-SUS")}
    assert places["Xankəndi"] == {("town:khankendi", "AZ-XA")}
    assert places["Füzuli"] == {("town:fuzuli", "AZ-FUZ")}
    assert places["Agdam"] == {("town:aghdam", "AZ-AGM")}
    assert places["Kelbajar"] == {("town:kalbajar", "AZ-KAL")}
    assert places["Berdzor"] == {("town:lachin", "AZ-LAC")}
    assert places["Turşsu"] == {(TURSHSU, "AZ-SUS")}
    dates = {d["surface"]: (d["start_date"], d["precision"]) for d in shown["dates"]}
    assert dates["August 2021"] == ("2021-08-01", "month")
    text = cli("sources", "show", doc_id, "--data-dir", str(data_dir), data_dir=data_dir)
    assert f"'Turşsu' -> {TURSHSU} (Turshsu, AZ-SUS)" in text.stdout


@pytest.mark.parametrize(
    ("place", "surface"),
    [
        ("Shusha", "Şuşa"),
        ("Fuzuli", "Füzuli"),
        ("Aghdam", "Agdam"),
        ("Kalbajar", "Kelbajar"),
        ("Stepanakert", "Xankəndi"),
        ("Lachin", "Berdzor"),
    ],
)
def test_passages_for_the_right_districts(ingested, place, surface):
    data_dir, ids = ingested
    result = cli_json("passages", "--place", place, "--data-dir", str(data_dir), data_dir=data_dir)
    ours = [p for p in result["passages"] if p["document"] == ids["field_report.txt"]]
    assert ours and all(surface in p["text"] for p in ours)
    assert ours[0]["title"] == "Test fixture: field notes on travel and reconstruction"


def test_village_passage_in_its_district_panel(ingested):
    data_dir, ids = ingested
    result = cli_json(
        "passages", "--place", "Shusha district", "--data-dir", str(data_dir), data_dir=data_dir
    )
    village = [p for p in result["passages"] if p["via"] == TURSHSU]
    assert [p["text"] for p in village] == [
        "Water from Turşsu is bottled and sold across the country."
    ]
    assert village[0]["document"] == ids["field_report.txt"]
    fuzuli = cli_json(
        "passages", "--place", "AZ-FUZ", "--data-dir", str(data_dir), data_dir=data_dir
    )
    html = [p for p in fuzuli["passages"] if p["document"] == ids["bulletin.html"]]
    assert [p["via"] for p in html] == [HORADIZ]
    bulletin = cli_json("sources", "show", ids["bulletin.html"], data_dir=data_dir)
    visible = " ".join(p["text"] for p in bulletin["passages"])
    assert "Hadrut" in visible
    for hidden in ("Qubadli", "Lachin", "Zangilan", "color: red"):  # script, style, noscript
        assert hidden not in visible


def test_reingest_is_a_noop(ingested):
    data_dir, ids = ingested
    before = state(data_dir)
    done = cli("ingest", str(REPORT), str(BULLETIN), "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "added 0, skipped 2 (duplicate), rejected 0"
    assert f"skipped {REPORT}: duplicate of {ids['field_report.txt']}" in done.stdout
    assert state(data_dir) == before


def test_seed_text_is_a_duplicate(ingested, tmp_path):
    data_dir, _ = ingested
    seed = ROOT / "seeds" / "001_cccedf098a632ea1.txt"
    copy = tmp_path / "copy.txt"
    shutil.copyfile(seed, copy)
    before = state(data_dir)
    done = cli("ingest", str(copy), "--data-dir", str(data_dir), data_dir=data_dir)
    assert "duplicate of seed 001_cccedf098a632ea1" in done.stdout
    assert state(data_dir) == before


REJECTIONS = [
    ("bad.bin", b"\x7fELF\x02\x01\x00\x00\x00binary", (), "binary file (NUL bytes)"),
    ("nul.txt", b"text\x00with\x00NUL bytes", (), "binary file (NUL bytes)"),
    ("empty.txt", b"", (), "empty file"),
    ("garbled.txt", bytes(range(1, 32)) * 20 + b"\xff\xfe", (), "cannot decode"),
    ("big.txt", b"Shusha " * 100, ("--max-bytes", "100"), "too large: 700 bytes > limit 100"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", (), "cannot parse PDF"),
    ("notes.docx", b"plain words", (), "unsupported file type '.docx'"),
]


@pytest.mark.parametrize(("name", "data", "flags", "message"), REJECTIONS)
def test_rejections_leave_the_corpus_untouched(ingested, tmp_path, name, data, flags, message):
    data_dir, _ = ingested
    bad = tmp_path / name
    bad.write_bytes(data)
    before = state(data_dir)
    done = cli("ingest", str(bad), *flags, "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 2
    assert f"rejected {bad}: {message}" in done.stderr
    assert done.stdout.splitlines()[-1].startswith(f"added 0, skipped 0, rejected 1: {bad}: ")
    assert state(data_dir) == before


def test_rejection_does_not_stop_the_batch(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "good.md").write_text("# Notes\n\nA visit to Horadiz and Füzuli.\n", "utf-8")
    (folder / "ignored.bin").write_bytes(b"\x00\x01")  # unsupported: not picked up in a folder
    (folder / "good.md.toml").write_text('title = "Notes"\ndate = "2022-05-28"\n', "utf-8")
    report = ingest([folder], {"author": "Tester"}, data_dir=tmp_path / "data")
    assert isinstance(report, IngestReport)
    assert [(Path(p).name, why) for p, why in report.rejected] == [("empty.txt", "empty file")]
    assert len(report.added) == 1
    assert report.summary() == f"added 1, skipped 0, rejected 1: {folder / 'empty.txt'}: empty file"
    doc_id = report.added[0][1]
    meta = (tmp_path / "data" / "corpus" / f"{doc_id}.toml").read_text("utf-8")
    assert 'title = "Notes"' in meta and 'author = "Tester"' in meta
    assert 'date_precision = "day"' in meta and 'format = "markdown"' in meta


def test_flags_override_sidecar_and_bad_metadata(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("A short note about Aghdam.\n", "utf-8")
    (tmp_path / "a.meta.toml").write_text('title = "From sidecar"\nkind = "report"\n', "utf-8")
    assert sidecar_path(doc) == tmp_path / "a.meta.toml"
    data_dir = tmp_path / "data"
    done = cli(
        "ingest",
        str(doc),
        "--title",
        "From flag",
        "--url",
        "https://example.org/a",
        "--date",
        "2023",
        "--quiet",
        "--data-dir",
        str(data_dir),
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    (row,) = [r for r in cli_json("sources", "list", data_dir=data_dir) if r["origin"] == "user"]
    assert (row["title"], row["kind"], row["date"]) == ("From flag", "report", "2023")
    shown = cli_json("sources", "show", row["id"], data_dir=data_dir)
    assert shown["metadata"]["url"] == "https://example.org/a"

    bad = cli(
        "ingest", str(doc), "--date", "2023-13", "--data-dir", str(data_dir), data_dir=data_dir
    )
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "karabakh-atlas: error: option: date '2023-13' is not YYYY, YYYY-MM or YYYY-MM-DD"
    )
    dated = tmp_path / "c.txt"
    dated.write_text("A third note about Aghdam.\n", "utf-8")
    (tmp_path / "c.toml").write_text('date_not_before = "2023-02-30"\n', "utf-8")
    done = cli("ingest", str(dated), "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 2
    assert "sidecar c.toml: date_not_before '2023-02-30' does not exist" in done.stderr
    (tmp_path / "a.meta.toml").write_text('colour = "red"\n', "utf-8")
    other = tmp_path / "b.txt"
    other.write_text("Another note about Aghdam.\n", "utf-8")
    shutil.copyfile(tmp_path / "a.meta.toml", tmp_path / "b.toml")
    done = cli("ingest", str(other), "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 2
    assert "rejected" in done.stderr and "sidecar b.toml: unknown field(s) colour" in done.stderr


def test_pdf_ingest(tmp_path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(minimal_pdf(["Shelling was reported near Horadiz and Fuzuli."]))
    report = ingest([pdf], data_dir=tmp_path / "data")
    assert report.rejected == [] and len(report.added) == 1
    from geodata.reading import passages_for

    doc_id = report.added[0][1]
    ours = [
        p for p in passages_for("AZ-FUZ", data_dir=tmp_path / "data") if p["document"] == doc_id
    ]
    assert [p["text"] for p in ours] == ["Shelling was reported near Horadiz and Fuzuli."]
    assert {m["place"] for m in ours[0]["mentions"]} == {HORADIZ, "town:fuzuli"}


def test_remove(tmp_path):
    data_dir = tmp_path / "data"
    done = cli("ingest", str(REPORT), "--quiet", "--data-dir", str(data_dir), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    doc_id = done.stdout.split()[1].rstrip(":")
    seed = cli("sources", "remove", "000_fbdcc1264e4bff32", "--data-dir", str(data_dir),
               data_dir=data_dir)  # fmt: skip
    assert seed.returncode == 2
    assert "is a seed document; only user documents can be removed" in seed.stderr
    unknown = cli("sources", "remove", "user_0000", "--data-dir", str(data_dir), data_dir=data_dir)
    assert unknown.returncode == 2 and "unknown user document 'user_0000'" in unknown.stderr
    index_before = state(data_dir)[1]
    gone = cli("sources", "remove", doc_id, "--data-dir", str(data_dir), data_dir=data_dir)
    assert gone.returncode == 0, gone.stderr
    assert gone.stdout.startswith(f"removed {doc_id} (Test fixture")
    assert state(data_dir)[0] == []
    assert state(data_dir)[1] != index_before
    ids = [r["id"] for r in cli_json("sources", "list", data_dir=data_dir)]
    assert doc_id not in ids and len(ids) == 5
    result = cli_json(
        "passages", "--place", "Shusha", "--data-dir", str(data_dir), data_dir=data_dir
    )
    assert all(p["document"] != doc_id for p in result["passages"])


def test_ingested_passage_in_the_reading_panel(dash_duo, tmp_path, monkeypatch):
    """In the browser: with the seeds filtered out, Shusha district's panel shows the ingested
    passage labelled via the village, with its own source card; filtering it out hides it."""
    import time

    from dashboard.app import create_app

    data_dir = tmp_path / "data"
    report = ingest([REPORT], data_dir=data_dir)
    doc_id = report.added[0][1]
    monkeypatch.setenv("KARABAKH_ATLAS_DATA_DIR", str(data_dir))
    app = create_app()
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?date=2024-03-01&place=AZ-SUS")
    dash_duo.wait_for_contains_text("#panel-content", "Read in full", timeout=20)

    def ours() -> list[dict]:
        """The panel's passages from this document: text, source card text, link (one read)."""
        return dash_duo.driver.execute_script(
            """return [...document.querySelectorAll('#panel-content article.passage')]
                .filter(a => a.textContent.includes('Water from Turşsu'))
                .map(a => ({text: a.textContent,
                            card: a.querySelector('.source-card').textContent,
                            href: a.querySelector('a.read-full').href}));"""
        )

    def wait_until(condition):
        deadline = time.monotonic() + 15
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert condition()

    dash_duo.find_element("details.source-filter summary").click()
    boxes = dash_duo.find_elements("#source-filter input[type=checkbox]")
    assert doc_id in [b.get_attribute("value") for b in boxes]
    for box in boxes:
        if box.get_attribute("value") != doc_id:
            box.click()
    wait_until(lambda: len(ours()) == 1)
    (article,) = ours()
    assert "Mentions Turshsu" in article["text"]
    assert "According to Karabakh Atlas test suite" in article["text"]
    assert "Test fixture: field notes on travel and reconstruction" in article["card"]
    assert f"/document/{doc_id}?" in article["href"]

    dash_duo.find_element(f"#source-filter input[value='{doc_id}']").click()
    wait_until(lambda: ours() == [])
    assert dash_duo.get_logs() == []
