"""Pure figure builders: the base map, its colours, the legend entries and the timeline strip.

The map uses MapLibre traces only (``Choroplethmap``) over our own GeoJSON and a blank style, so
the browser never asks another host for tiles, topojson or fonts; the towns are HTML markers on
it (assets/atlas.js, from ``payload.map_towns``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go

# Okabe–Ito colours (colour-blind safe); partial control is a lighter tint of the same hue drawn
# with a thick outline in the full colour, so it differs in lightness and outline, not hue alone.
CONTROLLER_COLOURS = {
    "azerbaijan": "#0072B2",
    "armenian": "#D55E00",
    "peacekeeping": "#CC79A7",
}
PARTIAL_TINTS = {
    "azerbaijan": "#9CC8E3",
    "armenian": "#F0B48A",
    "peacekeeping": "#E8C2D8",
}
CONTROLLER_LABELS = {
    "azerbaijan": "Azerbaijan",
    "armenian": "Armenian forces / de facto authorities",
    "peacekeeping": "De facto authorities, Russian peacekeeping zone",
}
UNKNOWN_COLOUR = "#9E9E9E"
CONTEXT_AZ_COLOUR = "#E8E8E8"
CONTEXT_AM_COLOUR = "#D6D6D6"
BORDER_COLOUR = "#FFFFFF"
WHOLE_LINE_WIDTH = 1.0
PARTIAL_LINE_WIDTH = 3.5

# One z code per (controller, extent); the colour scale below maps each code to one colour.
STATE_CODES: tuple[tuple[str, str], ...] = (
    ("azerbaijan", "whole"),
    ("azerbaijan", "partial"),
    ("armenian", "whole"),
    ("armenian", "partial"),
    ("peacekeeping", "whole"),
    ("peacekeeping", "partial"),
    ("unknown", "whole"),
)

# Timeline strip ticks by event kind (geodata/data/timeline.yaml's kinds), Okabe–Ito again.
EVENT_KIND_COLOURS = {
    "captured": "#D55E00",
    "de_facto_control": "#E69F00",
    "handed_over": "#009E73",
    "peacekeeping_deployment": "#CC79A7",
    "ceasefire": "#56B4E9",
    "offensive": "#0072B2",
}
EVENT_KIND_LABELS = {
    "captured": "taken in fighting",
    "de_facto_control": "passed to de facto authorities",
    "handed_over": "handed over under an agreement",
    "peacekeeping_deployment": "peacekeeping zone",
    "ceasefire": "ceasefire line",
    "offensive": "2023 offensive",
}
DEFAULT_EVENT_COLOUR = "#666666"

# Label side per town (assets/atlas.js draws towns as HTML markers, assets/atlas.css places a
# label by its side): towns a few kilometres apart (Shusha below Khankendi, Khojaly to the left)
# get labels on opposite sides. A label never drops out, whatever the zoom.
TOWN_LABEL_SIDES = {
    "town:khankendi": "top-center",
    "town:shusha": "bottom-center",
    "town:khojaly": "top-left",
    "town:askeran": "middle-right",
    "town:aghdam": "top-center",
    "town:khojavend": "bottom-center",
    "town:lachin": "middle-left",
    "town:fuzuli": "middle-right",
    "town:hadrut": "middle-left",
    "town:jabrayil": "bottom-center",
}
DEFAULT_LABEL_SIDE = "top-center"
# plotly.js's per-feature properties of a choroplethmap: fill colour, outline colour and width
FILL, LINE, WIDTH = ["get", "fc"], ["get", "mlc"], ["get", "mlw"]

# The first view before assets/atlas.js fits the twelve districts to the map's actual size
# (layout ``meta.focus_bounds``): the middle of the districts at the zoom that fits them in the
# laptop map frame, so a 1280x800 window needs no second camera move.
MAP_CENTER = {"lon": 46.63, "lat": 39.68}
MAP_ZOOM = 6.83
# The "white-bg" preset carries a glyphs URL on an external host; this equivalent style has none
# (the map has no text layers: town labels are HTML, see TOWN_LABEL_SIDES). Plotly prunes
# empty objects from the layout on relayout (zoom buttons), which would change an empty
# "sources" and make plotly reload the style, so it holds one unused point source, and, for
# "layers", a hidden background: MapLibre neither compiles nor draws it (the page's white shows
# through the transparent canvas), one full-screen pass less per frame.
BLANK_STYLE = {
    "version": 8,
    "id": "atlas-blank",
    "name": "atlas-blank",
    "sources": {
        "atlas-origin": {
            "type": "geojson",
            "data": {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [0, 0]},
                "properties": {"unused": True},
            },
        }
    },
    "layers": [
        {
            "id": "background",
            "type": "background",
            "layout": {"visibility": "none"},
            "paint": {"background-color": "#FFFFFF"},
        }
    ],
}


def state_code(controller: str | None, extent: str | None) -> int:
    """The z code of a (controller, extent) pair; unknown controllers get the unknown code."""
    key = (controller, "partial" if extent == "partial" else "whole")
    return STATE_CODES.index(key) if key in STATE_CODES else STATE_CODES.index(("unknown", "whole"))


def code_colour(code: int) -> str:
    """Fill colour of a state code."""
    controller, extent = STATE_CODES[code]
    if controller == "unknown":
        return UNKNOWN_COLOUR
    return (PARTIAL_TINTS if extent == "partial" else CONTROLLER_COLOURS)[controller]


def code_line(code: int) -> tuple[str, float]:
    """Outline colour and width of a state code (thick outline in the full colour if partial)."""
    controller, extent = STATE_CODES[code]
    if extent == "partial":
        return CONTROLLER_COLOURS[controller], PARTIAL_LINE_WIDTH
    return BORDER_COLOUR, WHOLE_LINE_WIDTH


def discrete_colorscale() -> list[list]:
    """A step colour scale over the codes 0..n-1 (zmin 0, zmax n-1): one flat band per code."""
    n = len(STATE_CODES)
    scale = []
    for code in range(n):
        low, high = max(0.0, (code - 0.5) / (n - 1)), min(1.0, (code + 0.5) / (n - 1))
        scale += [[low, code_colour(code)], [high, code_colour(code)]]
    return scale


def legend_items() -> list[dict]:
    """Legend rows, one per controller: label and the whole/partial swatches (fill, line, width)."""
    rows = []
    for controller, label in CONTROLLER_LABELS.items():
        swatches = {}
        for extent in ("whole", "partial"):
            code = state_code(controller, extent)
            line, width = code_line(code)
            swatches[extent] = {"fill": code_colour(code), "line": line, "width": width}
        rows.append({"controller": controller, "label": label, **swatches})
    return rows


def event_colour(kind: str | None) -> str:
    """Tick colour of an event kind on the timeline strip."""
    return EVENT_KIND_COLOURS.get(kind or "", DEFAULT_EVENT_COLOUR)


def strip_ticks(payload: Mapping) -> list[dict]:
    """The timeline strip's ticks, which assets/atlas.js draws: control events coloured by kind
    (``colour``), other dated events (milestones) without one; ``left`` is the position in
    percent, ``label`` the tick's tooltip and accessible name."""
    first, last = payload["first"], payload["last"]
    return [
        {
            "day": e["day"],
            "left": round(strip_position(e["day"], first, last), 3),
            "colour": None if e["milestone"] else event_colour(e["kind"]),
            "label": f"{e['date_label']}: {e['summary']}",
        }
        for e in [*payload["milestones"], *payload["events"]]
    ]


