"""Find dates and date ranges in a text, each with offsets and an ISO interval.

``find_dates(text)`` returns :class:`DateMention` objects in text order. Like
``geodata.mentions.find_places`` it matches on the cleaned text (hyphenated line breaks joined,
whitespace collapsed: "26 Octo-\\nber" is found) and maps offsets back into ``text``.

Intervals are **inclusive**: ``start_date`` is the first day the expression can mean and
``end_date`` the last, both ISO ``YYYY-MM-DD``:

==========================================  ===========================  =========
expression                                  interval                     precision
==========================================  ===========================  =========
"November 8, 2020", "8 November 2020"      2020-11-08 .. 2020-11-08     day
"September 19-20, 2023", "12-16 July 2020"  2023-09-19 .. 2023-09-20     day
"September 27 to November 10, 2020"         2020-09-27 .. 2020-11-10     day
"May 1994", "December 2020"                 1994-05-01 .. 1994-05-31     month
"February 1988 to May 1994"                 1988-02-01 .. 1994-05-31     month
"1992" (as in "in 1992", "by 1994")         1992-01-01 .. 1992-12-31     year
"from 1988 to 1994", "1988-1994"            1988-01-01 .. 1994-12-31     year
"1980s" / "early" / "mid" / "late 1980s"    1980-89 / 80-83 / 83-86 / 87-89  decade
==========================================  ===========================  =========

The surface is the date itself: prepositions ("in", "by", "on", "from") are left out, so "by
1994" is the year 1994 (what "by" implies is left to the reader).

Dates without a year ("November 8", "17 October") are found with precision ``day`` and the
ISO 8601 year-less form ``--MM-DD`` for both ends; ``year_known`` is False. The year is never
taken from the document's publication date (an anniversary piece's "November 8" is the 2020
event, not the publication year). :func:`infer_years` gives such a date the year of the closest
preceding dated mention in the same passage when that does not go back in time ("on 9 October
2020 ... on 17 October" -> 2020-10-17, ``year_inferred``); "December 2020. Since then,
November 8 has become ..." stays year-less.

Not dates: durations and counts ("30 years", "44 days", "44-day", "30-Year", "76,000"), and
numbers outside 1900-2099. Centuries ("the 20th century") are not recognised.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from geodata.passages import by_passage, clean_text, join_passages

PRECISIONS = ("day", "month", "year", "decade")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_D = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d"
_DECADE = r"(?:19|20)\d0"
_DASH = r"\s*[-–—]\s*"
_TO = r"(?:\s+(?:to|until|till|through)\s+|" + _DASH + r")"
_NOT_NUM_BEFORE = r"(?<![\w.,$£€#/])"
_NOT_NUM_AFTER = r"(?![\w%]|,\d|[-–]\w)"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# Each pattern captures named parts; _interval() turns them into a (start, end, precision). Each
# comes with where its matches can start (see _starts): at a month name before a day or a year,
# at a day before a month name, at the first day of "12-16 July" ("day range"), at a year, at
# an ISO date, or at a decade or the part before it ("decade").
_PATTERNS = [
    # September 27 to November 10, 2020 / September 27, 2020 to November 10, 2021
    (
        "month day",
        rf"{_g('m1', _M)}\s+{_g('d1', _D)}(?:,?\s+{_g('y1', _Y)})?,?{_TO}"
        rf"{_g('m2', _M)}\s+{_g('d2', _D)},?\s+{_g('y2', _Y)}",
    ),
    # 27 September to 10 November 2020
    (
        "day",
        rf"{_g('d1', _D)}\s+{_g('m1', _M)}(?:\s+{_g('y1', _Y)})?{_TO}"
        rf"{_g('d2', _D)}\s+{_g('m2', _M)},?\s+{_g('y2', _Y)}",
    ),
    # September 19-20, 2023
    ("month day", rf"{_g('m1', _M)}\s+{_g('d1', _D)}{_DASH}{_g('d2', _D)},?\s+{_g('y2', _Y)}"),
    # 12-16 July 2020
    ("day range", rf"{_g('d1', _D)}{_DASH}{_g('d2', _D)}\s+{_g('m1', _M)},?\s+{_g('y2', _Y)}"),
    # February 1988 to May 1994
    ("month year", rf"{_g('m1', _M)},?\s+{_g('y1', _Y)}{_TO}{_g('m2', _M)},?\s+{_g('y2', _Y)}"),
    # from 1988 to 1994, 1988-1994, between 1988 and 1994
    (
        "year",
        rf"(?:(?<=from\s){_g('y1', _Y)}\s+(?:to|until|till)\s+|(?<=between\s){_g('y1b', _Y)}"
        rf"\s+and\s+|{_NOT_NUM_BEFORE}{_g('y1c', _Y)}[-–]){_g('y2', _Y)}{_NOT_NUM_AFTER}",
    ),
    # November 8, 2020 / 8 November 2020 / 2020-11-08
    ("month day", rf"{_g('m1', _M)}\s+{_g('d1', _D)},?\s+{_g('y2', _Y)}{_NOT_NUM_AFTER}"),
    ("day", rf"{_g('d1', _D)}\s+{_g('m1', _M)},?\s+{_g('y2', _Y)}{_NOT_NUM_AFTER}"),
    ("iso", rf"{_NOT_NUM_BEFORE}{_g('iso', _ISO)}{_NOT_NUM_AFTER}"),
    # May 1994
    ("month year", rf"{_g('m1', _M)},?\s+{_g('y2', _Y)}{_NOT_NUM_AFTER}"),
    # late 1980s, the 1990s
    ("decade", rf"(?:{_g('part', 'early|mid|late')}[-\s]+)?{_g('decade', _DECADE)}['’]?s\b"),
    # November 8 / 8 November (no year)
    ("month day", rf"{_g('m1', _M)}\s+{_g('d1', _D)}(?![\d,]*\s*(?:19|20)\d\d)\b"),
    ("day", rf"(?<![\w.,]){_g('d1', _D)}\s+{_g('m1', _M)}"),
    # 1992
    ("year", rf"{_NOT_NUM_BEFORE}{_g('y2', _Y)}{_NOT_NUM_AFTER}"),
]
_COMPILED = [(where, re.compile(p)) for where, p in _PATTERNS]
# Every month name starts with one of these.
_MONTH3 = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# A month name after a day's ASCII digits (its second digit may be any \d); a month name (with
# its "." and ",") ending where the whitespace before a day or year begins. See _starts.
_MONTH_AFTER = re.compile(rf"\d?(?:st|nd|rd|th)?\s+{_MONTH3}")
_MONTH_BEFORE = re.compile(rf"{_MONTH3}[a-z]*\.?,?\Z")
_ORDINALS = ("st", "nd", "rd", "th")
_NAMES = [  # each pattern's group names in group order
    sorted(pattern.groupindex, key=pattern.groupindex.get) for _, pattern in _COMPILED
]
_DECADE_PARTS = {None: (0, 9), "early": (0, 3), "mid": (3, 6), "late": (7, 9)}
_PART_NAMES = [part for part in _DECADE_PARTS if part]


@dataclass(frozen=True)
class DateMention:
    """``text[start:end] == surface`` refers to the inclusive interval ``start_date..end_date``.

    Year-less dates use ``--MM-DD`` for both ends; ``year_inferred`` marks a year supplied by
    :func:`infer_years`.
    """

    start: int
    end: int
    surface: str
    start_date: str
    end_date: str
    precision: str
    year_inferred: bool = False

    @property
    def year_known(self) -> bool:
        return not self.start_date.startswith("--")

    def interval(self) -> tuple[dt.date, dt.date] | None:
        """The interval as dates, or None when the year is unknown."""
        if not self.year_known:
            return None
        return dt.date.fromisoformat(self.start_date), dt.date.fromisoformat(self.end_date)


def _day(text: str | None) -> int:
    return int(re.match(r"\d+", text).group()) if text else 1


def _month(text: str) -> int:
    return _MONTHS[text.rstrip(".")]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _interval(g: dict[str, str | None]) -> tuple[str, str, str] | None:
    """(start, end, precision) from a match's groups; None when it is not a real date."""
    if g.get("iso"):
        day = dt.date.fromisoformat(g["iso"]).isoformat()
        return day, day, "day"
    if g.get("decade"):
        base = int(g["decade"])
        lo, hi = _DECADE_PARTS[g.get("part")]
        return f"{base + lo}-01-01", f"{base + hi}-12-31", "decade"
    y2 = g.get("y2")
    if y2 is None:  # year-less day
        month, day = _month(g["m1"]), _day(g["d1"])
        dt.date(2000, month, day)  # leap year: validates 29 February too
        iso = f"--{month:02d}-{day:02d}"
        return iso, iso, "day"
    y2 = int(y2)
    y1 = g.get("y1") or g.get("y1b") or g.get("y1c")
    if g.get("m1") is None:  # years only
        start_year = int(y1) if y1 else y2
        if start_year > y2:
            return None
        return f"{start_year}-01-01", f"{y2}-12-31", "year"
    m1 = _month(g["m1"])
    m2 = _month(g["m2"]) if g.get("m2") else m1
    if g.get("d1") is None:  # months
        start_year = int(y1) if y1 else y2
        start = dt.date(start_year, m1, 1)
        end = dt.date(y2, m2, _last_day(y2, m2))
        return (start.isoformat(), end.isoformat(), "month") if start <= end else None
    d1 = _day(g["d1"])
    d2 = _day(g["d2"]) if g.get("d2") else d1
    end = dt.date(y2, m2, d2)
    start_year = int(y1) if y1 else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    start = dt.date(start_year, m1, d1)
    return (start.isoformat(), end.isoformat(), "day") if start <= end else None


