"""Find the gazetteer's places in a text, with offsets into the original text.

``find_places(text)`` cleans the text first (``geodata.passages.clean_text``: hyphenated line
breaks joined, whitespace runs collapsed), so "Azer-\\nbaijan" and "Nagorno-\\nKarabakh" are
found, then maps every match back to ``[start, end)`` offsets into ``text``.

Matching: the cleaned text is split into words by ``geodata.normalize.tokens`` (case and
diacritics folded) and the longest run of words, up to the longest gazetteer name, that is a
key of ``geodata.gazetteer.aliases()`` wins; words of one name may be separated only by spaces,
hyphens or apostrophes, never by other punctuation. Precision over recall:

- only gazetteer names match, exactly after folding: adjectives ("Armenian", "Azerbaijani",
  "Azeri") and nicknames ("Land of Fire") are not names, so they are never mentions;
- a name resolves as the gazetteer resolves it: a bare district-seat name is the town
  ("Shusha" -> ``town:shusha``), "Karabakh", "Garabagh", "Nagorno-Karabakh" the region;
- organisation names that contain a place name ("Council of Europe", "Jewish Agency for
  Israel") are skipped as a whole;
- one context rule: names in a list closed by "districts" ("the Fuzuli, Jabayil, Zangilan, and
  Qubadli districts", "Aghdam, Kalbajar and Lachin districts") are the districts, not the towns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from geodata import gazetteer
from geodata.normalize import WORD, WordFinder, fold_word, tokens
from geodata.passages import by_passage, clean_text, join_passages

# The next word when only a name joiner (up to two spaces, hyphens or apostrophes) precedes it.
_JOINED_WORD = re.compile(rf"[ \-‐'’]{{0,2}}({WORD.pattern})")
_SPACED_WORD = re.compile(rf"\s*({WORD.pattern})")
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.IGNORECASE)
_DISTRICTS_WORDS = frozenset(("districts", "rayons", "regions"))
# Names of organisations that contain a place name but do not name the place.
_NOT_PLACES = ("council of europe", "jewish agency for israel")


@dataclass(frozen=True)
class PlaceMention:
    """``text[start:end] == surface`` names the place ``place_id`` of kind ``kind``."""

    start: int
    end: int
    surface: str
    place_id: str
    kind: str


@cache
def _table() -> tuple[dict[str, str | None], frozenset[str], frozenset[str], WordFinder]:
    """The alias table (organisation names map to None), every key's word prefixes, those a
    longer prefix extends, and a finder of the words that start a key or name districts."""
    table: dict[str, str | None] = dict(gazetteer.aliases())
    table.update(dict.fromkeys(_NOT_PLACES))
    prefixes = frozenset({key[:i] for key in table for i, ch in enumerate(key) if ch == " "})
    prefixes |= table.keys()
    extended = frozenset(key.rsplit(" ", 1)[0] for key in prefixes if " " in key)
    return table, prefixes, extended, WordFinder(prefixes | _DISTRICTS_WORDS)


@cache
def _document_finder() -> WordFinder:
    """:func:`_table`'s finder that also finds the words that start a GeoNames spelling."""
    from geodata import geonames

    return WordFinder(_table()[3].wanted | geonames.first_words())


def _match(text: str, starting: list[tuple[int, int, str]]):
    """Greedy longest match: yields ``(start, end, place id)``.

    ``starting``: ``(start, end, folded)`` of the words of ``text`` that may start a name (those
    whose folded form is a word prefix of some table key, and maybe others). A window grows word
    by word while its key is such a prefix.
    """
    table, prefixes, extended, _ = _table()
    used = 0  # text before this offset belongs to a name
    for start, end, key in starting:
        if start < used or key not in prefixes:
            continue
        best, found = (end, key) if key in table else (0, "")
        while (
            key in extended
            and (joined := _JOINED_WORD.match(text, end))
            and (word := fold_word(joined[1]))
        ):
            key = f"{key} {word}"
            if key not in prefixes:
                break
            end = joined.end()
            if key in table:
                best, found = end, key
        if best:
            if table[found]:
                yield start, best, table[found]
            used = best


def _as_districts(text: str, found: list[tuple[int, int, str]]) -> None:
    """The list rule: towns in "A, B and C districts" become their districts (in place)."""
    for k, (_, end, _) in enumerate(found):
        after = _SPACED_WORD.match(text, end)
        if not after or fold_word(after[1]) not in _DISTRICTS_WORDS:
            continue
        # the name before "districts" ends the list (no list joiner spans a word): walk back
        first = k
        while first and _LIST_JOINER.fullmatch(text, found[first - 1][1], found[first][0]):
            first -= 1
        for j in range(first, k + 1):
            start, end, place_id = found[j]
            place = gazetteer.get_place(place_id)
            if place.kind == "town" and place.district:
                found[j] = (start, end, place.district)


def _find(text: str, starting: list[tuple[int, int, str]] | None) -> list[tuple[int, int, str]]:
    """Place matches in clean ``text``; ``starting``: :func:`_table`'s finder's words of it (or
    None: all words)."""
    if starting is None:
        starting = list(tokens(text))
    found = list(_match(text, starting))
    if not _DISTRICTS_WORDS.isdisjoint([word for _, _, word in starting]):
        _as_districts(text, found)
    return found


def find_places_clean(text: str) -> list[tuple[int, int, str]]:
    """Place matches in already clean text: ``(start, end, place_id)`` offsets into ``text``."""
    return _find(text, _table()[3].find(text))


def find_places(text: str) -> list[PlaceMention]:
    """Every gazetteer place named in ``text``, in order, with offsets into ``text``."""
    clean, where = clean_text(text)
    mentions = []
    for cs, ce, place_id in find_places_clean(clean):
        start, end = where[cs], where[ce - 1] + 1
        kind = gazetteer.get_place(place_id).kind
        mentions.append(PlaceMention(start, end, text[start:end], place_id, kind))
    return mentions


def find_places_document(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """:func:`find_places_clean` for each clean passage text of one document, plus the places
    beyond the gazetteer (``geodata.geonames.find_places_joined``: capitalised GeoNames names in
    spans the gazetteer left, disambiguated by the document's other places). Per passage, in
    order."""
    from geodata import geonames

    # one scan of the joined passages finds what one scan per passage would (no name spans the
    # separator), with far less per-call overhead
    document, starts = join_passages(texts)
    starting = _document_finder().find(document)
    found = _find(document, starting)
    extra = geonames.find_places_joined(document, found, starting)
    return by_passage(sorted(found + extra), starts)
