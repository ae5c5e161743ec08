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
from typing import NamedTuple

# A word: a letter or digit, then letters, digits or combining marks (text may be NFD).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])*")
# ә (Cyrillic) and ǝ (turned e) stand in for ə in badly encoded Azerbaijani text.
_LETTERS = str.maketrans({"ə": "a", "ә": "a", "ǝ": "a", "ı": "i", "x": "kh"})


class Token(NamedTuple):
    """One word of a text: ``text[start:end]`` is the original spelling."""

    start: int
    end: int
    folded: str


def fold_word(word: str) -> str:
    """Fold a single word (no separators inside); see the module docstring."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_LETTERS)


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` with their ``[start, end)`` offsets and folded form."""
    for match in _WORD.finditer(text):
        folded = fold_word(match.group())
        if folded:
            yield Token(match.start(), match.end(), folded)


def fold(text: str) -> str:
    """Folded words of ``text`` joined by single spaces ("" when there are none)."""
    return " ".join(tok.folded for tok in tokens(text))
