"""Place mentions: the hand-labelled set (tests/data/labelled_places.yaml) and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geodata import normalize
from geodata.config import seeds_dir
from geodata.corpus import read_text
from geodata.mentions import find_places

LABELS = Path(__file__).parent / "data" / "labelled_places.yaml"


@pytest.fixture(scope="module")
def found(seed_mentions):
    return {doc: (text, places) for doc, (text, places, _dates) in seed_mentions.items()}


def test_labelled_places_precision_and_recall(found):
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    positives = [lab for lab in labels if lab["place"] is not None]
    assert len(positives) >= 60
    assert {lab["doc"] for lab in positives} == set(found)
    tp = fp = fn = 0
    misses = []
    for lab in labels:
        text, mentions = found[lab["doc"]]
        start = lab["offset"]
        end = start + len(lab["surface"])
        assert text[start:end] == lab["surface"], lab
        accepted = lab["place"] if isinstance(lab["place"], list) else [lab["place"]]
        hits = [m for m in mentions if m.start < end and start < m.end]
        right = [m for m in hits if m.place_id in accepted]
        tp += bool(right) and lab["place"] is not None
        fp += len(hits) - len(right) if lab["place"] is not None else len(hits)
        if lab["place"] is not None and not right:
            fn += 1
        if (lab["place"] is None and hits) or (lab["place"] is not None and not right):
            misses.append((lab["doc"], lab["surface"], lab["place"], [m.place_id for m in hits]))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(
        f"\nplace mentions: {len(positives)} labelled positives, {len(labels) - len(positives)} "
        f"negatives; precision {precision:.3f}, recall {recall:.3f}; misses {misses}"
    )
    assert precision >= 0.97
    assert recall >= 0.95


def test_adjectives_and_durations_are_not_places():
    assert find_places("Armenian and Azerbaijani soldiers, an Azeri village") == []


def test_region_is_not_a_district():
    kinds = {m.surface: (m.place_id, m.kind) for m in find_places("Karabakh and Garabagh")}
    assert kinds == {
        "Karabakh": ("region:karabakh", "region"),
        "Garabagh": ("region:karabakh", "region"),
    }


def test_hyphenated_line_breaks_map_back_to_the_raw_text():
    text = "forces left Na-\nkhchivan and Nagorno-\nKarabakh."
    mentions = find_places(text)
    assert [(m.surface, m.place_id) for m in mentions] == [
        ("Na-\nkhchivan", "region:nakhchivan"),
        ("Nagorno-\nKarabakh", "region:karabakh"),
    ]
    assert all(text[m.start : m.end] == m.surface for m in mentions)


def test_list_closed_by_districts_names_districts():
    text = "the Fuzuli, Jabayil and Zangilan districts; the town of Fuzuli"
    assert [m.place_id for m in find_places(text)] == ["AZ-FUZ", "AZ-CAB", "AZ-ZAN", "town:fuzuli"]


def test_names_do_not_span_punctuation():
    assert [m.place_id for m in find_places("Shusha. District")] == ["town:shusha"]


def test_word_finder_finds_the_wanted_tokens():
    texts = [read_text(p) for p in sorted(seeds_dir().glob("*.txt"))]
    texts += ["", "  ", "Xankəndi—Şuşa a_b ǅx 1992s", "XANKENDI, xankendi’s “Khankəndi”"]
    texts += [
        "\u212aarabakh ſhusha Ｓｈｕｓｈａ ΣΑΣ İlham \uff9e Shusha\u00a0Aghdam",
        "A a x_shusha",
    ]
    wanted = {"azerbaijan", "karabakh", "shusha", "susa", "khankandi", "khankendi", "a", "1992s"}
    finder = normalize.WordFinder(wanted)
    for text in texts:
        expected = [tuple(t) for t in normalize.tokens(text) if t.folded in wanted]
        assert finder.find(text) == expected
    # a word with a combining mark: the finder declines and the caller folds every word
    assert finder.find("Şus\u0327a") is None
    assert finder.find("Karabakh \u0301 Shusha") is None
