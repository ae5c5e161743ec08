"""The reading panel: the passages that mention a place, most relevant to a date first.

``passages_for(place_id, day)`` returns one dict per passage that names the place, or, labelled
with ``via``, a place tied to it: a district's towns (``"via": "town:shusha"``) for a district,
the district for a town (``"via": "AZ-SUS"``). Nothing else is pulled in (the region
"Karabakh" is not a mention of every district).

Kinds: ``evidence`` when the passage contains a quote that a timeline event or milestone of the
place's district (``geodata.timeline.load_events()`` / ``load_milestones()``) cites, else
``mention``.

Score (0..1, higher first; ties keep corpus order):

- with a date: ``0.55 * date + 0.25 * evidence + 0.20 * mentions``. ``date`` is the best of
  the passage's date mentions: ``specificity * exp(-days / 30)``, ``days`` being the distance
  from the day to the mention's interval (0 inside it) and specificity 1.0 for a day, 0.85 a
  month, 0.6 a year, 0.35 a decade; a year-less "November 8" counts 0.5 by its month and day.
  ``evidence`` is ``exp(-days / 60)`` to the citing event's date (at least 0.3) for evidence
  passages, else 0.
- without a date: ``0.6 * evidence + 0.4 * mentions``, evidence 1 for evidence passages.
- ``mentions`` is ``1 - 0.5 ** n`` for ``n`` mentions of the place in the passage.
- passages included ``via`` a linked place count 0.7 of that, headings 0.5.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import textwrap
from collections.abc import Iterable

from geodata import gazetteer, geonames
from geodata.dates import DateMention
from geodata.errors import UnknownPlace
from geodata.index import Index, PassageHit, open_index

_SPECIFICITY = {"day": 1.0, "month": 0.85, "year": 0.6, "decade": 0.35}
_YEARLESS = 0.5
_DAYS_SCALE = 30.0
_EVIDENCE_DAYS_SCALE = 60.0
_EVIDENCE_FLOOR = 0.3
_VIA = 0.7
_HEADING = 0.5


def related_places(place_id: str) -> dict[str, str | None]:
    """The place and the places linked to it, each mapped to its ``via`` label (None = itself)."""
    place = gazetteer.get_place(place_id)
    related: dict[str, str | None] = {place.id: None}
    if place.kind == "town" and place.district:
        related[place.district] = place.district
    if place.kind == "district":
        for other in gazetteer.places():
            if other.kind == "town" and other.district == place.id:
                related[other.id] = other.id
        related.update((gid, gid) for gid in geonames.in_district(place.id))
    return related


def _date_score(day: dt.date, mention: DateMention) -> float:
    if not mention.year_known:
        month, mday = int(mention.start_date[2:4]), int(mention.start_date[5:7])
        try:
            same_year = dt.date(day.year, month, mday)
        except ValueError:  # 29 February in a common year
            return 0.0
        return _YEARLESS * math.exp(-abs((same_year - day).days) / _DAYS_SCALE)
    first, last = mention.interval()
    days = 0 if first <= day <= last else min(abs((first - day).days), abs((last - day).days))
    return _SPECIFICITY[mention.precision] * math.exp(-days / _DAYS_SCALE)


def _evidence_spans(place_ids: Iterable[str]) -> dict[str, list[tuple[str, dt.date]]]:
    """Quotes cited by timeline events and milestones of these places' districts:
    document -> [(quote, event date)]."""
    from geodata import timeline

    districts = {gazetteer.get_place(pid).district for pid in place_ids} - {None}
    cited = [(e.date, {e.district}, e.evidence) for e in timeline.load_events()]
    cited += [(m.date, set(m.districts), m.evidence) for m in timeline.load_milestones()]
    spans: dict[str, list[tuple[str, dt.date]]] = {}
    for when, where, evidence in cited:
        if where & districts:
            for item in evidence:
                if item.document and item.quote:
                    spans.setdefault(item.document, []).append((item.quote, when))
    return spans


def _evidence(hit: PassageHit, text: str, quotes: list[tuple[str, dt.date]]) -> list[dt.date]:
    """The dates of the events whose quotes lie in this passage ([] when none)."""
    dates = []
    p = hit.passage
    for quote, when in quotes:
        at = text.find(quote)
        while at != -1:
            if p.owns(at, at + len(quote)):
                dates.append(when)
                break
            at = text.find(quote, at + 1)
    return dates


def passages_for(
    place_id: str,
    day: dt.date | None = None,
    sources: Iterable[str] | None = None,
    data_dir: str | os.PathLike | None = None,
    index: Index | None = None,
) -> list[dict]:
    """Passages naming ``place_id`` (or, labelled ``via``, a linked place), best first.

    ``sources``: restrict to these document ids. ``index``: an open index to reuse (default:
    ``open_index(data_dir)``). See the module docstring for the dict fields and the score.
    """
    index = index or open_index(data_dir)
    related = related_places(place_id)
    wanted = set(sources) if sources is not None else None
    evidence = _evidence_spans(related)
    texts: dict[str, str] = {}
    docs = {d["id"]: d for d in index.documents()}
    results = []
    for hit in index.passages_mentioning(related):
        p = hit.passage
        if wanted is not None and p.document not in wanted:
            continue
        direct = [m for m in hit.places if related[m.place_id] is None]
        via = None if direct else related[hit.places[0].place_id]
        count = len(direct) if direct else len(hit.places)
        cited = []
        if p.document in evidence:
            if p.document not in texts:
                texts[p.document] = index.document(p.document)["text"]
            cited = _evidence(hit, texts[p.document], evidence[p.document])
        mention_score = 1 - 0.5**count
        if day is None:
            score = 0.6 * bool(cited) + 0.4 * mention_score
        else:
            date_score = max((_date_score(day, m) for m in hit.dates), default=0.0)
            ev = max(
                (
                    max(_EVIDENCE_FLOOR, math.exp(-abs((when - day).days) / _EVIDENCE_DAYS_SCALE))
                    for when in cited
                ),
                default=0.0,
            )
            score = 0.55 * date_score + 0.25 * ev + 0.20 * mention_score
        score *= (_VIA if via else 1.0) * (_HEADING if p.kind == "heading" else 1.0)
        doc = docs[p.document]
        results.append(
            {
                "document": p.document,
                "title": doc["title"],
                "author": doc["author"],
                "outlet": doc["outlet"],
                "published": doc["date"],
                "passage": p.index,
                "passage_kind": p.kind,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "kind": "evidence" if cited else "mention",
                "score": round(score, 3),
                "via": via,
                "mentions": [
                    {"start": m.start, "end": m.end, "surface": m.surface, "place": m.place_id}
                    for m in hit.places
                ],
                "dates": [
                    {
                        "surface": m.surface,
                        "start_date": m.start_date,
                        "end_date": m.end_date,
                        "precision": m.precision,
                    }
                    for m in hit.dates
                ],
            }
        )
    results.sort(key=lambda r: -r["score"])  # stable: corpus order among equal scores
    return results


def passages_for_name(
    name: str, day: dt.date | None = None, data_dir: str | os.PathLike | None = None
) -> dict:
    """Resolve ``name`` and return ``{"place": ..., "date": ..., "passages": [...]}``.

    Unknown names raise UnknownPlace (the CLI prints it and exits 2).
    """
    place = gazetteer.resolve(name)
    if place is None:
        raise UnknownPlace(f"unknown place {name!r} (try `karabakh-atlas resolve {name}`)")
    return {
        "place": {"id": place.id, "name": place.name, "kind": place.kind},
        "date": day.isoformat() if day else None,
        "passages": passages_for(place.id, day, data_dir=data_dir),
    }


def format_text(result: dict) -> str:
    """The text output of ``karabakh-atlas passages``: a header, then one block per passage."""
    place = result["place"]
    when = f" around {result['date']}" if result["date"] else ""
    lines = [
        f"{place['name']} ({place['kind']} {place['id']}){when}: "
        f"{len(result['passages'])} passage(s), most relevant first",
        "",
    ]
    for n, r in enumerate(result["passages"], 1):
        via = f", via {r['via']}" if r["via"] else ""
        source = ", ".join(v for v in (r["author"], r["outlet"], r["published"]) if v != "unknown")
        lines.append(
            f"[{n}] {r['score']:.2f} {r['kind']}{via}: {r['title']}"
            + (f" ({source})" if source else "")
        )
        lines.append(f"    {r['document']} [{r['start']}:{r['end']}]")
        lines.extend(
            textwrap.wrap(
                r["text"],
                96,
                initial_indent="    ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
        )
        lines.append("")
    return "\n".join(lines)
