"""Split a document into readable passages with exact offsets into the original text.

``split_passages(doc_id, text)`` returns paragraph-sized :class:`Passage` objects in document
order. ``start``/``end`` are ``[start, end)`` ``str`` offsets into ``text`` exactly as stored
(decode with ``read_bytes().decode("utf-8")``, never newline-translated); ``text`` is the clean
text shown to readers. ``raw[start:end]`` equals ``text`` modulo the documented cleaning below,
and :meth:`Passage.clean_span` / :meth:`Passage.highlight` map any raw span into the clean text.

Layout. A document is *hard-wrapped* (a PDF extraction) when at least three line ends are
hyphenated word breaks, or when most lines are short and do not end a sentence. Otherwise every
non-blank line is a paragraph.

- Line-per-paragraph documents: each non-blank line is one passage. A line of at most 12 words
  not ending in sentence punctuation is a ``heading`` (titles, subheads, bylines). Two adjacent
  near-identical lines (an image's alt text and its caption) are one ``caption`` passage: the
  first line; the repeated second line is dropped.
- Hard-wrapped documents: lines are grouped into blocks at blank lines, and a block is continued
  by the next one when it stops mid-sentence (no final ``.!?:;`` or closing quote) and the next
  starts with a lowercase letter or a digit, or when it ends in a hyphenated break. Page
  furniture is taken out of the running text:

  * running heads: a short line (at most 40 characters, no sentence punctuation) that occurs
    as a whole line at least twice (seed 003's "Politics"); dropped: it belongs to no passage;
  * captions after a running head: the non-blank lines that follow it, up to a blank line or a
    line that starts with whitespace (where the extraction resumes the column);
  * captions dropped into a sentence: a line that starts with whitespace and a capital letter
    or quote while the running text stopped mid-sentence, up to (at most 12 lines) the next
    line that starts with whitespace and a lowercase letter or a digit: the resumed sentence.

  Each caption becomes its own ``caption`` passage. The paragraph around it keeps its raw
  ``[start, end)`` (so it still spans the caption) and lists the caption and any running head
  in ``gaps``: raw spans inside the passage that are not part of its clean text.

Cleaning (how ``text`` differs from the raw slice, gaps removed):

1. a hyphen at a line end after a letter, followed by a lowercase letter on the next line (after
   any whitespace, blank lines or gaps), is a word break: hyphen and whitespace are dropped
   ("oc-\\ncupied" -> "occupied"); before a capital the hyphen is kept ("Nagorno-\\nKarabakh" ->
   "Nagorno-Karabakh"). A real compound broken at its hyphen before a lowercase letter
   ("counter-\\noffensive") therefore loses its hyphen;
2. every other run of whitespace (including line breaks and gaps) becomes one space; leading and
   trailing whitespace is dropped.

Every other character is copied unchanged: each clean character is the raw character at its
offset (``Passage.segments``), or a space standing for whitespace.

Tiling: every non-whitespace character of the document belongs to exactly one passage (outside
that passage's gaps), except the dropped furniture (running heads, repeated caption lines).
Long blocks: a block over 1,800 characters is cut at sentence ends into passages of about 1,200
characters, so sentences always stay whole.
"""

from __future__ import annotations

import difflib
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, groupby
from operator import itemgetter

KINDS = ("paragraph", "heading", "caption")

# A word broken at a line end: letter, hyphen (or soft hyphen), newline, letter. One pattern
# per hyphen: sre scans for a literal first character far faster than for a class.
_BREAK = r"(?<=[^\W\d_][-\u00ad])[ \t\r]*\n\s*(?=[^\W\d_])"
_DASH_BREAK = re.compile("-" + _BREAK)
_SOFT_BREAK = re.compile("\u00ad" + _BREAK)
# What cleaning drops inside the text: breaks (_breaks) and whitespace runs; the rest is
# whitespace at either end dropped and each inner whitespace character made a space.
_RUN = re.compile(r"\s\s+")
_LINE_BREAKS = re.compile(r"\n[ \n]*")  # a literal first character: a fast scan
_SPACES = re.compile(r"  +")
_INNER_SPACE = re.compile(r"[^\S ]")
_TERMINAL = tuple('.!?:;"”’)')
_HYPHENS = "-\u00ad"
_OPEN_QUOTES = "“\"‘'"
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_HEADING_WORDS = 12
_RUNNING_HEAD_CHARS = 40
_CAPTION_MAX_LINES = 12
_LONG_BLOCK = 1800
_TARGET_CHARS = 1200

