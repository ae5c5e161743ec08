"""Control timeline: who controlled each of the twelve districts when, 1988 to today.

The data is ``geodata/data/timeline.yaml`` (its header documents the fields and the evidence
rules). :func:`load_timeline` validates a file at the boundary and returns a frozen
:class:`Timeline`; :func:`timeline` is the cached shipped file. The query functions are pure and
default to the shipped timeline; pass ``tl=`` to query another one.

Dates are ``datetime.date``; periods are half-open ``[start, end)`` with ``end=None`` open to today.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from geodata.config import package_data, seeds_dir
from geodata.errors import BadDate, DataError, UnknownPlace

FIRST_DAY = date(1988, 1, 1)
DISTRICTS = (
    "AZ-SUS",
    "AZ-FUZ",
    "AZ-LAC",
    "AZ-AGM",
    "AZ-XA",
    "AZ-KAL",
    "AZ-CAB",
    "AZ-ZAN",
    "AZ-QBI",
    "AZ-XCI",
    "AZ-XVD",
    "AZ-TAR",
)
CONTROLLERS = ("azerbaijan", "armenian", "peacekeeping")
EXTENTS = ("whole", "partial")
PRECISIONS = ("day", "month", "year")
EVENT_KINDS = (
    "captured",
    "de_facto_control",
    "handed_over",
    "peacekeeping_deployment",
    "ceasefire",
    "offensive",
)
MILESTONE_KINDS = (
    "political",
    "massacre",
    "clashes",
    "war",
    "ceasefire",
    "strike",
    "agreement",
    "blockade",
    "displacement",
    "decree",
    "withdrawal",
    "diplomacy",
    "ceremony",
)
STATE_FORMATS = ("json", "csv", "geojson")
STATE_COLUMNS = ("id", "name", "controller", "extent", "extent_note", "since", "event")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9_]+$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Evidence:
    """One citation: a verbatim quote from a seed document, or a named external reference."""

    document: str | None = None
    quote: str | None = None
    external: str | None = None

    @property
    def is_external(self) -> bool:
        return self.external is not None


@dataclass(frozen=True)
class Event:
    """A change of control of a district (or of a named part of one)."""

    id: str
    district: str
    date: date
    precision: str
    before: str
    after: str
    extent: str
    kind: str
    summary: str
    evidence: tuple[Evidence, ...]
    part: str | None = None
    date_note: str | None = None
    extent_note: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated non-control event shown on the timeline (a ceasefire, a strike, a decree...)."""

    id: str
    date: date
    precision: str
    kind: str
    name: str
    summary: str
    evidence: tuple[Evidence, ...]
    districts: tuple[str, ...] = ()
    date_note: str | None = None


@dataclass(frozen=True)
class Period:
    """A named phase ``[start, end)``; ``end is None`` means open to today."""

    id: str
    name: str
    start: date
    end: date | None
    description: str
    evidence: tuple[Evidence, ...]
    note: str | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class DistrictState:
    """A district's control on a day: from its latest event, or the initial state (event None)."""

    district: str
    controller: str
    extent: str
    extent_note: str | None
    since: date
    event: str | None


@dataclass(frozen=True)
class Timeline:
    """A validated timeline file. ``events`` are sorted by date (file order within a day)."""

    path: Path
    initial_controller: str
    initial_note: str | None
    initial_evidence: tuple[Evidence, ...]
    periods: tuple[Period, ...]
    events: tuple[Event, ...]
    milestones: tuple[Milestone, ...]
    file_order: tuple[str, ...]  # event ids as written, for the file-order check

    @functools.cached_property
    def by_district(self) -> dict[str, tuple[Event, ...]]:
        return {d: tuple(e for e in self.events if e.district == d) for d in DISTRICTS}


# ---------------------------------------------------------------------------------- loading


