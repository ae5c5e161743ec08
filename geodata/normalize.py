"""Case and diacritic folding shared by the gazetteer and the mention finder.

Contract (the corpus team relies on it):

* ``fold(text)`` lower-cases (``str.casefold``), removes diacritics (NFKD, combining marks
  dropped: ş→s, ç→c, ğ→g, ü→u, ö→o, é→e ...), and maps the Azerbaijani letters without a
  decomposition: ə→a, ı→i, and x→kh (Azerbaijani Latin x is English kh: "Xankəndi" folds to
  "khankandi"). Cyrillic and Armenian letters are kept, only case-folded.
* Words are maximal runs of letters and digits; everything else (spaces, hyphens, apostrophes,
  punctuation) separates words. ``fold`` returns the folded words joined by single spaces, so
  ``fold("Nagorno-Karabakh") == "nagorno karabakh"`` and ``fold("Armenia’s") == "armenia s"``.
* ``fold(phrase) == " ".join(tok.folded for tok in tokens(phrase))`` for any text, so scanning
  ``tokens(text)`` and looking up joined n-grams of ``tok.folded`` in
  ``geodata.gazetteer.aliases()`` finds the same names ``resolve`` accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress
from operator import not_
from typing import NamedTuple

# A word: a letter or digit, then letters, digits or combining marks (text may be NFD).
_MARKS = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
_WORD = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")  # runs of one class each: fast in sre
_SPLIT = re.compile(f"({_WORD.pattern})")  # split() alternates separators and words
# The same split, faster, for a text without "_" and combining marks (most texts): then a word
# is a run of \w.
_PLAIN_SPLIT = re.compile(r"(\w+)")
_NOT_PLAIN = re.compile(f"[_{_MARKS}]")
# ә (Cyrillic) and ǝ (turned e) stand in for ə in badly encoded Azerbaijani text.
_LETTERS = str.maketrans({"ə": "a", "ә": "a", "ǝ": "a", "ı": "i", "x": "kh"})


class Token(NamedTuple):
    """One word of a text: ``text[start:end]`` is the original spelling."""

    start: int
    end: int
    folded: str


class _NoMarks(dict):
    """A ``str.translate`` table deleting combining characters, filled in as characters are
    met (the table of all of Unicode would take long to build)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_NO_MARKS = _NoMarks()


# Texts repeat their words, so folding is cached; the bound keeps memory flat on huge corpora.
@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Fold a single word (no separators inside); see the module docstring."""
    if word.isascii():  # casefold is lower, NFKD changes nothing; only x -> kh applies
        return word.lower().replace("x", "kh")
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return decomposed.translate(_NO_MARKS).translate(_LETTERS)


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` with their ``[start, end)`` offsets and folded form."""
    for match in _WORD.finditer(text):
        folded = fold_word(match.group())
        if folded:
            yield Token(match.start(), match.end(), folded)


class Words(NamedTuple):
    """The words of a text in bulk: ``folded[i]`` is word i folded, ``separators[i]`` the text
    before word i (``separators[-1]``: after the last word), and ``bounds[2 * i]``,
    ``bounds[2 * i + 1]`` its ``[start, end)``. Same words as :func:`tokens`."""

    folded: list[str]
    separators: list[str]
    bounds: list[int]


def split_words(text: str) -> list[str]:
    """``text`` cut into separators and words, alternating, starting with a separator."""
    return (_SPLIT if _NOT_PLAIN.search(text) else _PLAIN_SPLIT).split(text)


def _fold_words(found: list[str]) -> list[str]:
    """``[fold_word(w) for w in found]``: ASCII words folded in one pass over all of them."""
    joined = "\x01".join(found)  # \x01 is in no word
    folded = joined.lower().replace("x", "kh").split("\x01") if found else []
    if not joined.isascii():
        for i in compress(range(len(found)), map(not_, map(str.isascii, found))):
            folded[i] = fold_word(found[i])
    return folded


def words(text: str, parts: list[str] | None = None) -> Words:
    """:func:`tokens` as parallel lists, built by C-level passes (the mention finder's hot
    path). ``parts``: ``split_words(text)`` when the caller has it."""
    if parts is None:
        parts = split_words(text)
    folded = _fold_words(parts[1::2])
    if all(folded):
        return Words(folded, parts[0::2], list(accumulate(map(len, parts)))[:-1])
    # some word folds to nothing and is no token: take the slow path
    toks = list(tokens(text))
    bounds = [offset for tok in toks for offset in (tok.start, tok.end)]
    edges = [0, *bounds, len(text)]
    separators = [text[edges[k] : edges[k + 1]] for k in range(0, len(edges), 2)]
    return Words([tok.folded for tok in toks], separators, bounds)


def fold(text: str) -> str:
    """Folded words of ``text`` joined by single spaces ("" when there are none)."""
    return " ".join(filter(None, map(fold_word, _WORD.findall(text))))
