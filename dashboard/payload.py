"""The data sent to the browser once: the control timeline, events, periods and display strings.

The slider runs in the browser (assets/atlas.js): for each district it picks the last step whose
day is not after the slider's day. Steps are taken from ``geodata.timeline.state_at`` on every
event date, so the browser shows exactly what ``state_at`` (and ``karabakh-atlas state``) says.
Days are integers: days since 1970-01-01 (``day_number``), so JavaScript can turn one into a
``Date`` with ``new Date(day * 86400000)``.
"""

from __future__ import annotations

import datetime as dt
import html as html_escape
import textwrap
from collections.abc import Iterable

from dashboard import figures
from geodata import gazetteer, timeline

FIRST_DATE = dt.date(1988, 1, 1)
EPOCH = dt.date(1970, 1, 1)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def date_words(day: dt.date | None, precision: str = "day") -> str:
    """A date as words at its precision: "8 November 2020", "May 1992", "1993"."""
    if day is None:
        return "unknown date"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _plain(text: str | None) -> str:
    """Escape data text for plotly's hover labels (they interpret a few HTML-like tags)."""
    return html_escape.escape(text or "", quote=False)


def _wrap(text: str, width: int = 60) -> str:
    return "<br>".join(_plain(line) for line in textwrap.wrap(text, width)) if text else ""


def place_names(place: gazetteer.Place) -> str:
    """ "Shusha · Şuşa · Armenian usage: Shushi" (parts that exist; a district without an
    Armenian-usage name of its own takes its seat town's)."""
    parts = [place.name]
    if place.name_az and place.name_az != place.name:
        parts.append(place.name_az)
    armenian = place.name_hy or (gazetteer.get_place(place.seat).name_hy if place.seat else None)
    if armenian:
        parts.append(f"Armenian usage: {armenian}")
    return " · ".join(parts)


def _event_words(event) -> str:
    return date_words(event.date, event.precision)


def district_hover(place: gazetteer.Place, state, event) -> str:
    """Hover text of a district in one state (plotly hover markup; data text escaped)."""
    controller = getattr(state, "controller", None)
    lines = [f"<b>{_plain(place_names(place))}</b>"]
    lines.append(f"Controlled by: {_plain(figures.CONTROLLER_LABELS.get(controller, 'unknown'))}")
    if getattr(state, "extent", None) == "partial":
        lines.append("Partial control" + (": " if state.extent_note else ""))
        if state.extent_note:
            lines.append(_wrap(state.extent_note))
    if event is not None:
        lines.append(f"Since: {_plain(_event_words(event))}")
        lines.append(_wrap(event.summary))
    else:
        lines.append("Since: before 1988 (start of the timeline)")
    return "<br>".join(lines)


def town_hover(place: gazetteer.Place) -> str:
    """A town marker's tooltip, plain text (the browser shows it as text, never as HTML)."""
    district = gazetteer.get_place(place.district).name if place.district else ""
    lines = [place_names(place)]
    if district:
        lines.append(f"Town in {district} district")
    lines.append("Click to read the sources")
    return "\n".join(lines)


def focus_districts() -> list[gazetteer.Place]:
    """The twelve focus districts, in gazetteer order."""
    return [p for p in gazetteer.places() if p.kind == "district" and not p.context]