class _Entry:
    """Reads the fields of one mapping in the file, raising DataError that names file and entry."""

    def __init__(self, path: Path, what: str, raw: object):
        self.path, self.what = path, what
        if not isinstance(raw, Mapping):
            self.fail("must be a mapping of fields")
        self.raw = raw

    def fail(self, problem: str):
        raise DataError(f"{self.path}: {self.what}: {problem}")

    def check_fields(self, required: set[str], optional: set[str]) -> None:
        missing = sorted(required - set(self.raw))
        if missing:
            self.fail(f"missing field(s) {', '.join(missing)}")
        unknown = sorted(set(self.raw) - required - optional)
        if unknown:
            self.fail(f"unknown field(s) {', '.join(map(str, unknown))}")

    def text(self, key: str, optional: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key} must be a non-empty string")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], label: str) -> str:
        value = self.raw.get(key)
        if value not in allowed:
            self.fail(f"unknown {label} {value!r} in {key} (expected one of {', '.join(allowed)})")
        return value

    def day(self, key: str, optional: bool = False) -> date | None:
        value = self.raw.get(key)
        if value is None and optional:
            return None
        if isinstance(value, str) and _ISO_DAY.match(value):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        # PyYAML turns unquoted ISO dates into date objects; datetime is a date subclass: refuse it.
        if type(value) is not date:
            self.fail(f"bad date {value!r} in {key} (expected YYYY-MM-DD)")
        if not FIRST_DAY <= value <= date.today():
            self.fail(f"{key} {value} is outside {FIRST_DAY}..today")
        return value

    def precise_day(self) -> tuple[date, str]:
        day = self.day("date")
        precision = self.choice("precision", PRECISIONS, "precision")
        if precision == "month" and day.day != 1:
            self.fail(f"precision month needs the 1st of the month as date, got {day}")
        if precision == "year" and (day.month, day.day) != (1, 1):
            self.fail(f"precision year needs 1 January as date, got {day}")
        return day, precision

    def evidence(self) -> tuple[Evidence, ...]:
        items = self.raw.get("evidence")
        if not isinstance(items, list) or not items:
            self.fail("missing evidence (a non-empty list of {document, quote} or {external})")
        return tuple(self._one_evidence(i, item) for i, item in enumerate(items, 1))

    def _one_evidence(self, number: int, item: object) -> Evidence:
        where = f"evidence #{number}"
        if not isinstance(item, Mapping):
            self.fail(f"{where} must be a mapping")
        keys = set(item)
        if keys == {"external"}:
            external = item["external"]
            if not isinstance(external, str) or not external.strip():
                self.fail(f"{where}: empty external reference")
            return Evidence(external=external)
        if keys == {"document", "quote"}:
            document, quote = item["document"], item["quote"]
            if not isinstance(document, str) or not _DOCUMENT_ID.match(document):
                self.fail(f"{where}: bad document id {document!r}")
            if not isinstance(quote, str) or not quote.strip():
                self.fail(f"{where}: empty quote")
            return Evidence(document=document, quote=quote)
        self.fail(f"{where} must have either document and quote, or external (got {sorted(keys)})")


def _load_period(path: Path, raw: object, number: int) -> Period:
    entry = _Entry(path, f"period #{number}", raw)
    entry.what = f"period {_slug(entry)!r}"
    entry.check_fields({"id", "name", "start", "end", "description", "evidence"}, {"note"})
    return Period(
        id=entry.raw["id"],
        name=entry.text("name"),
        start=entry.day("start"),
        end=entry.day("end", optional=True),
        description=entry.text("description"),
        note=entry.text("note", optional=True),
        evidence=entry.evidence(),
    )


def _load_event(path: Path, raw: object, number: int) -> Event:
    entry = _Entry(path, f"event #{number}", raw)
    entry.what = f"event {_slug(entry)!r}"
    entry.check_fields(
        {"id", "district", "date", "precision", "before", "after", "extent", "kind", "summary"}
        | {"evidence"},
        {"part", "date_note", "extent_note"},
    )
    day, precision = entry.precise_day()
    extent = entry.choice("extent", EXTENTS, "extent")
    extent_note = entry.text("extent_note", optional=True)
    if extent == "partial" and extent_note is None:
        entry.fail("extent partial needs an extent_note saying who holds the rest")
    return Event(
        id=entry.raw["id"],
        district=entry.choice("district", DISTRICTS, "district"),
        part=entry.text("part", optional=True),
        date=day,
        precision=precision,
        date_note=entry.text("date_note", optional=True),
        before=entry.choice("before", CONTROLLERS, "controller"),
        after=entry.choice("after", CONTROLLERS, "controller"),
        extent=extent,
        extent_note=extent_note,
        kind=entry.choice("kind", EVENT_KINDS, "kind"),
        summary=entry.text("summary"),
        evidence=entry.evidence(),
    )


def _load_milestone(path: Path, raw: object, number: int) -> Milestone:
    entry = _Entry(path, f"milestone #{number}", raw)
    entry.what = f"milestone {_slug(entry)!r}"
    entry.check_fields(
        {"id", "date", "precision", "kind", "name", "summary", "evidence"},
        {"date_note", "districts"},
    )
    day, precision = entry.precise_day()
    districts = entry.raw.get("districts", [])
    if not isinstance(districts, list) or any(d not in DISTRICTS for d in districts):
        entry.fail(f"unknown district in districts {districts!r}")
    return Milestone(
        id=entry.raw["id"],
        date=day,
        precision=precision,
        date_note=entry.text("date_note", optional=True),
        kind=entry.choice("kind", MILESTONE_KINDS, "kind"),
        name=entry.text("name"),
        summary=entry.text("summary"),
        districts=tuple(districts),
        evidence=entry.evidence(),
    )


