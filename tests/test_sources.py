"""Source metadata: seeds/sources.toml is complete, quotes its texts, and is validated."""

from __future__ import annotations

import re

import pytest

from geodata.config import seeds_dir
from geodata.corpus import read_text
from geodata.errors import DataError
from geodata.passages import split_passages
from geodata.sources import get_source, load_sources, save_user_document


def test_every_seed_has_an_entry():
    sources = load_sources()
    assert set(sources) == {p.stem for p in seeds_dir().glob("*.txt")}
    assert {s.kind for s in sources.values()} <= {
        "op-ed",
        "editorial",
        "official's article",
        "news feature",
    }
    assert get_source("003_d435b1749c76b94b").author == "Jeyhun Bayramov"
    assert "Media Development Agency" in get_source("002_78e317ce47f6bc04").affiliation
    assert get_source("000_fbdcc1264e4bff32").date == "2025-11"


@pytest.mark.parametrize("doc_id", sorted(load_sources()))
def test_quoted_evidence_is_in_the_text(doc_id):
    """Every 'single-quoted' fragment in the metadata is in the document ('...' skips)."""
    source = load_sources()[doc_id]
    path = seeds_dir() / f"{doc_id}.txt"
    raw = read_text(path)
    clean = " ".join(p.text for p in split_passages(doc_id, raw))
    fields = (source.date_inferred_from, source.affiliation, source.outlet_inferred_from or "")
    quotes = [q for field in fields for q in re.findall(r"(?<![\w’])'(.+?)'(?![\w’])", field)]
    for quote in quotes:
        for part in quote.split(" ... "):
            assert part in clean or part in raw, part
    assert source.title == "unknown" or source.title in clean


def _entry(**changes):
    entry = {
        "title": "t",
        "author": "unknown",
        "outlet": "unknown",
        "kind": "op-ed",
        "date": "2024-05",
        "date_precision": "month",
        "date_inferred_from": "x",
        "affiliation": "unknown",
        "language": "en",
        "description": "d",
    }
    entry.update(changes)
    return "\n".join(f'{k} = "{v}"' for k, v in entry.items() if v is not None)


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"kind": "blog"}, "kind 'blog'"),
        ({"date": "2024"}, "does not match date_precision"),
        ({"author": None}, "missing field(s) author"),
        ({"colour": "red"}, "unknown field(s) colour"),
    ],
)
def test_bad_entries_name_the_entry(tmp_path, changes, problem):
    path = tmp_path / "sources.toml"
    path.write_text('["000_0123456789abcdef"]\n' + _entry(**changes), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(problem)) as info:
        load_sources(path)
    assert "000_0123456789abcdef" in str(info.value)


def test_user_document_round_trip(tmp_path, user_source):
    source = user_source("user_0123456789abcdef", title='A "quoted" title', sha256="ab" * 32)
    save_user_document(source, "Shusha.\r\n", tmp_path)
    assert get_source(source.id, tmp_path) == source
    assert (tmp_path / "corpus" / f"{source.id}.txt").read_bytes() == b"Shusha.\r\n"