def map_towns() -> list[dict]:
    """The towns on the map (those inside the focus districts), each with its label's side."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "lon": p.lon,
            "lat": p.lat,
            "side": figures.TOWN_LABEL_SIDES.get(p.id, figures.DEFAULT_LABEL_SIDE),
            "hover": town_hover(p),
        }
        for p in gazetteer.places()
        if p.kind == "town" and not p.context
    ]


def _step(place, state, event, day: int) -> dict:
    controller = getattr(state, "controller", None)
    extent = getattr(state, "extent", None)
    code = figures.state_code(controller, extent)
    line, width = figures.code_line(code)
    return {
        "day": day,
        "code": code,
        "line": line,
        "width": width,
        "controller": figures.CONTROLLER_LABELS.get(controller, "unknown")
        + (" (partial)" if extent == "partial" else ""),
        "since": _event_words(event) if event is not None else "before 1988",
        "event": event.id if event is not None else None,
        "hover": district_hover(place, state, event),
    }


def control_steps(
    districts: Iterable[gazetteer.Place], events: Iterable[timeline.Event]
) -> dict[str, list[dict]]:
    """Per district, the states as steps ``[{day, code, hover, ...}]`` in date order."""
    events_by_id = {e.id: e for e in events}
    days = sorted({FIRST_DATE} | {e.date for e in events_by_id.values() if e.date >= FIRST_DATE})
    steps: dict[str, list[dict]] = {p.id: [] for p in districts}
    places = {p.id: p for p in districts}
    for day in days:
        states = timeline.state_at(day)
        for district_id, place in places.items():
            state = states[district_id]
            event = events_by_id.get(state.event) if state.event else None
            step = _step(place, state, event, day_number(day))
            previous = steps[district_id][-1] if steps[district_id] else None
            if previous is None or {**previous, "day": step["day"]} != step:
                steps[district_id].append(step)
    return steps


def step_at(steps: list[dict], day: int) -> dict:
    """The step in force on ``day`` (the first one before the timeline starts)."""
    current = steps[0]
    for step in steps:
        if step["day"] > day:
            break
        current = step
    return current


def _period_entry(period: timeline.Period, last: int) -> dict:
    end = day_number(period.end) - 1 if period.end else last  # periods are [start, end)
    return {
        "id": period.id,
        "name": period.name,
        "start": day_number(period.start),
        "end": min(end, last),
        "start_date": period.start.isoformat(),
        "start_label": date_words(period.start),
    }


def _strip_entry(item, milestone: bool) -> dict:
    return {
        "id": item.id,
        "day": day_number(item.date),
        "date_label": date_words(item.date, item.precision),
        "kind": item.kind,
        "summary": item.summary,
        "milestone": milestone,
    }


def build_payload(today: dt.date | None = None) -> dict:
    """Everything the browser needs to move through time without asking the server.

    ``events`` are the control changes (play and previous/next step through them); ``milestones``
    are the other dated events, shown on the strip.
    """
    today = today or dt.date.today()
    last = day_number(today)
    events = [e for e in timeline.load_events() if FIRST_DATE <= e.date <= today]
    milestones = [m for m in timeline.load_milestones() if FIRST_DATE <= m.date <= today]
    districts = focus_districts()
    return {
        "first": day_number(FIRST_DATE),
        "last": last,
        "first_year": FIRST_DATE.year,
        "last_label": "today",
        "order": [p.id for p in districts],
        "names": {p.id: p.name for p in districts},
        "districts": control_steps(districts, events),
        "colours": [figures.code_colour(c) for c in range(len(figures.STATE_CODES))],
        "events": sorted((_strip_entry(e, False) for e in events), key=lambda e: e["day"]),
        "milestones": sorted((_strip_entry(m, True) for m in milestones), key=lambda e: e["day"]),
        "periods": [_period_entry(p, last) for p in timeline.load_periods()],
        "towns": map_towns(),
    }


def browser_store(payload: dict) -> dict:
    """The part of :func:`build_payload` that assets/atlas.js reads (the page's
    ``timeline-store``), with the towns it draws on the map and the timeline strip's ticks
    (:func:`figures.strip_ticks`); labels and step event ids are already in the page's own
    markup, so they are left out."""
    store = {k: payload[k] for k in ("first", "last", "order", "names", "colours", "towns")}
    store["districts"] = {
        place: [{k: v for k, v in step.items() if k != "event"} for step in steps]
        for place, steps in payload["districts"].items()
    }
    store["event_days"] = sorted({e["day"] for e in payload["events"]})
    store["periods"] = [
        {k: p[k] for k in ("id", "name", "start", "end")} for p in payload["periods"]
    ]
    store["ticks"] = figures.strip_ticks(payload)
    return store