def _slug(entry: _Entry) -> str:
    value = entry.raw.get("id")
    if not isinstance(value, str) or not _SLUG.match(value):
        entry.fail(f"id must be a lowercase slug like 'shusha-1992-05-08', got {value!r}")
    return value


def load_timeline(path: str | Path) -> Timeline:
    """Load and validate a timeline file; raise DataError naming the file, entry and problem."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise DataError(f"{path}: not valid YAML: {problem}") from exc
    top = _Entry(path, "top level", raw)
    top.check_fields({"initial", "periods", "events", "milestones"}, set())
    lists = {}
    for key in ("periods", "events", "milestones"):
        if not isinstance(raw[key], list) or not raw[key]:
            top.fail(f"{key} must be a non-empty list")
        lists[key] = raw[key]

    initial = _Entry(path, "initial", raw["initial"])
    initial.check_fields({"controller", "extent"}, {"note", "evidence"})
    if initial.choice("extent", EXTENTS, "extent") != "whole":
        initial.fail("the initial extent must be whole")
    initial_evidence = initial.evidence() if "evidence" in initial.raw else ()

    periods = tuple(_load_period(path, r, i) for i, r in enumerate(lists["periods"], 1))
    events = tuple(_load_event(path, r, i) for i, r in enumerate(lists["events"], 1))
    milestones = tuple(_load_milestone(path, r, i) for i, r in enumerate(lists["milestones"], 1))

    seen: set[str] = set()
    for item in (*periods, *events, *milestones):
        if item.id in seen:
            raise DataError(f"{path}: duplicate id {item.id!r}")
        seen.add(item.id)

    return Timeline(
        path=path,
        initial_controller=initial.choice("controller", CONTROLLERS, "controller"),
        initial_note=initial.text("note", optional=True),
        initial_evidence=initial_evidence,
        periods=tuple(sorted(periods, key=lambda p: p.start)),
        events=tuple(sorted(events, key=lambda e: e.date)),
        milestones=tuple(sorted(milestones, key=lambda m: m.date)),
        file_order=tuple(e.id for e in events),
    )


def timeline_path() -> Path:
    """The shipped timeline file."""
    return package_data("timeline.yaml")


@functools.cache
def timeline() -> Timeline:
    """The shipped timeline, loaded and validated once per process."""
    return load_timeline(timeline_path())


def load_events() -> tuple[Event, ...]:
    """The shipped timeline's control events, in date order."""
    return timeline().events


def load_periods() -> tuple[Period, ...]:
    """The shipped timeline's periods, in date order."""
    return timeline().periods


def load_milestones() -> tuple[Milestone, ...]:
    """The shipped timeline's milestones, in date order."""
    return timeline().milestones


# ---------------------------------------------------------------------------------- queries


def _valid_range() -> str:
    return f"use YYYY-MM-DD between {FIRST_DAY} and {date.today()} (today)"


def parse_date(text: str) -> date:
    """Parse a YYYY-MM-DD date within 1988-01-01..today, or raise BadDate (one line)."""
    if not isinstance(text, str) or not _ISO_DAY.match(text.strip()):
        raise BadDate(f"bad date {text!r}: {_valid_range()}")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"bad date {text!r}: {_valid_range()}") from None
    return _in_range(day)


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= date.today():
        raise BadDate(f"date {day} is out of range: {_valid_range()}")
    return day


def _tl(tl: Timeline | None) -> Timeline:
    return timeline() if tl is None else tl


def _district(district_id: str) -> str:
    if district_id not in DISTRICTS:
        raise UnknownPlace(f"{district_id!r} is not one of the timeline's districts")
    return district_id


def _initial_state(tl: Timeline, district_id: str) -> DistrictState:
    return DistrictState(district_id, tl.initial_controller, "whole", None, FIRST_DAY, None)


def _state_from(event: Event) -> DistrictState:
    return DistrictState(
        event.district, event.after, event.extent, event.extent_note, event.date, event.id
    )


def state_at(day: date, tl: Timeline | None = None) -> dict[str, DistrictState]:
    """Every district's state on ``day`` (events dated ``day`` count), in DISTRICTS order."""
    tl, day = _tl(tl), _in_range(day)
    states = {}
    for district_id in DISTRICTS:
        events = tl.by_district[district_id]
        n = bisect_right([e.date for e in events], day)
        states[district_id] = _state_from(events[n - 1]) if n else _initial_state(tl, district_id)
    return states


def history(district_id: str, tl: Timeline | None = None) -> list[Event]:
    """The district's events in date order."""
    return list(_tl(tl).by_district[_district(district_id)])


def get_period(period_id: str, tl: Timeline | None = None) -> Period:
    """The period with this id (DataError if there is none)."""
    tl = _tl(tl)
    for period in tl.periods:
        if period.id == period_id:
            return period
    raise DataError(f"{tl.path}: no period with id {period_id!r}")


