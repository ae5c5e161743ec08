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
from itertools import compress

from geodata import gazetteer
from geodata.normalize import Words, split_words, words
from geodata.passages import by_passage, clean_text, join_passages

_JOINER = re.compile(r"[ \-‐'’]{0,2}")
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.IGNORECASE)
_DISTRICTS_WORDS = ("districts", "rayons", "regions")
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
def _table() -> tuple[dict[str, str | None], frozenset[str]]:
    """The alias table (organisation names map to None) and every key's word prefixes."""
    table: dict[str, str | None] = dict(gazetteer.aliases())
    table.update(dict.fromkeys(_NOT_PLACES))
    prefixes = {key[:i] for key in table for i, ch in enumerate(key) if ch == " "}
    return table, frozenset(prefixes | set(table))


def _match(words: Words, table: dict[str, str | None], prefixes: frozenset[str]):
    """Greedy longest match: yields (first word, last word, place id).

    A window grows word by word while its key is a word prefix of some table key, so a word
    that starts no name costs one set lookup (done in bulk).
    """
    folded, separators = words.folded, words.separators
    joiner = _JOINER.fullmatch
    count = len(folded)
    i = 0
    for first in compress(range(count), map(prefixes.__contains__, folded)):
        if first < i:
            continue  # inside the previous name
        i = first
        key = folded[i]
        best, found = (1, key) if key in table else (0, "")
        j = i + 1
        while j < count and joiner(separators[j]):
            key = f"{key} {folded[j]}"
            if key not in prefixes:
                break
            j += 1
            if key in table:
                best, found = j - i, key
        if best:
            if table[found]:
                yield i, i + best - 1, table[found]
            i += best
        else:
            i += 1


def _as_districts(text: str, found: list[tuple[int, int, str]], words: Words) -> None:
    """The list rule: towns in "A, B and C districts" become their districts (in place)."""
    bounds, folded, separators = words.bounds, words.folded, words.separators
    for k, (_, last, _) in enumerate(found):
        after = last + 1
        if after == len(folded) or folded[after] not in _DISTRICTS_WORDS:
            continue
        if separators[after].strip():
            continue
        # the name before "districts" ends the list (no list joiner spans a word): walk back
        first = k
        while first and _LIST_JOINER.fullmatch(
            text, bounds[2 * found[first - 1][1] + 1], bounds[2 * found[first][0]]
        ):
            first -= 1
        for j in range(first, k + 1):
            start, end, place_id = found[j]
            place = gazetteer.get_place(place_id)
            if place.kind == "town" and place.district:
                found[j] = (start, end, place.district)


def _find(text: str, found_words: Words) -> list[tuple[int, int, str]]:
    table, prefixes = _table()
    found = list(_match(found_words, table, prefixes))
    _as_districts(text, found, found_words)
    bounds = found_words.bounds
    return [(bounds[2 * a], bounds[2 * b + 1], place_id) for a, b, place_id in found]


def find_places_clean(text: str) -> list[tuple[int, int, str]]:
    """Place matches in already clean text: ``(start, end, place_id)`` offsets into ``text``."""
    return _find(text, words(text))


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
    parts = split_words(document)
    found_words = words(document, parts)
    found = by_passage(_find(document, found_words), starts)
    extra = geonames.find_places_joined(document, starts, found, parts, found_words)
    extra = by_passage(extra, starts)
    return [sorted(ours + theirs) for ours, theirs in zip(found, extra, strict=True)]
