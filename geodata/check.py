"""Validation behind ``karabakh-atlas check``: the timeline's quotes, continuity and coverage.

:func:`run_checks` returns a list of one-line problems (empty means the timeline passes). It checks
what the loader cannot check entry by entry: quotes against the seed texts, each district's chain
of events, the tiling of the periods, and that the design's named places have seed evidence.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from geodata import timeline as tlmod
from geodata.errors import DataError

# Districts named in the design whose control must rest on at least one seed quote:
# Shusha, Fuzuli, Lachin, Aghdam and Khankendi.
SEED_EVIDENCE_REQUIRED = ("AZ-SUS", "AZ-FUZ", "AZ-LAC", "AZ-AGM", "AZ-XA")


def run_checks(events_path: str | Path | None = None) -> list[str]:
    """Check the shipped timeline, or the file at ``events_path``; return the problems found."""
    path = Path(events_path) if events_path else tlmod.timeline_path()
    try:
        tl = tlmod.load_timeline(path)
    except DataError as exc:
        return [str(exc)]
    return [
        *_check_quotes(tl),
        *_check_chains(tl),
        *_check_coverage(tl),
        *_check_periods(tl),
        *_check_seed_evidence(tl),
    ]


def _cited(tl: tlmod.Timeline):
    yield "initial", tl.initial_evidence
    for period in tl.periods:
        yield f"period {period.id!r}", period.evidence
    for event in tl.events:
        yield f"event {event.id!r}", event.evidence
    for milestone in tl.milestones:
        yield f"milestone {milestone.id!r}", milestone.evidence


def _check_quotes(tl: tlmod.Timeline) -> list[str]:
    problems = []
    for where, evidence in _cited(tl):
        for item in evidence:
            try:
                tlmod.resolve_evidence(item)
            except DataError as exc:
                problems.append(f"{tl.path}: {where}: {exc}")
    return problems


def _check_chains(tl: tlmod.Timeline) -> list[str]:
    """Per district: file order is date order, and each ``before`` is the previous ``after``."""
    problems = []
    order = {event_id: n for n, event_id in enumerate(tl.file_order)}
    for district in tlmod.DISTRICTS:
        written = sorted(tl.by_district[district], key=lambda e: order[e.id])
        controller, last = tl.initial_controller, None
        for event in written:
            where = f"{tl.path}: event {event.id!r}"
            if last is not None and event.date < last.date:
                problems.append(
                    f"{where}: dated {event.date}, before the previous {district} event "
                    f"{last.id!r} ({last.date}): keep each district's events in date order"
                )
            if event.before != controller:
                previous = f"event {last.id!r}" if last else "the initial state"
                problems.append(
                    f"{where}: before is {event.before!r} but {district} is {controller!r} "
                    f"after {previous}: gap or mismatch in the chain"
                )
            if event.before == event.after and event.part is None:
                problems.append(
                    f"{where}: before and after are both {event.after!r}: name the part that "
                    "changed hands"
                )
            controller, last = event.after, event
    return problems


def _check_coverage(tl: tlmod.Timeline) -> list[str]:
    """Every district has a controller on every day from FIRST_DAY to today.

    The state only changes on event dates, so the days around each event are the ones to test.
    """
    today = date.today()
    days = {tlmod.FIRST_DAY, today}
    for event in tl.events:
        days.update({event.date - timedelta(days=1), event.date})
    problems = []
    for day in sorted(d for d in days if tlmod.FIRST_DAY <= d <= today):
        states = tlmod.state_at(day, tl)
        for district in tlmod.DISTRICTS:
            state = states.get(district)
            if state is None or state.controller not in tlmod.CONTROLLERS:
                problems.append(f"{tl.path}: {district} has no defined controller on {day}")
    return problems


def _check_periods(tl: tlmod.Timeline) -> list[str]:
    """Periods tile FIRST_DAY..today: no gap, no overlap, the last one open."""
    problems = []
    periods = tl.periods
    if periods[0].start != tlmod.FIRST_DAY:
        problems.append(
            f"{tl.path}: period {periods[0].id!r} starts {periods[0].start}, "
            f"not {tlmod.FIRST_DAY}: gap at the start"
        )
    for period, following in zip(periods, periods[1:], strict=False):
        if period.end is None:
            problems.append(f"{tl.path}: period {period.id!r} is open but is not the last one")
        elif period.end < following.start:
            problems.append(
                f"{tl.path}: gap between period {period.id!r} (ends {period.end}) and "
                f"{following.id!r} (starts {following.start})"
            )
        elif period.end > following.start:
            problems.append(
                f"{tl.path}: period {period.id!r} (ends {period.end}) overlaps "
                f"{following.id!r} (starts {following.start})"
            )
    for period in periods:
        if period.end is not None and period.end <= period.start:
            problems.append(f"{tl.path}: period {period.id!r} ends before it starts")
    if periods[-1].end is not None:
        problems.append(
            f"{tl.path}: the last period {periods[-1].id!r} ends {periods[-1].end}; "
            "it must be open (end: null) to cover today"
        )
    return problems


def _check_seed_evidence(tl: tlmod.Timeline) -> list[str]:
    problems = []
    for district in SEED_EVIDENCE_REQUIRED:
        events = tl.by_district[district]
        if not any(not ev.is_external for e in events for ev in e.evidence):
            problems.append(f"{tl.path}: {district} has no event with seed (non-external) evidence")
    return problems