@functools.lru_cache(maxsize=1 << 12)
def _interval_of(order: int, groups: tuple[str | None, ...]) -> tuple[str, str, str] | None:
    """:func:`_interval` of a match of pattern ``order`` with these ``groups()``; None also for
    impossible days (31 November and the like). Texts repeat their dates: cached."""
    try:
        return _interval(dict(zip(_NAMES[order], groups, strict=True)))
    except ValueError:
        return None


def _digits(text: str) -> list[int]:
    """The positions of the ASCII digits in ``text``, increasing (single-character finds are
    far cheaper than a regex scan)."""
    found = []
    for digit in "0123456789":
        at = text.find(digit)
        while at >= 0:
            found.append(at)
            at = text.find(digit, at + 1)
    found.sort()
    return found


def _space_before(text: str, end: int) -> int:
    """Where the run of whitespace ending at ``end`` starts (``end`` if there is none)."""
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _day_starts(text: str, end: int) -> list[int]:
    """Where a day (``_D``: one or two digits, maybe an ordinal) ending at ``end`` can start:
    at an ASCII digit (the second digit may be any ``\\d``)."""
    if text[max(end - 2, 0) : end] in _ORDINALS:
        end -= 2
    return [at for at in (end - 2, end - 1) if at >= 0 and "0" <= text[at] <= "9"]