def strip_position(day: int, first_day: int, last_day: int) -> float:
    """Horizontal position (percent) of a day number on the timeline strip."""
    span = max(1, last_day - first_day)
    return round(100.0 * min(max(day - first_day, 0), span) / span, 3)


def split_boundaries(geojson: Mapping, focus_ids: Iterable[str]) -> tuple[dict, dict]:
    """The FeatureCollection split into (focus districts, context areas), each sent once.

    Focus districts get a numeric feature ``id`` (1, 2, ... in order): MapLibre keys feature
    state by numeric ids only, and assets/atlas.js recolours the districts through it.
    """
    focus = set(focus_ids)
    features = geojson["features"]
    inside = [
        {**f, "id": n}
        for n, f in enumerate((f for f in features if f["properties"]["id"] in focus), start=1)
    ]
    outside = [f for f in features if f["properties"]["id"] not in focus]
    return (
        {"type": "FeatureCollection", "features": inside},
        {"type": "FeatureCollection", "features": outside},
    )


def _coordinates(geometry: Mapping) -> Iterable[Sequence[float]]:
    stack = [geometry["coordinates"]]
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], int | float):
            yield item
        else:
            stack.extend(item)


def focus_bounds(focus: Mapping) -> list[float]:
    """[west, south, east, north] of a FeatureCollection, rounded outwards to 0.001 degree."""
    lons, lats = zip(
        *(xy[:2] for f in focus["features"] for xy in _coordinates(f["geometry"])), strict=True
    )
    return [
        math.floor(min(lons) * 1000) / 1000,
        math.floor(min(lats) * 1000) / 1000,
        math.ceil(max(lons) * 1000) / 1000,
        math.ceil(max(lats) * 1000) / 1000,
    ]


