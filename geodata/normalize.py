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
import string
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import filterfalse
from typing import NamedTuple

# A word: a letter or digit, then letters, digits or combining marks (text may be NFD).
_MARKS = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
WORD = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")  # runs of one class each: fast in sre
_MARK = re.compile(f"[{_MARKS}]")
_NON_ASCII_OTHER = re.compile(f"[^\\x00-\\x7f\\w{_MARKS}]")  # neither a word character nor a mark
# ASCII letters lower-cased, ASCII digits kept, every other ASCII byte a space, the rest kept.
_ASCII_OTHER = bytes(ch for ch in range(128) if not chr(ch).isalnum())
_BLANK_LOWER = bytes.maketrans(
    string.ascii_uppercase.encode() + _ASCII_OTHER,
    string.ascii_lowercase.encode() + b" " * len(_ASCII_OTHER),
)
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
    for match in WORD.finditer(text):
        folded = fold_word(match.group())
        if folded:
            yield Token(match.start(), match.end(), folded)


def _ascii_spellings(folded: str) -> list[str]:
    """The lower-case ASCII words that fold to ``folded`` (each "kh" may be written "x")."""
    if not folded.isascii() or "x" in folded:
        return []
    first, *rest = folded.split("kh")
    spellings = [first]
    for piece in rest:
        spellings = [s + kh + piece for s in spellings for kh in ("kh", "x")]
    return spellings


class WordFinder:
    """Finds the words of a text whose folded form is one of ``wanted``, without cutting out and
    folding every word: C-level passes blank out all but letters and digits, and only the
    spellings that fold to a wanted word are looked at (the mention finder's hot path)."""

    def __init__(self, wanted: Iterable[str]):
        self.wanted = frozenset(wanted)
        self._ascii = frozenset(s for word in self.wanted for s in _ascii_spellings(word))

    def find(self, text: str) -> list[tuple[int, int, str]] | None:
        """The :func:`tokens` of ``text`` whose folded form is wanted, in order, as
        ``(start, end, folded)``; None when ``text`` holds a combining mark (a word may hold it:
        fold them all)."""
        # Same length as text: ASCII letters lower-cased (a word folds as its original spelling
        # does), other characters that are no letters, digits or marks blanked out.
        spaced = _NON_ASCII_OTHER.sub(" ", text).encode().translate(_BLANK_LOWER).decode()
        words = spaced.split()
        hits = list(filter(self._ascii.__contains__, words))
        if not spaced.isascii():
            others = list(filterfalse(str.isascii, set(words)))
            if any(map(_MARK.search, others)):
                return None
            if more := {word for word in others if fold_word(word) in self.wanted}:
                hits = [word for word in words if word in self._ascii or word in more]
        # the next " word " after the previous hit is the next hit
        spaced = f" {spaced} "
        found = []
        at = 0
        for word in hits:
            at = spaced.find(f" {word} ", at)
            found.append((at, at + len(word), fold_word(word)))
            at += len(word) + 1
        return found


def fold(text: str) -> str:
    """Folded words of ``text`` joined by single spaces ("" when there are none)."""
    return " ".join(filter(None, map(fold_word, WORD.findall(text))))
