"""Pure figure builders on the real boundaries and gazetteer (no browser)."""

import json
from pathlib import Path

import pytest

from dashboard import figures, payload
from geodata.boundaries import boundaries_geojson
from geodata.config import mapped_dir

FOCUS = [p.id for p in payload.focus_districts()]


@pytest.fixture(scope="module")
def figure():
    geojson = boundaries_geojson()
    codes = {d: figures.state_code("armenian", "whole") for d in FOCUS}
    codes["AZ-AGM"] = figures.state_code("armenian", "partial")
    codes["AZ-SUS"] = figures.state_code("azerbaijan", "whole")
    hover = {d: f"hover {d}" for d in FOCUS}
    return figures.base_map_figure(geojson, FOCUS, codes, hover)


def test_only_maplibre_traces_and_no_external_style(figure):
    assert [t.type for t in figure.data] == ["choroplethmap", "choroplethmap"]
    text = figure.to_json()
    assert "http" not in text  # no tiles, glyphs, sprites or topojson from any host
    style = figure.layout.map.style
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    assert "glyphs" not in style and "sprite" not in style
    assert all(source["type"] == "geojson" for source in style["sources"].values())


def test_geojson_split_sends_each_feature_once(figure):
    geojson = boundaries_geojson()
    ids = [f["properties"]["id"] for t in figure.data[:2] for f in t.geojson["features"]]
    assert sorted(ids) == sorted(f["properties"]["id"] for f in geojson["features"])
    assert sorted(c[0] for c in figure.data[1].customdata) == sorted(FOCUS)


def test_districts_have_numeric_feature_ids(figure):
    """MapLibre keys feature state (the browser's recolouring) by numeric feature ids only."""
    districts = figure.data[1]
    ids = [f["id"] for f in districts.geojson["features"]]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == len(ids)
    assert list(districts.locations) == ids and districts.featureidkey == "id"
    # the cached collection keeps its own (string) ids
    assert not any(isinstance(f.get("id"), int) for f in boundaries_geojson()["features"])


def colour_of(trace, location):
    i = [c[0] for c in trace.customdata].index(location)
    return figures.code_colour(trace.z[i]), trace.marker.line.width[i]


def test_colours_per_controller_and_partial_styling(figure):
    districts = figure.data[1]
    assert colour_of(districts, "AZ-SUS") == ("#0072B2", figures.WHOLE_LINE_WIDTH)
    assert colour_of(districts, "AZ-LAC") == ("#D55E00", figures.WHOLE_LINE_WIDTH)
    fill, width = colour_of(districts, "AZ-AGM")
    assert fill == figures.PARTIAL_TINTS["armenian"] and width == figures.PARTIAL_LINE_WIDTH
    assert fill != figures.CONTROLLER_COLOURS["armenian"]


def test_colorscale_maps_every_code_to_its_colour():
    scale = figures.discrete_colorscale()
    n = len(figures.STATE_CODES)
    for code in range(n):
        position = code / (n - 1)
        bands = [
            c
            for (lo, c), (hi, _) in zip(scale[::2], scale[1::2], strict=True)
            if lo <= position <= hi
        ]
        assert set(bands) == {figures.code_colour(code)}


def test_controller_colours_are_distinct_and_legend_lists_partial():
    fills = {figures.code_colour(c) for c in range(len(figures.STATE_CODES))}
    assert len(fills) == len(figures.STATE_CODES)
    rows = figures.legend_items()
    assert [r["controller"] for r in rows] == ["azerbaijan", "armenian", "peacekeeping"]
    for row in rows:
        assert row["whole"]["fill"] != row["partial"]["fill"]
        assert row["partial"]["width"] > row["whole"]["width"]


def test_shusha_and_khankendi_labels_on_different_sides():
    """Towns 10 km apart keep both labels: assets/atlas.css puts each on its side."""
    sides = {t["id"]: t["side"] for t in payload.map_towns()}
    assert set(figures.TOWN_LABEL_SIDES) <= set(sides)  # no side for a town off the map
    assert sides["town:shusha"] == "bottom-center"  # below its point, Khankendi's above
    assert sides["town:khankendi"] == "top-center"
    assert sides["town:khojaly"] != sides["town:askeran"]
    css = (Path(mapped_dir("dashboard.assets", "assets")) / "atlas.css").read_text()
    for side in set(sides.values()):
        assert f'.town[data-side="{side}"] .town-label' in css


def test_town_tooltips_are_plain_text():
    (shusha,) = [t for t in payload.map_towns() if t["id"] == "town:shusha"]
    assert shusha["hover"].splitlines()[0] == "Shusha · Şuşa · Armenian usage: Shushi"
    assert "<" not in shusha["hover"]


def test_style_overrides_name_real_layers(figure):
    overrides = figure.layout.meta["style_overrides"]
    uids = {trace.uid for trace in figure.data}
    for layer, kind, prop, _value in overrides:
        assert layer.removeprefix("plotly-trace-layer-").rsplit("-", 1)[0] in uids
        assert kind in ("paint", "layout") and prop.split("-")[0] in ("fill", "line")
    # a slider step recolours through feature state, falling back to plotly's colour
    fill = "plotly-trace-layer-districts-fill"
    assert [
        fill,
        "paint",
        "fill-color",
        ["coalesce", ["feature-state", "fill"], ["get", "fc"]],
    ] in (overrides)


def test_uirevision_keeps_zoom(figure):
    assert figure.layout.uirevision == "atlas"
    json.loads(figure.to_json())  # serialisable as sent to the browser


def test_strip_position_clamps():
    assert figures.strip_position(0, 0, 100) == 0
    assert figures.strip_position(50, 0, 100) == 50
    assert figures.strip_position(500, 0, 100) == 100


def test_focus_bounds_hold_every_district_and_the_first_view(figure):
    """assets/atlas.js fits the first view to layout.meta.focus_bounds (phones, other sizes)."""
    west, south, east, north = figure.layout.meta["focus_bounds"]
    districts = figure.data[1].geojson
    points = [xy for f in districts["features"] for xy in figures._coordinates(f["geometry"])]
    assert len(points) > 100
    assert all(west <= x <= east and south <= y <= north for x, y, *_ in points)
    assert east - west < 2.2 and north - south < 1.8  # the twelve districts, not the context
    centre = figure.layout.map.center
    assert west < centre.lon < east and south < centre.lat < north


def test_fill_and_line_layers_share_their_gl_programs(figure):
    """MapLibre compiles a GL program per layer type and set of per-feature properties: the
    context takes its outline colour and width per feature like the districts, and no fill
    draws an outline pass, so the page compiles one fill and one line program."""
    traces = {trace.uid: trace for trace in figure.data}
    for uid in ("context", "districts"):
        line = traces[uid].marker.line
        assert isinstance(line.color, tuple) and isinstance(line.width, tuple)
        assert len(line.color) == len(line.width) == len(traces[uid].locations)
    overrides = figure.layout.meta["style_overrides"]
    for uid in ("context", "districts"):
        assert [f"plotly-trace-layer-{uid}-fill", "paint", "fill-antialias", False] in overrides
    assert not [o for o in overrides if o[2] == "fill-outline-color"]