def _bounds(
    span: Period | str | tuple[date, date | None], tl: Timeline
) -> tuple[date, date | None]:
    if isinstance(span, str):
        span = get_period(span, tl)
    if isinstance(span, Period):
        return span.start, span.end
    start, end = span
    return start, end


def _between(items, span, tl: Timeline) -> list:
    start, end = _bounds(span, tl)
    return [i for i in items if start <= i.date and (end is None or i.date < end)]


def events_in(
    span: Period | str | tuple[date, date | None], tl: Timeline | None = None
) -> list[Event]:
    """Control events in a period (a Period, a period id, or a ``(start, end)`` half-open span)."""
    tl = _tl(tl)
    return _between(tl.events, span, tl)


def milestones_in(
    span: Period | str | tuple[date, date | None], tl: Timeline | None = None
) -> list[Milestone]:
    """Milestones in a period (a Period, a period id, or a ``(start, end)`` half-open span)."""
    tl = _tl(tl)
    return _between(tl.milestones, span, tl)


def period_at(day: date, tl: Timeline | None = None) -> Period:
    """The period that contains ``day``."""
    tl, day = _tl(tl), _in_range(day)
    for period in tl.periods:
        if period.contains(day):
            return period
    raise DataError(f"{tl.path}: no period contains {day}")


def _dated_items(tl: Timeline) -> list[Event | Milestone]:
    return sorted((*tl.events, *tl.milestones), key=lambda item: item.date)


def next_event(day: date, tl: Timeline | None = None) -> Event | Milestone | None:
    """The first control event or milestone dated after ``day`` (None after the last one)."""
    return next((i for i in _dated_items(_tl(tl)) if i.date > day), None)


def previous_event(day: date, tl: Timeline | None = None) -> Event | Milestone | None:
    """The last control event or milestone dated before ``day`` (None before the first one)."""
    return next((i for i in reversed(_dated_items(_tl(tl))) if i.date < day), None)


@functools.lru_cache(maxsize=64)
def document_text(document: str, folder: Path | None = None) -> str:
    """A seed document's text exactly as stored (UTF-8, no newline translation)."""
    if not _DOCUMENT_ID.match(document):
        raise DataError(f"bad document id {document!r}")
    path = (folder or seeds_dir()) / f"{document}.txt"
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise DataError(
            f"unknown document {document!r} (no {path.name} in {path.parent})"
        ) from None


def resolve_evidence(evidence: Evidence) -> tuple[str, int, int] | None:
    """``(document, start, end)`` of the quote in its seed (``text[start:end] == quote``).

    None for external evidence; DataError if the document is missing or the quote is not in it.
    """
    if evidence.is_external:
        return None
    start = document_text(evidence.document).find(evidence.quote)
    if start < 0:
        raise DataError(f"quote not found verbatim in {evidence.document}: {evidence.quote[:60]!r}")
    return evidence.document, start, start + len(evidence.quote)


# ---------------------------------------------------------------------------------- output


def state_rows(day: date, tl: Timeline | None = None) -> list[dict]:
    """One row per district for ``day``: the columns of STATE_COLUMNS, dates as ISO strings."""
    from geodata.gazetteer import get_place

    return [
        {
            "id": state.district,
            "name": get_place(state.district).name,
            "controller": state.controller,
            "extent": state.extent,
            "extent_note": state.extent_note,
            "since": state.since.isoformat(),
            "event": state.event,
        }
        for state in state_at(day, tl).values()
    ]


def render_state(day: date, fmt: str = "json", tl: Timeline | None = None) -> str:
    """Every district's state on ``day`` as JSON, CSV or GeoJSON text (``karabakh-atlas state``).

    JSON: ``{"date", "districts": [{id, name, controller, extent, since, event}]}``; CSV adds
    extent_note; GeoJSON is a FeatureCollection of the district polygons with all columns as
    properties.
    """
    if fmt not in STATE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(STATE_FORMATS)}")
    rows = state_rows(day, tl)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=STATE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        districts = [{k: v for k, v in row.items() if k != "extent_note"} for row in rows]
        doc = {"date": day.isoformat(), "districts": districts}
    else:
        doc = _state_geojson(day, rows)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _state_geojson(day: date, rows: list[dict]) -> dict:
    from geodata.boundaries import boundaries_geojson

    shapes = {}
    for feature in boundaries_geojson()["features"]:
        feature_id = feature.get("id") or feature.get("properties", {}).get("id")
        shapes[feature_id] = feature["geometry"]
    missing = [row["id"] for row in rows if row["id"] not in shapes]
    if missing:
        raise DataError(f"boundaries have no polygon for {', '.join(missing)}")
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "properties": {"date": day.isoformat(), **row},
            "geometry": shapes[row["id"]],
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": features}