Span = tuple[int, int]


def _clean(
    raw: str, start: int, end: int | None, gaps: tuple[Span, ...], plain: bool = False
) -> tuple[str, list[tuple[int, int, int]]]:
    """:func:`clean_text` with the offsets as segments ``(clean_start, raw_start, length)``.
    ``plain``: ``raw``'s only whitespace is spaces and line breaks (:func:`_plain`)."""
    end = len(raw) if end is None else end
    if not gaps:  # the common case: the virtual text is the raw slice
        virtual = raw[start:end]
        return _clean_virtual(virtual, [(0, start, len(virtual))] if virtual else [], plain)
    chars: list[str] = []
    # the virtual text (raw minus gaps, each inner gap a newline) as runs (virtual, raw, length)
    pieces: list[tuple[int, int, int]] = []
    size = 0
    pos = start
    for gap_start, gap_end in sorted(gaps) + [(end, end)]:
        gap_start, gap_end = max(gap_start, pos), min(max(gap_end, pos), end)
        if gap_start > pos:
            chars.append(raw[pos:gap_start])
            pieces.append((size, pos, gap_start - pos))
            size += gap_start - pos
        if gap_end > gap_start and gap_end < end:
            chars.append("\n")  # a gap separates like a line break
            pieces.append((size, gap_start, 1))
            size += 1
        pos = gap_end
    return _clean_virtual("".join(chars), pieces, plain)


def _plain(text: str) -> bool:
    """True when the only whitespace in ``text`` is spaces and line breaks (and it has no soft
    hyphen): every other whitespace character, and the soft hyphen, is unprintable."""
    return text.replace("\n", " ").isprintable()


def _clean_virtual(
    virtual: str, pieces: list[tuple[int, int, int]], plain: bool
) -> tuple[str, list[tuple[int, int, int]]]:
    """Clean the virtual text; ``pieces``: its runs ``(virtual, raw, length)``."""
    if len(pieces) == 1 and _already_clean(virtual):  # most single-line passages
        return virtual, list(pieces)
    # whitespace at either end is dropped; inside, each break or run is dropped save a kept
    # hyphen or its first character (made a space). Kept ranges never touch: with one piece,
    # each is one segment.
    lo, hi = len(virtual) - len(virtual.lstrip()), len(virtual.rstrip())
    drops = (_plain_drops if plain else _drops)(virtual, lo, hi)
    ends = [
        at if virtual[at] in _HYPHENS and virtual[after].islower() else at + 1
        for at, after in drops
    ]
    kept = list(zip([lo, *(after for _, after in drops)], [*ends, hi], strict=True))
    parts = [virtual[a:b] for a, b in kept]
    if not plain and "\u00ad" in virtual:  # a soft hyphen kept at a break shows as a hyphen
        for i, (at, _) in enumerate(drops):
            if virtual[at] == "\u00ad" and ends[i] > at:
                parts[i] = parts[i][:-1] + "-"
    joined = "".join(parts)
    clean = joined.replace("\n", " ") if plain else _INNER_SPACE.sub(" ", joined)
    if len(pieces) != 1:
        return clean, _segments(kept, pieces)
    shift = pieces[0][1] - pieces[0][0]
    lengths = [b - a for a, b in kept]
    return clean, [
        (c, a + shift, n)
        for (a, _), n, c in zip(kept, lengths, accumulate(lengths, initial=0), strict=False)
        if n > 0
    ]


def _already_clean(virtual: str) -> bool:
    """True when cleaning changes nothing: the only whitespace is single inner spaces (every
    other whitespace character is unprintable, and a line break needs one)."""
    return (
        virtual.isprintable() and "  " not in virtual and virtual[:1] != " " and virtual[-1:] != " "
    )


def _breaks(text: str, lo: int, hi: int) -> list[Span]:
    """The hyphenated line breaks (hyphen and whitespace) in ``text[lo:hi]``, in order."""
    spans = [m.span() for m in _DASH_BREAK.finditer(text, lo, hi)]
    if "\u00ad" in text:
        spans = sorted(spans + [m.span() for m in _SOFT_BREAK.finditer(text, lo, hi)])
    return spans