def _starts(text: str) -> dict[str, list[int]]:
    """For each kind of pattern start (see ``_PATTERNS``), the increasing positions in ``text``
    where such a match can start: a superset found around the runs of ASCII digits instead of
    scanning the text for each pattern (every day and year starts with an ASCII digit; a month
    name in a date is followed by a day or year after whitespace, or follows a day)."""
    digits = _digits(text)
    is_digit = set(digits)
    starts = [at for at in digits if at - 1 not in is_digit]
    ends = [at + 1 for at in digits if at + 1 not in is_digit]
    month_days, month_years, days, day_ranges = set(), set(), set(), set()
    for start, end in zip(starts, ends, strict=True):
        space = _space_before(text, start)
        if space < start and (m := _MONTH_BEFORE.search(text, max(space - 11, 0), space)):
            if end - start <= 2:  # "May 8" (a day is at most two ASCII digits)
                month_days.add(m.start())
            if text.startswith(("19", "20"), start):  # "May 1994", "May, 1994"
                month_years.add(m.start())
        if m := _MONTH_AFTER.match(text, end):  # "8 May", "1st May"
            days.update(_day_starts(text, _space_before(text, m.end() - 3)))
            if space and text[space - 1] in "-–—":  # "12-16 May"
                day_ranges.update(_day_starts(text, _space_before(text, space - 1)))
    # Years in the other patterns follow no digit; a decade ends a run ("1990s", "11990s").
    years = [at for at in starts if text.startswith(("19", "20"), at)]
    decades = {
        end - 4
        for end in ends
        if end >= 4 and text[end - 1] == "0" and text.startswith(("19", "20"), end - 4)
    }
    for decade in list(decades):
        end = decade
        while end and (text[end - 1] == "-" or text[end - 1].isspace()):
            end -= 1
        if end < decade:  # "mid-1990s"
            decades.update(end - len(p) for p in _PART_NAMES if text.endswith(p, 0, end))
    return {
        "month day": sorted(month_days),
        "month year": sorted(month_years),
        "day": sorted(days),
        "day range": sorted(day_ranges),
        "year": years,
        "iso": [at for at in years if text.startswith("-", at + 4)],
        "decade": sorted(decades),
    }


