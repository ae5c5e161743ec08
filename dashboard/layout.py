"""Pure layout builders: the page's components, with the ids the callbacks use.

Nothing here reads files or computes state; ``dashboard.app`` passes the payload and figure in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import dcc, html

from dashboard import figures
from dashboard.payload import browser_store

# Component ids shared with callbacks/ and assets/atlas.js.
IDS = (
    "url",
    "notice",
    "app-main",
    "date-label",
    "date-slider",
    "play",
    "play-timer",
    "prev-event",
    "next-event",
    "period-chips",
    "map",
    "strip",
    "strip-ticks",
    "strip-cursor",
    "legend",
    "attribution",
    "download-geojson",
    "download-csv",
    "download",
    "state-table",
    "state-table-body",
    "panel",
    "panel-content",
    "source-filter",
    "document-view",
    "document-content",
    "timeline-store",
    "selected-place",
    "url-state",
    "panel-key",
    "document-back",
    "document-scrolled",
)
PLAY_INTERVAL_MS = 900


def slider_marks(periods: Sequence[Mapping], min_gap_days: int = 700) -> dict[int, str]:
    """Slider marks at period starts; labels (the year) are left empty where they would crowd.

    Plain strings: Dash 4's slider shows the mark's number for an empty ``{"label": ""}``.
    """
    marks: dict[int, str] = {}
    last_labelled = None
    for period in sorted(periods, key=lambda p: p["start"]):
        day = period["start"]
        crowded = last_labelled is not None and day - last_labelled < min_gap_days
        marks[day] = "" if crowded else period["start_date"][:4]
        if not crowded:
            last_labelled = day
    return marks


def header() -> html.Header:
    return html.Header(
        className="atlas-header",
        children=[
            html.H1("Karabakh Atlas"),
            html.P(
                "Who controlled each district of Karabakh, 1988 to today, and what the sources "
                "say about it. Every quote is attributed to its source.",
                className="tagline",
            ),
            html.Div(id="notice", role="status", className="notice", hidden=True),
        ],
    )


def time_controls(payload: Mapping, value: int) -> html.Section:
    """Date in words, slider, play and previous/next buttons, period chips."""
    periods = payload["periods"]
    return html.Section(
        className="time-controls",
        **{"aria-label": "Date"},
        children=[
            html.P(id="date-label", className="date-label", **{"aria-live": "polite"}),
            html.Div(
                className="slider-row",
                children=[
                    html.Button(
                        "◀ Previous event",
                        id="prev-event",
                        className="step-button",
                        title="Go to the previous change of control",
                    ),
                    html.Button(
                        "▶ Play",
                        id="play",
                        className="play-button",
                        title="Play through the events",
                        **{"aria-pressed": "false"},
                    ),
                    html.Button(
                        "Next event ▶",
                        id="next-event",
                        className="step-button",
                        title="Go to the next change of control",
                    ),
                ],
            ),
            html.Div(
                className="slider-wrap",
                children=dcc.Slider(
                    id="date-slider",
                    min=payload["first"],
                    max=payload["last"],
                    step=1,
                    value=value,
                    marks=slider_marks(periods),
                    updatemode="drag",
                    allow_direct_input=False,
                    included=False,
                    className="date-slider",
                ),
            ),
            html.Div(
                id="period-chips",
                className="period-chips",
                role="group",
                **{"aria-label": "Periods"},
                # no Dash ids: assets/atlas.js's click listener moves the slider to a chip's
                # day (as for the strip's ticks) and marks the current period's chip
                children=[
                    html.Button(
                        p["name"],
                        className="chip",
                        title=f"{p['name']}: from {p['start_label']}",
                        **{"data-day": str(p["start"])},
                    )
                    for p in periods
                ],
            ),
            dcc.Interval(id="play-timer", interval=PLAY_INTERVAL_MS, disabled=True),
        ],
    )


def timeline_strip(payload: Mapping) -> html.Div:
    """Events as ticks coloured by kind, over period bands; a cursor marks the current date.

    assets/atlas.js draws the ticks (``figures.strip_ticks``, in the page's store) into
    ``strip-ticks``: as 74 Dash buttons they were a third of Dash's first render.
    """
    first, last = payload["first"], payload["last"]
    bands = [
        html.Div(
            className="strip-band",
            style={
                "left": f"{figures.strip_position(p['start'], first, last)}%",
                "width": f"{figures.strip_position(p['end'], first, last) - figures.strip_position(p['start'], first, last)}%",  # noqa: E501
            },
            title=p["name"],
        )
        for p in payload["periods"]
    ]
    kinds = sorted({e["kind"] for e in payload["events"]})
    key = html.Ul(
        className="strip-key",
        children=[
            *[
                html.Li(
                    [
                        html.Span(
                            className="swatch", style={"background": figures.event_colour(k)}
                        ),
                        figures.EVENT_KIND_LABELS.get(k, k.replace("_", " ")),
                    ]
                )
                for k in kinds
            ],
            html.Li([html.Span(className="swatch milestone-swatch"), "other dated event"]),
        ],
    )
    return html.Div(
        className="strip-wrap",
        children=[
            html.Div(
                id="strip",
                className="strip",
                role="group",
                **{"aria-label": "Events on the timeline"},
                children=[
                    *bands,
                    html.Div(id="strip-ticks", className="strip-ticks"),
                    html.Div(id="strip-cursor", className="strip-cursor"),
                ],
            ),
            html.Div(
                className="strip-years",
                children=[html.Span(str(payload["first_year"])), html.Span(payload["last_label"])],
            ),
            key,
        ],
    )


def _swatch(style: Mapping, title: str) -> html.Span:
    border = f"{max(1, round(style['width']))}px solid {style['line']}"
    return html.Span(
        className="swatch", title=title, style={"background": style["fill"], "outline": border}
    )


def legend() -> html.Div:
    """Controllers (whole and partial swatches), context and towns: a row under the map, so it
    never hides a district; every swatch has its text."""
    rows = [
        html.Li(
            [
                _swatch(item["whole"], "whole district"),
                _swatch(item["partial"], "partial control"),
                html.Span(item["label"]),
            ]
        )
        for item in figures.legend_items()
    ]
    context = {"fill": figures.CONTEXT_AZ_COLOUR, "line": "#BBBBBB", "width": 1}
    rows += [
        html.Li([_swatch(context, "context"), html.Span("Other districts and Armenia (context)")]),
        html.Li([html.Span(className="swatch town-dot"), html.Span("Town")]),
        html.Li(
            "Solid swatch: whole district; light swatch with a thick outline: partial control "
            "(extent on hover).",
            className="legend-note",
        ),
    ]
    return html.Div(
        id="legend",
        className="legend",
        children=[
            html.H2("Legend", className="visually-hidden"),
            html.Ul(rows),
        ],
    )


def state_table() -> html.Details:
    """The current state as an accessible table (rows filled in the browser)."""
    return html.Details(
        id="state-table",
        className="state-table",
        children=[
            html.Summary("Table view of the current state"),
            html.Table(
                [
                    html.Caption("Control of each district at the selected date"),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th("District", scope="col"),
                                html.Th("Controlled by", scope="col"),
                                html.Th("Since", scope="col"),
                            ]
                        )
                    ),
                    html.Tbody(id="state-table-body"),
                ]
            ),
        ],
    )


def downloads() -> html.Div:
    return html.Div(
        className="downloads",
        children=[
            html.Span("Download the state at this date: "),
            html.Button("GeoJSON", id="download-geojson", className="link-button"),
            html.Button("CSV", id="download-csv", className="link-button"),
            dcc.Download(id="download"),
        ],
    )


def reading_panel(source_options: Sequence[Mapping]) -> html.Aside:
    return html.Aside(
        id="panel",
        className="panel",
        **{"aria-label": "Reading panel"},
        children=[
            html.Details(
                className="source-filter",
                children=[
                    html.Summary("Sources shown"),
                    dcc.Checklist(
                        id="source-filter",
                        options=list(source_options),
                        value=[o["value"] for o in source_options],
                        className="source-checklist",
                    ),
                ],
            ),
            dcc.Loading(
                html.Div(
                    id="panel-content",
                    className="panel-content",
                    children=html.P(
                        "Click a district or a town on the map to read what the sources say "
                        "about it.",
                        className="hint",
                    ),
                ),
                type="dot",
                delay_show=300,
            ),
        ],
    )


# The licences the map's data come under, by the short name the data files give.
LICENCE_URLS = {"CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/"}


def attribution(credits: Sequence[Mapping]) -> html.P:
    """The map's data credits as links ("Boundaries: geoBoundaries, CC BY 4.0 · ...")."""
    children: list = ["Map data: "]
    for i, credit in enumerate(credits):
        licence = credit["licence"]
        licence_link = (
            html.A(licence, href=LICENCE_URLS[licence]) if licence in LICENCE_URLS else licence
        )
        children += [
            " · " if i else "",
            f"{credit['what']}: ",
            html.A(credit["who"], href=credit["url"]),
            ", ",
            licence_link,
        ]
    return html.P(children, id="attribution", className="attribution")


def page(
    payload: Mapping,
    figure,
    value: int,
    credits: Sequence[Mapping],
    source_options: Sequence[Mapping],
) -> html.Div:
    """The whole page: the atlas view and the (hidden) full-document view."""
    main = html.Main(
        id="app-main",
        className="atlas",
        children=[
            html.Div(
                className="map-column",
                children=[
                    time_controls(payload, value),
                    html.Div(
                        className="map-and-legend",
                        children=[
                            html.Div(
                                className="map-frame",
                                children=[
                                    dcc.Graph(
                                        id="map",
                                        figure=figure,
                                        className="map",
                                        style={"height": "100%"},
                                        config={
                                            "displaylogo": False,
                                            "scrollZoom": True,
                                            "modeBarButtonsToRemove": [
                                                "toImage",
                                                "select2d",
                                                "lasso2d",
                                            ],
                                            "responsive": True,
                                        },
                                    ),
                                    # in the map's corner, where maps credit their data
                                    attribution(credits),
                                ],
                            ),
                            legend(),
                        ],
                    ),
                    timeline_strip(payload),
                    downloads(),
                    state_table(),
                ],
            ),
            reading_panel(source_options),
        ],
    )
    document = html.Div(
        id="document-view",
        className="document-view",
        hidden=True,
        children=[
            dcc.Link("← Back to the map", href="/", id="document-back", className="back-link"),
            html.Article(id="document-content", className="document-content"),
        ],
    )
    return html.Div(
        className="page",
        children=[
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="timeline-store", data=browser_store(payload)),
            dcc.Store(id="selected-place"),
            dcc.Store(id="url-state"),
            dcc.Store(id="panel-key"),
            dcc.Store(id="document-scrolled"),
            header(),
            main,
            document,
        ],
    )