def _drops(virtual: str, lo: int, hi: int) -> list[Span]:
    """The spans cleaning drops from ``virtual[lo:hi]`` (no whitespace at either end), in
    order: hyphenated breaks (hyphen and whitespace) and whitespace runs not inside a break."""
    spans = _breaks(virtual, lo, hi)
    runs = [m.span() for m in _RUN.finditer(virtual, lo, hi)]
    if spans and runs:  # a break ends with all the whitespace after its hyphen
        inside = {end for _, end in spans}
        runs = [run for run in runs if run[1] not in inside]
    return sorted(spans + runs) if runs else spans


def _plain_drops(virtual: str, lo: int, hi: int) -> list[Span]:
    """:func:`_drops` when the only whitespace is spaces and line breaks: the runs with a line
    break are found from it (a fast scan), the others are runs of spaces."""
    spans = []
    for m in _LINE_BREAKS.finditer(virtual, lo, hi):
        at, after = m.span()
        while virtual[at - 1] == " ":
            at -= 1
        if virtual[at - 1] == "-" and _DASH_BREAK.match(virtual, at - 1, hi):
            spans.append((at - 1, after))
        elif after - at > 1:
            spans.append((at, after))
    if "  " in virtual:
        runs = [
            (a, b)
            for a, b in (m.span() for m in _SPACES.finditer(virtual, lo, hi))
            if virtual[a - 1] != "\n" and virtual[b] != "\n"
        ]
        spans = sorted(spans + runs) if runs else spans
    return spans