def _matches_at(pattern: re.Pattern, text: str, anchors: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose matches can only start at ``anchors``
    (increasing): tried there only, without scanning the text in between."""
    end = 0
    for at in anchors:
        if at >= end and (m := pattern.match(text, at)):
            end = m.end()
            yield m


def find_dates_clean(text: str) -> list[tuple[int, int, str, str, str]]:
    """Dates in already clean text: ``(start, end, start_date, end_date, precision)``."""
    starts = _starts(text)
    candidates = []
    for order, (where, pattern) in enumerate(_COMPILED):
        for m in _matches_at(pattern, text, starts[where]):
            start, end = m.span()
            found = _interval_of(order, m.groups())
            if found:
                candidates.append((start, start - end, order, end, found))
    taken: list[tuple[int, int, str, str, str]] = []
    for start, _neg_len, _order, end, found in sorted(candidates):
        if taken and start < taken[-1][1]:
            continue
        taken.append((start, end, *found))
    return taken


def find_dates_document(texts: Sequence[str]) -> list[list[tuple[int, int, str, str, str]]]:
    """:func:`find_dates_clean` for each clean passage text of one document (one scan of the
    passages joined by :func:`geodata.passages.join_passages`: no date crosses a separator)."""
    document, starts = join_passages(texts)
    return by_passage(find_dates_clean(document), starts)


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in ``text``, in order, with offsets into ``text``."""
    clean, where = clean_text(text)
    mentions = []
    for cs, ce, start_date, end_date, precision in find_dates_clean(clean):
        start, end = where[cs], where[ce - 1] + 1
        mentions.append(DateMention(start, end, text[start:end], start_date, end_date, precision))
    return mentions


def infer_years(mentions: list[DateMention]) -> list[DateMention]:
    """Give year-less dates the year of the closest preceding dated mention (same passage).

    Only when the result is not earlier than that preceding date's start (narratives move
    forward); otherwise the date stays year-less. Decades never lend their year.
    """
    out: list[DateMention] = []
    anchor: DateMention | None = None
    for m in mentions:
        if m.year_known:
            if m.precision != "decade":
                anchor = m
            out.append(m)
            continue
        if anchor is not None:
            year = anchor.end_date[:4]
            iso = f"{year}{m.start_date[1:]}"
            if iso >= anchor.start_date:
                m = dataclasses.replace(m, start_date=iso, end_date=iso, year_inferred=True)
        out.append(m)
    return out
