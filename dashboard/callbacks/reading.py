"""Reading panel (a click on a district or town) and the full-document view (``/document/<id>``).

Server callbacks: they read the timeline and the corpus index. The panel is refreshed when the
place, the period or the source filter changes, not on every slider step (see ``panelKey`` in
assets/atlas.js).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import dash
from dash import ClientsideFunction, Input, Output, State, html

from dashboard import panel
from dashboard.payload import date_words, place_names
from geodata import gazetteer, timeline
from geodata.errors import AtlasError
from geodata.index import open_index
from geodata.reading import passages_for

MAX_OTHER_PASSAGES = 8


def _quote_block(index, evidence, shown: set, sources: set | None):
    """The passage holding a cited quote, quote marked; an external reference as such."""
    if evidence.is_external:
        return panel.external_block(evidence.external)
    doc_id, start, end = timeline.resolve_evidence(evidence)
    if sources is not None and doc_id not in sources:
        return None
    passage = index.passage_containing(doc_id, start, end)
    if passage is None:  # a quote across passages: show the quote alone, still located
        parts, key = [panel.highlighted("", evidence.quote, "")], (doc_id, start)
    else:
        parts, key = panel.highlighted(*passage.highlight(start, end)), (doc_id, passage.index)
    shown.add(key)
    return panel.passage_block(
        index.source(doc_id), parts, doc_id, start, end, label="Cited for this event"
    )


def _event_section(index, event, shown: set, sources: set | None) -> html.Div:
    when = date_words(event.date, event.precision)
    blocks = [_quote_block(index, ev, shown, sources) for ev in event.evidence]
    hidden = blocks.count(None)
    children = [
        html.P(f"{when}: {event.summary}", className="event-title"),
        html.P(event.date_note, className="date-note") if event.date_note else None,
        *[b for b in blocks if b is not None],
    ]
    if hidden:
        children.append(
            html.P(f"{hidden} cited passage(s) hidden by the source filter.", className="hint")
        )
    return html.Div(children, className="event-block")


def _mention_parts(passage, mentions: list[dict]) -> list:
    """Passage text with the place's mentions in bold (plain text otherwise)."""
    parts, cursor = [], 0
    for m in sorted(mentions, key=lambda m: m["start"]):
        cs, ce = passage.clean_span(m["start"], m["end"])
        if cs < cursor:
            continue
        parts += [passage.text[cursor:cs], html.Strong(passage.text[cs:ce], className="mention")]
        cursor = ce
    return [*parts, passage.text[cursor:]]


def build_panel(place_id: str, day: dt.date, hidden: set[str] | None = None) -> list:
    """The reading panel's children for a place at a date, without the ``hidden`` documents
    (sources the user unticked; documents ingested after the page loaded are shown)."""
    index = open_index()
    place = gazetteer.get_place(place_id)
    district = place.district if place.kind == "town" else place.id
    state = timeline.state_at(day)[district]
    period = timeline.period_at(day)
    wanted = {d["id"] for d in index.documents()} - (hidden or set())
    subtitle = (
        f"Town in {gazetteer.get_place(district).name} district"
        if place.kind == "town"
        else "District"
    )

    history = [
        panel.history_item(e, date_words(e.date, e.precision), e.id == state.event)
        for e in timeline.history(district)
    ]
    shown: set = set()
    now = [
        _event_section(index, e, shown, wanted)
        for e in timeline.events_in(period)
        if e.district == district
    ]
    others = []
    for hit in passages_for(place.id, day, sources=wanted, index=index):
        if len(others) >= MAX_OTHER_PASSAGES:
            break
        if (hit["document"], hit["passage"]) in shown:
            continue
        passage = index.passage(hit["document"], hit["passage"])
        label = "Mentions " + gazetteer.get_place(hit["via"]).name if hit["via"] else None
        others.append(
            panel.passage_block(
                index.source(hit["document"]),
                _mention_parts(passage, hit["mentions"]),
                hit["document"],
                passage.start,
                passage.end,
                label=label,
            )
        )
    return [
        panel.panel_header(place_names(place), subtitle),
        panel.history_list(history),
        panel.section(
            f"This period: {period.name}",
            now,
            f"No change of control in {gazetteer.get_place(district).name} district during this "
            "period.",
        ),
        panel.section(
            f"Other passages mentioning {place.name}, most relevant to {date_words(day)} first",
            others,
            "No other passage in the selected sources mentions this place.",
        ),
    ]


def document_request(pathname: str, search: str | None) -> tuple[str, int | None, int | None]:
    """``(doc_id, start, end)`` from ``/document/<id>?start=..&end=..`` (offsets may be None)."""
    doc_id = pathname.removeprefix("/document/").strip("/")
    query = parse_qs((search or "").lstrip("?"))
    try:
        start, end = int(query["start"][0]), int(query["end"][0])
    except (KeyError, ValueError):
        return doc_id, None, None
    return doc_id, start, end


def build_document(doc_id: str, start: int | None, end: int | None) -> list:
    """The full document, the passage holding ``[start, end)`` marked."""
    index = open_index()
    source = index.source(doc_id)
    selected = index.passage_containing(doc_id, start, end) if start is not None else None
    paragraphs = []
    for p in index.passages(doc_id):
        if selected is not None and p.index == selected.index:
            paragraphs.append(
                {"parts": panel.highlighted(*p.highlight(start, end)), "selected": True}
            )
        else:
            paragraphs.append({"parts": [p.text], "selected": False})
    return panel.document_view(source, paragraphs)


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("panel-content", "children"),
        Input("panel-key", "data"),
        Input("source-filter", "value"),
        State("source-filter", "options"),
        prevent_initial_call=True,
    )
    def show_panel(key, ticked, options):
        if not key or not key.get("place"):
            return dash.no_update
        hidden = {o["value"] for o in options or ()} - set(ticked or ())
        try:
            return build_panel(key["place"], timeline.parse_date(key["date"]), hidden)
        except AtlasError as exc:
            return html.P(f"Cannot show this place: {exc}", className="notice")

    @app.callback(
        Output("document-content", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def show_document(pathname, search):
        if not pathname or not pathname.startswith("/document/"):
            return dash.no_update
        doc_id, start, end = document_request(pathname, search)
        try:
            return build_document(doc_id, start, end)
        except AtlasError as exc:
            return html.P(f"Cannot open this document: {exc}", className="notice")

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="scrollToMark"),
        Output("document-scrolled", "data"),
        Input("document-content", "children"),
        prevent_initial_call=True,
    )