def _segments(
    kept: list[tuple[int, int]], pieces: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Segments ``(clean_start, raw_start, length)`` of the kept virtual ranges, merged where
    the raw offsets run on; ``pieces``: the virtual text's runs ``(virtual, raw, length)``."""
    segments: list[list[int]] = []
    length = 0
    k = 0
    for a, b in kept:
        while a < b:
            while pieces[k][0] + pieces[k][2] <= a:
                k += 1
            v, r, n = pieces[k]
            take = min(b, v + n) - a
            raw_at = r + a - v
            if segments and segments[-1][1] + segments[-1][2] == raw_at:
                segments[-1][2] += take
            else:
                segments.append([length, raw_at, take])
            length += take
            a += take
    return [tuple(seg) for seg in segments]


def clean_text(
    raw: str, start: int = 0, end: int | None = None, gaps: tuple[Span, ...] = ()
) -> tuple[str, list[int]]:
    """Clean ``raw[start:end]`` minus ``gaps`` (the rules in the module docstring).

    Returns the clean text and, for each clean character, its offset in ``raw`` (strictly
    increasing). A space that stands for a whitespace run maps to the run's first character.
    """
    clean, segments = _clean(raw, start, end, gaps)
    where: list[int] = []
    for _clean_start, raw_start, length in segments:
        where.extend(range(raw_start, raw_start + length))
    return clean, where


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized piece of a document.

    ``start``/``end``: ``[start, end)`` offsets into the original text; ``text``: the clean text;
    ``kind``: paragraph, heading or caption; ``gaps``: raw spans inside ``[start, end)`` that are
    not part of this passage (captions, running heads); ``segments``: runs
    ``(clean_start, raw_start, length)`` mapping clean characters to raw ones one to one.
    """

    document: str
    index: int
    start: int
    end: int
    text: str
    kind: str = "paragraph"
    gaps: tuple[Span, ...] = ()
    segments: tuple[tuple[int, int, int], ...] = field(default=(), repr=False)

    @cached_property
    def _starts(self) -> tuple[list[int], list[int], int]:
        """The segments' clean starts and raw starts (both increasing), and their total length."""
        return (
            [c for c, _, _ in self.segments],
            [r for _, r, _ in self.segments],
            sum(n for _, _, n in self.segments),
        )

    def _raw_at(self, clean: int) -> int:
        k = bisect_right(self._starts[0], clean) - 1
        c, r, _n = self.segments[k]
        return r + clean - c

    def raw_span(self, clean_start: int, clean_end: int) -> Span:
        """The raw ``[start, end)`` covering the clean span ``[clean_start, clean_end)``."""
        size = self._starts[2]
        if not 0 <= clean_start <= clean_end <= size:
            raise ValueError(f"clean span {clean_start}:{clean_end} is outside the passage")
        if clean_start == clean_end:
            raw = self._raw_at(clean_start) if clean_start < size else self.end
            return raw, raw
        return self._raw_at(clean_start), self._raw_at(clean_end - 1) + 1

    def raw_spans(self, spans: Iterable[tuple]) -> list[Span]:
        """:meth:`raw_span` of each ``(clean_start, clean_end, ...)`` in ``spans``, spans found in
        the clean text (their bounds are not checked)."""
        segments = self.segments
        if len(segments) == 1:  # the clean text is one raw run
            shift = segments[0][1]
            return [(shift + span[0], shift + span[1]) for span in spans]
        starts = self._starts[0]
        out = []
        for span in spans:
            a, b = span[0], span[1]
            if a == b:
                out.append(self.raw_span(a, b))
                continue
            k = bisect_right(starts, a) - 1
            c, r, _n = segments[k]
            c_end, r_end, _n = segments[bisect_right(starts, b - 1, k) - 1]
            out.append((r + a - c, r_end + b - c_end))
        return out

    def _kept_before(self, raw: int) -> int:
        """How many clean characters come from raw offsets before ``raw``."""
        k = bisect_left(self._starts[1], raw) - 1
        if k < 0:
            return 0
        c, r, n = self.segments[k]
        return c + min(n, raw - r)

    def clean_span(self, raw_start: int, raw_end: int) -> Span:
        """The clean ``[cs, ce)`` covering the raw span: every kept character inside it."""
        return self._kept_before(raw_start), self._kept_before(raw_end)

    def highlight(self, raw_start: int, raw_end: int) -> tuple[str, str, str]:
        """Split the clean text around a raw span: ``(before, quote, after)``."""
        cs, ce = self.clean_span(raw_start, raw_end)
        return self.text[:cs], self.text[cs:ce], self.text[ce:]

    def owns(self, raw_start: int, raw_end: int) -> bool:
        """True when the raw span lies inside this passage and outside its gaps."""
        if not (self.start <= raw_start and raw_end <= self.end):
            return False
        hi = max(raw_end, raw_start + 1)  # an empty span still sits at a position
        return not any(raw_start < ge and gs < hi for gs, ge in self.gaps)

    def to_row(self) -> dict:
        """A plain dict (JSON-serialisable) that :meth:`from_row` turns back into a Passage."""
        return {
            "document": self.document,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "gaps": [list(g) for g in self.gaps],
            "segments": [list(s) for s in self.segments],
        }

    @classmethod
    def from_row(cls, row: dict) -> Passage:
        return cls(
            document=row["document"],
            index=row["index"],
            start=row["start"],
            end=row["end"],
            text=row["text"],
            kind=row["kind"],
            gaps=tuple(tuple(g) for g in row["gaps"]),
            segments=tuple(tuple(s) for s in row["segments"]),
        )


class _Lines:
    """A text's lines (split at newlines) as parallel lists: an object per line costs more."""

    __slots__ = ("raw", "stripped", "starts", "_words")

    def __init__(self, text: str) -> None:
        self.raw = text.split("\n")
        self.stripped = [line.strip() for line in self.raw]
        self.starts = list(accumulate([len(line) + 1 for line in self.raw], initial=0))
        self._words: dict[int, tuple[str, set[str]]] = {}

    def words(self, i: int) -> tuple[str, set[str]]:
        """Line ``i`` stripped and lower-cased, and its set of words (computed once: a line is
        compared with the line before it and the line after it)."""
        if (got := self._words.get(i)) is None:
            lower = self.stripped[i].lower()
            got = self._words[i] = (lower, set(_WORD.findall(lower)))
        return got

    def span(self, first: int, last: int) -> Span:
        """The raw span of lines ``first`` to ``last`` (non-blank) without the whitespace at
        either end."""
        line = self.raw[first]
        start = self.starts[first] + len(line) - len(line.lstrip())
        line = self.raw[last]
        return start, self.starts[last] + len(line.rstrip())

    def indented(self, i: int) -> bool:
        return self.raw[i][:1] in (" ", "\t")


@dataclass(slots=True)
class _Block:
    kind: str
    lines: list[int]  # the indices of the block's non-blank lines, in order


def _terminated(s: str) -> bool:
    return s.rstrip().endswith(_TERMINAL)


def _is_heading(s: str) -> bool:
    """``s``: stripped text."""
    # split at most _HEADING_WORDS times: more words leave one part more than that
    return not s.endswith(_TERMINAL) and len(s.split(None, _HEADING_WORDS)) <= _HEADING_WORDS


def _is_wrapped(text: str, lines: _Lines) -> bool:
    if len(_breaks(text, 0, len(text))) >= 3:
        return True
    content = [s for s in lines.stripped if s]
    if len(content) < 5:
        return False
    short = statistics.median(len(s) for s in content) < 80
    return short and sum(not s.endswith(_TERMINAL) for s in content) > 0.6 * len(content)


_ENDS_BROKEN = re.compile(r"[^\W\d_]-$")
_CAPTION_MAX_CHARS = 400  # a repeated caption is one short line; paragraphs are never repeats


def _near_duplicate(lines: _Lines, i: int, j: int) -> bool:
    """True when non-blank lines ``i`` and ``j`` read alike."""
    a, b = lines.stripped[i], lines.stripped[j]
    if max(len(a), len(b)) > _CAPTION_MAX_CHARS:
        return False
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < 0.85:
        return False  # difflib's real_quick_ratio, an upper bound of ratio(), rules it out
    (a, words_a), (b, words_b) = lines.words(i), lines.words(j)
    if a == b and len(a) < 200:
        return True  # ratio() is 1 (from 200 characters difflib's autojunk could lower it)
    if len(words_a & words_b) < 0.5 * max(len(words_a), len(words_b)):
        return False  # repeated captions share most words; this skips difflib for the rest
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _line_blocks(lines: _Lines) -> tuple[list[_Block], list[int]]:
    """Blocks of a line-per-paragraph document, and the dropped repeated caption lines."""
    blocks: list[_Block] = []
    dropped: list[int] = []
    previous = None
    for i, s in enumerate(lines.stripped):
        if not s:
            previous = None
            continue
        if previous is not None and _near_duplicate(lines, previous, i):
            blocks[-1].kind = "caption"
            dropped.append(i)
            continue
        blocks.append(_Block("heading" if _is_heading(s) else "paragraph", [i]))
        previous = i
    return blocks, dropped


def _wrapped_blocks(lines: _Lines) -> tuple[list[_Block], list[int]]:
    """Blocks of a hard-wrapped document (captions last), and the dropped running heads."""
    stripped, n = lines.stripped, len(lines.stripped)
    nonblank = [i for i, s in enumerate(stripped) if s]
    counts = Counter(stripped[i] for i in nonblank)
    running = {
        s
        for s, k in counts.items()
        if k >= 2 and len(s) <= _RUNNING_HEAD_CHARS and not _terminated(s) and not s[0].isdigit()
    }
    # other non-blank lines are running text: only indented lines and running heads need a look
    raw = lines.raw
    marked = [i for i in nonblank if raw[i][0] in " \t" or stripped[i] in running]
    dropped: list[int] = []
    captions: list[list[int]] = []
    last_main = ""
    i = 0  # the first line not yet taken
    for c in marked:
        if c < i:
            continue
        k = bisect_left(nonblank, c) - 1  # the running text line before c, if after i
        if k >= 0 and nonblank[k] >= i:
            last_main = stripped[nonblank[k]]
        if stripped[c] in running:
            dropped.append(c)
            j = c + 1
            while j < n and stripped[j] and not lines.indented(j):
                j += 1
            if j > c + 1:
                captions.append(list(range(c + 1, j)))
            i = j
            continue
        first = stripped[c][0]  # (an indented line)
        if last_main and not _terminated(last_main) and (first.isupper() or first in _OPEN_QUOTES):
            resume = next(
                (
                    j
                    for j in range(c + 1, min(c + 1 + _CAPTION_MAX_LINES, n))
                    if stripped[j]
                    and lines.indented(j)
                    and (stripped[j][0].islower() or stripped[j][0].isdigit())
                ),
                None,
            )
            if resume is not None:
                captions.append([j for j in range(c, resume) if stripped[j]])
                i = resume
                continue
        last_main = stripped[c]
        i = c + 1

    furniture = set(dropped).union(*captions)
    # a block: consecutive running text lines with as many blank lines before them (j - at)
    after_blanks = [(j - at, j) for at, j in enumerate(nonblank) if j not in furniture]
    blocks = [
        _Block("paragraph", [j for _, j in group])
        for _, group in groupby(after_blanks, itemgetter(0))
    ]
    merged: list[_Block] = []
    for block in blocks:
        if merged:
            prev_last = stripped[merged[-1].lines[-1]]
            first = stripped[block.lines[0]][:1]
            # (a match is the last two characters)
            hyphen_break = bool(_ENDS_BROKEN.search(prev_last, len(prev_last) - 2))
            if hyphen_break or (
                not _terminated(prev_last) and (first.islower() or first.isdigit())
            ):
                merged[-1].lines.extend(block.lines)
                continue
        merged.append(block)
    for block in merged:
        # the joined text ends with the last line: a terminated one is no heading
        if _terminated(stripped[block.lines[-1]]):
            continue
        if _is_heading(" ".join(stripped[j] for j in block.lines)):
            block.kind = "heading"
    merged += [_Block("caption", caption) for caption in captions]
    return merged, dropped


def _sentence_cuts(text: str, start: int, end: int, gaps: list[Span]) -> list[int]:
    """Cut points that split a long block into ~_TARGET_CHARS pieces at sentence ends."""
    if end - start <= _LONG_BLOCK:
        return []
    cuts, last = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        cut = m.end()
        long_enough = cut - last >= _TARGET_CHARS and end - cut >= _TARGET_CHARS // 3
        if long_enough and not any(gs <= cut < ge for gs, ge in gaps):
            cuts.append(cut)
            last = cut
    return cuts


def split_passages(doc_id: str, text: str) -> list[Passage]:
    """Split ``text`` into passages (see the module docstring for layout and cleaning rules)."""
    lines = _Lines(text)
    wrapped = _is_wrapped(text, lines)
    blocks, dropped = (_wrapped_blocks if wrapped else _line_blocks)(lines)
    spans = [lines.span(b.lines[0], b.lines[-1]) for b in blocks]
    captions = [span for span, b in zip(spans, blocks, strict=True) if b.kind == "caption"]
    outside = sorted(captions + [lines.span(i, i) for i in dropped])

    pieces: list[tuple[int, int, str, tuple[Span, ...]]] = []
    for block, (start, end) in zip(blocks, spans, strict=True):
        if not outside and end - start <= _LONG_BLOCK:  # most blocks: one piece, no gaps
            pieces.append((start, end, block.kind, ()))
            continue
        gaps = [g for g in outside if start <= g[0] and g[1] <= end and g != (start, end)]
        bounds = [start, *_sentence_cuts(text, start, end, gaps), end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            piece_gaps = tuple(g for g in gaps if a <= g[0] and g[1] <= b)
            pieces.append((a, b, block.kind, piece_gaps))

    passages = []
    plain = wrapped and _plain(text)  # (line-per-paragraph passages are mostly clean already)
    for a, b, kind, gaps in sorted(pieces):
        clean, segments = _clean(text, a, b, gaps, plain)
        if not clean:
            continue
        # cuts may leave whitespace at the edges: tighten the raw span to the kept characters
        start, end = segments[0][1], segments[-1][1] + segments[-1][2]
        passages.append(
            Passage(
                document=doc_id,
                index=len(passages),
                start=start,
                end=end,
                text=clean,
                kind=kind,
                gaps=gaps,
                segments=tuple(segments),
            )
        )
    return passages


# Joins the passages of one document for a single scan: no word, name joiner or date pattern
# matches it, so matches never cross from one passage into the next.
SEPARATOR = "\x00"


def join_passages(texts: Sequence[str]) -> tuple[str, list[int]]:
    """The texts joined by :data:`SEPARATOR`, and where each starts in the result."""
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0)) if texts else []
    return SEPARATOR.join(texts), starts


def by_passage(spans: Iterable[tuple], starts: list[int]) -> list[list[tuple]]:
    """Spans ``(start, end, ...)`` in a :func:`join_passages` text, ordered by start, grouped
    by passage with offsets relative to it (``starts``: from ``join_passages``)."""
    out: list[list[tuple]] = [[] for _ in starts]
    k = 0
    for span in spans:
        k = bisect_right(starts, span[0], k) - 1
        base = starts[k]
        out[k].append((span[0] - base, span[1] - base, *span[2:]))
    return out
