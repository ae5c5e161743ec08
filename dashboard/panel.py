"""Pure builders for the reading panel and the full-document view.

Document text is always passed to Dash as plain strings (React escapes it); quotes are
``html.Mark`` spans cut at their offsets. Nothing here renders HTML or Markdown from documents.
Every passage is framed as an attributed claim ("According to <outlet> (<date>): …").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import figures
from dashboard.payload import MONTHS

UNKNOWN = "unknown"


def source_date(source) -> str:
    """A source's date in words at its precision ("November 2025", "date unknown")."""
    if not source.date or source.date == UNKNOWN:
        return "date unknown"
    parts = source.date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def attribution(source) -> str:
    """Who says it: the outlet and/or the author, never us."""
    who = [v for v in (source.author, source.outlet) if v and v != UNKNOWN]
    return ", ".join(who) if who else "an unattributed document"


def source_card(source) -> html.Div:
    """Title, author, outlet, date, kind and disclosed affiliation of a document."""

    def row(label: str, value: str) -> list:
        return [html.Dt(label), html.Dd(value if value and value != UNKNOWN else "unknown")]

    fields = [
        *row("Title", source.title),
        *row("Author", source.author),
        *row("Outlet", source.outlet),
        *row("Date", source_date(source)),
        *row("Kind", source.kind),
    ]
    affiliation = source.affiliation if source.affiliation != UNKNOWN else "none disclosed"
    return html.Div(
        className="source-card",
        children=[
            html.Dl(fields),
            html.Details(
                [html.Summary("Disclosed affiliation"), html.P(affiliation)],
                className="affiliation",
            ),
        ],
    )


def document_href(doc_id: str, start: int, end: int) -> str:
    return f"/document/{doc_id}?" + urlencode({"start": start, "end": end})


def highlighted(before: str, quote: str, after: str) -> list:
    """Passage text with the quote as a ``mark`` (all three are plain text)."""
    return [before, html.Mark(quote, className="quote"), after]


def passage_block(
    source,
    text_parts: list,
    doc_id: str,
    start: int,
    end: int,
    label: str | None = None,
) -> html.Article:
    """One passage: attribution line, the text (with marks), source card, "read in full" link."""
    return html.Article(
        className="passage",
        children=[
            html.P(
                [
                    html.Span(label, className="passage-label") if label else None,
                    f"According to {attribution(source)} ({source_date(source)}):",
                ],
                className="according",
            ),
            html.Blockquote(text_parts, className="passage-text"),
            html.Div(
                className="passage-footer",
                children=[
                    dcc.Link(
                        "Read in full →",
                        href=document_href(doc_id, start, end),
                        className="read-full",
                    ),
                    source_card(source),
                ],
            ),
        ],
    )


def external_block(reference: str) -> html.Div:
    """A public reference outside the corpus: named, labelled, never shown as a quote."""
    return html.Div(
        className="external",
        children=[html.Span("External reference", className="badge external-badge"), reference],
    )


def history_item(event, date: str, current: bool) -> html.Li:
    """One dated change of control in the district's history."""
    controller = figures.CONTROLLER_LABELS.get(event.after, event.after)
    extent = " (partial)" if event.extent == "partial" else ""
    children = [
        html.Span(
            className="swatch",
            style={
                "background": figures.code_colour(figures.state_code(event.after, event.extent))
            },
        ),
        html.Time(date, className="history-date"),
        html.Span(
            f" ({event.precision} precision)" if event.precision != "day" else "",
            className="precision",
        ),
        html.Span(f" → {controller}{extent}. ", className="history-controller"),
        html.Span(event.summary),
    ]
    if event.date_note:
        children.append(html.P(event.date_note, className="date-note"))
    if event.extent_note:
        children.append(html.P(event.extent_note, className="extent-note"))
    return html.Li(children, className="history-item current" if current else "history-item")


def history_list(items: Sequence[html.Li]) -> html.Section:
    return html.Section(
        className="history",
        children=[
            html.H3("Control history"),
            html.Ol(list(items)) if items else html.P("No recorded change of control."),
        ],
    )


def section(title: str, children: list, empty: str) -> html.Section:
    return html.Section([html.H3(title), *(children or [html.P(empty, className="hint")])])


def panel_header(names: str, subtitle: str | None) -> html.Header:
    return html.Header(
        className="panel-header",
        children=[html.H2(names), html.P(subtitle, className="hint") if subtitle else None],
    )


def document_view(source, paragraphs: Sequence[Mapping]) -> list:
    """The full document: its source card, then every passage; the selected one has a mark.

    Each paragraph is ``{"parts": [...], "selected": bool}``.
    """
    body = [
        html.P(p["parts"], className="doc-paragraph selected" if p["selected"] else "doc-paragraph")
        for p in paragraphs
    ]
    return [
        html.H2(source.title if source.title != UNKNOWN else f"Document by {attribution(source)}"),
        html.P(
            f"This is the full text as published by {attribution(source)} "
            f"({source_date(source)}). Its claims are the source's, not the atlas's.",
            className="hint",
        ),
        source_card(source),
        html.Div(body, className="doc-body"),
    ]
