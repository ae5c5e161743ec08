"""Passages: exact offsets, clean text, tiling, and seed 003's PDF furniture."""

from __future__ import annotations

import difflib
import re

import pytest

from geodata.config import seeds_dir
from geodata.corpus import read_text
from geodata.passages import Passage, split_passages

SEEDS = sorted(seeds_dir().glob("*.txt"))
PDF = "003_d435b1749c76b94b"


def _split(path):
    text = read_text(path)
    return text, split_passages(path.stem, text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_offsets_slice_back_to_the_original_text(path):
    """Each clean character is the raw character at its offset (a space stands for whitespace);
    every raw character left out is whitespace, a line-break hyphen, or inside a gap."""
    text, passages = _split(path)
    assert passages
    for p in passages:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start] == p.text[0] and text[p.end - 1] == p.text[-1]
        kept = set()
        for clean_start, raw_start, length in p.segments:
            for k in range(length):
                c, r = p.text[clean_start + k], raw_start + k
                assert c == text[r] or (c == " " and (text[r].isspace() or _in(r, p.gaps))), (p, r)
                kept.add(r)
        assert sum(s[2] for s in p.segments) == len(p.text)
        for r in range(p.start, p.end):
            if r in kept or _in(r, p.gaps) or text[r].isspace():
                continue
            assert text[r] == "-" and text[r + 1 : r + 2] in ("\n", " "), (p.index, r)


def _in(r, spans):
    return any(a <= r < b for a, b in spans)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_passages_tile_the_content_without_overlaps(path):
    text, passages = _split(path)
    owner = {}
    for p in passages:
        for r in range(p.start, p.end):
            if not _in(r, p.gaps):
                assert r not in owner, f"{r} in passages {owner[r]} and {p.index}"
                owner[r] = p.index
    assert [p.start for p in passages] == sorted(p.start for p in passages)
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        uncovered = [r for r in range(pos, pos + len(line)) if r not in owner]
        if any(not text[r].isspace() for r in uncovered):
            # only page furniture: seed 003's running head, or a repeated image caption line
            previous = lines[i - 1].strip().lower()
            repeated = difflib.SequenceMatcher(None, previous, line.strip().lower()).ratio() > 0.85
            assert line.strip() == "Politics" if path.stem == PDF else repeated, line
        pos += len(line) + 1


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_sentences_are_kept_together(path):
    """A paragraph passage ends a sentence: no passage boundary falls inside one."""
    _text, passages = _split(path)
    for p in passages:
        if p.kind == "paragraph":
            assert re.search(r"[.!?:;\"”’)]$", p.text), p.text[-60:]


def test_pdf_hyphenation_joined_and_furniture_separated():
    text, passages = _split(next(p for p in SEEDS if p.stem == PDF))
    clean = "\n".join(p.text for p in passages if p.kind != "caption")
    assert "liberation of the occupied territories" in clean
    assert "ethnic cleansing of these territories" in clean  # "ter-\n ritories"
    assert "continued occupation and annexation of the occupied territories" in clean
    assert "Armenia-Azerbaijan Nagorno-Karabakh conflict" in clean  # hyphen kept before a capital
    assert "on 24 September 2021, “Azerbaijan has created" in clean  # caption cut out
    assert "\n" not in "".join(p.text for p in passages)
    assert not any("Politics" in p.text for p in passages)
    captions = [p.text for p in passages if p.kind == "caption"]
    assert len(captions) == 8
    assert (
        "President Ilham Aliyev managed to expose the lies of Armenian Prime Minister "
        "N. Pashinyan at the Munich Security Conference. 15 February 2020"
    ) in captions
    for p in passages:
        if p.kind == "paragraph":
            assert "Munich Security Conference. 15 February" not in p.text
    assert [p.text for p in passages[:2]] == [
        "Diplomacy leading to victory",
        "By Jeyhun BAYRAMOV, Minister of Foreign Affairs of the Republic of Azerbaijan",
    ]


def test_highlight_a_raw_span_inside_the_clean_text():
    text, passages = _split(next(p for p in SEEDS if p.stem == PDF))
    start = text.index("oc-\ncupied territories")
    end = start + len("oc-\ncupied territories")
    p = next(p for p in passages if p.owns(start, end))
    before, quote, after = p.highlight(start, end)
    assert quote == "occupied territories"
    assert before.endswith("the liberation of the ") and after.startswith(" have been")
    assert p.raw_span(*p.clean_span(start, end)) == (start, end)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_raw_spans_is_raw_span_of_each_span(path):
    """Every word of every passage (and the empty span at each end) maps as raw_span maps it."""
    _, passages = _split(path)
    for p in passages:
        spans = [(m.start(), m.end(), "x") for m in re.finditer(r"\w+", p.text)]
        spans += [(0, 0), (len(p.text), len(p.text))]
        assert p.raw_spans(spans) == [p.raw_span(a, b) for a, b, *_ in spans]


def test_a_caption_owns_its_text_not_the_paragraph_around_it():
    text, passages = _split(next(p for p in SEEDS if p.stem == PDF))
    start = text.index("Exclamation mark!")
    owners = [p for p in passages if p.owns(start, start + 10)]
    assert [p.kind for p in owners] == ["caption"]
    around = next(p for p in passages if p.start < start < p.end and p.kind == "paragraph")
    assert around.highlight(start, start + 10)[1] == ""


def test_repeated_image_captions_in_plain_text():
    text, passages = _split(next(p for p in SEEDS if p.stem.startswith("004")))
    captions = [p.text for p in passages if p.kind == "caption"]
    assert captions[0] == "Map of the borders of Azerbaijan, Armenia, Turkey AZ map"
    assert len(captions) == 3


def test_row_round_trip():
    _text, passages = _split(SEEDS[3])
    assert all(Passage.from_row(p.to_row()) == p for p in passages)


def test_long_paragraphs_are_cut_at_sentence_ends():
    sentence = "The quick brown fox jumps over the lazy dog near Shusha again. "
    text = sentence * 60
    passages = split_passages("x", text)
    assert len(passages) > 1
    assert all(p.text.endswith(".") for p in passages)
    assert all(len(p.text) < 1900 for p in passages)


def test_empty_text_has_no_passages():
    assert split_passages("x", "\n  \n") == []
