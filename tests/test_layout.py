"""Pure layout builders and the browser payload, on the real timeline (no browser)."""

import datetime as dt
import json

import pytest
from dash import html
from dash._utils import to_json

from dashboard import figures, layout, payload
from dashboard.app import create_app, map_credits
from geodata import boundaries, gazetteer, timeline


@pytest.fixture(scope="module")
def data():
    return payload.build_payload(dt.date(2025, 1, 1))


def ids_in(component) -> set:
    found = set()
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        if getattr(node, "id", None) is not None:
            found.add(node.id if isinstance(node.id, str) else node.id["type"])
        children = getattr(node, "children", None)
        if children is not None:
            stack.append(children)
    return found


def test_page_has_every_id_the_callbacks_use():
    app = create_app()
    found = ids_in(app.layout)
    assert set(layout.IDS) <= found


def test_period_chips_carry_their_start_day(data):
    """assets/atlas.js's click listener moves the slider to a chip's ``data-day``."""
    chips = layout.time_controls(data, data["last"]).children[3].children
    assert [c.children for c in chips] == [p["name"] for p in data["periods"]]
    assert [c.to_plotly_json()["props"]["data-day"] for c in chips] == [
        str(p["start"]) for p in data["periods"]
    ]
    assert not [c for c in chips if getattr(c, "id", None)]


def test_layout_is_served_as_frozen_at_creation():
    app = create_app(dt.date(2025, 1, 1))
    served = app.server.test_client().get("/_dash-layout")
    assert served.status_code == 200 and served.mimetype == "application/json"
    page = json.loads(to_json(app.get_layout()))
    assert served.get_json() == page
    app.layout = html.Div("changed later")  # served as it was when the app was created
    assert app.server.test_client().get("/_dash-layout").get_json() == page


def test_slider_marks_at_period_boundaries(data):
    marks = layout.slider_marks(data["periods"])
    starts = {payload.day_number(p.start) for p in timeline.load_periods()}
    assert set(marks) == starts
    assert marks[payload.day_number(dt.date(1988, 1, 1))] == "1988"
    assert all(isinstance(label, str) for label in marks.values())


def test_payload_steps_match_state_at(data):
    for day in (
        dt.date(1993, 10, 1),
        dt.date(2020, 11, 7),
        dt.date(2020, 11, 9),
        dt.date(2024, 1, 1),
    ):
        states = timeline.state_at(day)
        for district, steps in data["districts"].items():
            step = payload.step_at(steps, payload.day_number(day))
            assert step["event"] == states[district].event
            assert step["controller"].startswith(
                {"azerbaijan": "Azerbaijan", "armenian": "Armenian", "peacekeeping": "De facto"}[
                    states[district].controller
                ]
            )


def test_hover_names_english_azerbaijani_and_armenian_usage(data):
    hover = data["districts"]["AZ-XA"][0]["hover"]
    assert "Khankendi" in hover and "Xankəndi" in hover and "Stepanakert" in hover


def test_periods_tile_the_slider(data):
    periods = data["periods"]
    assert periods[0]["start"] == data["first"] and periods[-1]["end"] == data["last"]
    for a, b in zip(periods, periods[1:], strict=False):
        assert a["end"] + 1 == b["start"]


def test_date_words_follow_precision():
    day = dt.date(1992, 5, 8)
    assert payload.date_words(day) == "8 May 1992"
    assert payload.date_words(day, "month") == "May 1992"
    assert payload.date_words(day, "year") == "1992"


def test_strip_has_a_tick_per_event_and_milestone(data):
    ticks = payload.browser_store(data)["ticks"]  # assets/atlas.js draws them into the strip
    assert len(ticks) == len(data["events"]) + len(data["milestones"])
    days = {e["day"] for e in [*data["events"], *data["milestones"]]}
    assert {t["day"] for t in ticks} == days
    entries = [*data["milestones"], *data["events"]]
    for tick, entry in zip(ticks, entries, strict=True):  # milestones grey, events by kind
        colour = None if entry["milestone"] else figures.event_colour(entry["kind"])
        assert (tick["day"], tick["colour"]) == (entry["day"], colour)
        assert tick["label"] == f"{entry['date_label']}: {entry['summary']}"
        assert 0 <= tick["left"] <= 100
    assert any(t["label"].startswith("8 November 2020") for t in ticks)
    strip = layout.timeline_strip(data).children[0]
    assert [c.id for c in strip.children[-2:]] == ["strip-ticks", "strip-cursor"]


def test_legend_is_a_row_under_the_map_with_text_for_every_swatch(data):
    """The legend sits after the map frame (not over the districts) and says what each colour
    means in words, partial control included."""
    app = create_app()
    frame = next(
        node for node in _walk(app.layout) if getattr(node, "className", None) == "map-and-legend"
    )
    assert [getattr(c, "className", None) for c in frame.children] == ["map-frame", "legend"]
    text = " ".join(s for s in _walk(frame.children[1]) if isinstance(s, str))
    for label in ("Azerbaijan", "Armenian forces", "peacekeeping", "context", "Town", "partial"):
        assert label in text


def _walk(component):
    stack = [component]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif getattr(node, "children", None) is not None:
            stack.append(node.children)


def test_attribution_links_both_data_sources_and_their_licence():
    credits = map_credits(boundaries.boundaries_geojson(), gazetteer.attribution())
    assert [(c["what"], c["who"], c["licence"]) for c in credits] == [
        ("Boundaries", "geoBoundaries", "CC BY 4.0"),
        ("Towns", "GeoNames", "CC BY 4.0"),
    ]
    shown = layout.attribution(credits)
    links = {a.children: a.href for a in shown.children if isinstance(a, html.A)}
    assert links["geoBoundaries"] == "https://www.geoboundaries.org/"
    assert links["GeoNames"] == "https://www.geonames.org/"
    assert links["CC BY 4.0"] == layout.LICENCE_URLS["CC BY 4.0"]
    text = "".join(c if isinstance(c, str) else c.children for c in shown.children)
    assert text == ("Map data: Boundaries: geoBoundaries, CC BY 4.0 · Towns: GeoNames, CC BY 4.0")


def test_browser_store_keeps_what_atlas_js_reads(data):
    store = payload.browser_store(data)
    assert set(store) == {
        "first", "last", "order", "names", "colours", "districts", "event_days", "periods",
        "ticks", "towns",
    }  # fmt: skip
    assert store["towns"] == payload.map_towns()  # assets/atlas.js's town markers
    for place, steps in store["districts"].items():
        assert [s["day"] for s in steps] == [s["day"] for s in data["districts"][place]]
        for step in steps:
            assert set(step) == {"day", "code", "line", "width", "controller", "since", "hover"}
    assert store["event_days"] == sorted({e["day"] for e in data["events"]})  # previous/next
    assert all(set(p) == {"id", "name", "start", "end"} for p in store["periods"])
    rest = {k: v for k, v in store.items() if k != "ticks"}  # the strip's, tested above
    assert len(json.dumps(rest)) < 0.8 * len(json.dumps(data))