def context_trace(context: Mapping) -> go.Choroplethmap:
    """Grey context polygons: other Azerbaijani districts and Armenia's provinces."""
    features = context["features"]
    ids = [f["properties"]["id"] for f in features]
    countries = [f["properties"].get("country") for f in features]
    names = [
        f["properties"].get("name", f["properties"]["id"])
        + (" (Armenia)" if c == "AM" else " (Azerbaijan)")
        for f, c in zip(features, countries, strict=True)
    ]
    return go.Choroplethmap(
        geojson=context,
        featureidkey="properties.id",
        locations=ids,
        z=[1 if c == "AM" else 0 for c in countries],
        zmin=0,
        zmax=1,
        colorscale=[[0, CONTEXT_AZ_COLOUR], [1, CONTEXT_AM_COLOUR]],
        showscale=False,
        # per feature, like the districts' outlines, so both line layers share one GL program
        marker={"line": {"color": [BORDER_COLOUR] * len(ids), "width": [0.7] * len(ids)}},
        text=names,
        hovertemplate="%{text}<extra></extra>",
        uid="context",
        name="context",
    )


def districts_trace(focus: Mapping, codes: Sequence[int], hover: Sequence[str]) -> go.Choroplethmap:
    """The focus districts coloured by state code (order of ``focus['features']``).

    Locations are the numeric feature ids (see ``split_boundaries``); each point's district id
    is its ``customdata[0]``.
    """
    lines = [code_line(code) for code in codes]
    return go.Choroplethmap(
        geojson=focus,
        featureidkey="id",
        locations=[f["id"] for f in focus["features"]],
        customdata=[[f["properties"]["id"]] for f in focus["features"]],
        z=list(codes),
        zmin=0,
        zmax=len(STATE_CODES) - 1,
        colorscale=discrete_colorscale(),
        showscale=False,
        marker={
            "line": {"color": [c for c, _ in lines], "width": [w for _, w in lines]},
            "opacity": 0.92,
        },
        text=list(hover),
        hovertemplate="%{text}<extra></extra>",
        uid="districts",
        name="districts",
    )


def _layer(uid: str, kind: str) -> str:
    """plotly.js's id for a trace's MapLibre layer (``kind``: fill or line)."""
    return f"plotly-trace-layer-{uid}-{kind}"


def map_style_overrides() -> list[list]:
    """What the atlas sets on plotly's MapLibre layers, as ``[layer id, "paint" | "layout",
    property, value]``: each layer starts with them (the Map subclass in
    scripts/plotly-bundle/maplibre-shim.js) and assets/atlas.js sets them again after each plotly
    redraw:

    - district colours and outlines from feature state, which a slider step sets, over the
      values plotly computed from the figure's data;
    - fewer drawing passes per frame and GL programs per page: borders are line layers only (no
      fill draws an outline of its own), and the two fill layers, like the two line layers, take
      the same properties from the data, so MapLibre compiles one program for each pair
      (compiling is most of the first draw's cost without a GPU).
    """
    districts_fill, districts_line = _layer("districts", "fill"), _layer("districts", "line")
    return [
        [districts_fill, "paint", "fill-color", ["coalesce", ["feature-state", "fill"], FILL]],
        [districts_line, "paint", "line-color", ["coalesce", ["feature-state", "line"], LINE]],
        [districts_line, "paint", "line-width", ["coalesce", ["feature-state", "width"], WIDTH]],
        [districts_fill, "paint", "fill-antialias", False],
        [_layer("context", "fill"), "paint", "fill-antialias", False],
    ]


def base_map_figure(
    geojson: Mapping,
    focus_ids: Sequence[str],
    codes: Mapping[str, int],
    hover: Mapping[str, str],
) -> go.Figure:
    """The map at one date: context in grey, focus districts by ``codes`` (assets/atlas.js adds
    the towns as HTML markers).

    ``codes`` and ``hover`` map district ids to the state code and hover text at that date.
    ``uirevision`` keeps the user's zoom and pan when the data change; ``meta.focus_bounds`` is
    the box assets/atlas.js fits the first view to, ``meta.style_overrides`` the atlas's
    properties of the map's layers (``map_style_overrides``).
    """
    focus, context = split_boundaries(geojson, focus_ids)
    order = [f["properties"]["id"] for f in focus["features"]]
    unknown = state_code(None, None)
    fig = go.Figure(
        [
            context_trace(context),
            districts_trace(
                focus,
                [codes.get(i, unknown) for i in order],
                [hover.get(i, i) for i in order],
            ),
        ]
    )
    fig.update_layout(
        map={"style": BLANK_STYLE, "center": MAP_CENTER, "zoom": MAP_ZOOM},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        uirevision="atlas",
        hoverlabel={"bgcolor": "#FFFFFF", "font": {"size": 13}, "align": "left"},
        dragmode="pan",
        paper_bgcolor="#FFFFFF",
        meta={"focus_bounds": focus_bounds(focus), "style_overrides": map_style_overrides()},
    )
    return fig
