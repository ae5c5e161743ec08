"""The dashboard in headless Chromium with the real data: map, slider, reading panel, links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import create_app
from dashboard.figures import CONTROLLER_COLOURS
from dashboard.payload import date_words, day_number, map_towns
from geodata.config import seeds_dir

GRAPH = "document.querySelector('#map .js-plotly-plot')"
SHUSHA_POINT = (46.6871, 39.6961)  # inside the Shusha district
SHUSHA_INNER = (46.6643, 39.7181)  # inside the Shusha district, away from town markers
# A district's fill as MapLibre draws it: the districts layer paints the feature state's "fill"
# (set by assets/atlas.js), falling back to plotly's own colour ("fc") where there is none.
FILL_JS = f"""
const gd = {GRAPH}, map = gd._fullLayout.map._subplot.map;
const trace = gd.data.find(t => t.uid === 'districts');
const i = trace.customdata.findIndex(c => c[0] === arguments[0]);
const paint = map.getPaintProperty('plotly-trace-layer-districts-fill', 'fill-color');
const state = map.getFeatureState({{source: 'source-districts', id: trace.locations[i]}});
const viaState = JSON.stringify(paint) ===
  JSON.stringify(['coalesce', ['feature-state', 'fill'], ['get', 'fc']]);
return viaState && state.fill ? state.fill : null;
"""


# The colour MapLibre has drawn at a map coordinate, as it shows on the white page behind the
# canvas: the most common pixel of a 9x9 block (premultiplied RGBA), read in the next frame's
# "render" event (while the drawing buffer still holds the frame).
DRAWN_JS = f"""
const [lon, lat, done] = arguments;
const map = {GRAPH}._fullLayout.map._subplot.map, gl = map.painter.context.gl;
map.once('render', () => {{
  const xy = map.project([lon, lat]), ratio = gl.drawingBufferWidth / map.getCanvas().clientWidth;
  const px = new Uint8Array(4 * 81), counts = {{}};
  gl.readPixels(Math.round(xy.x * ratio) - 4, Math.round(gl.drawingBufferHeight - xy.y * ratio) - 4,
                9, 9, gl.RGBA, gl.UNSIGNED_BYTE, px);
  for (let i = 0; i < px.length; i += 4) {{
    const key = [0, 1, 2].map(c => px[i + c] + 255 - px[i + 3]).join();
    counts[key] = (counts[key] || 0) + 1;
  }}
  done(Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number));
}});
map.triggerRepaint();
"""
DISTRICT_OPACITY = 0.92  # figures.districts_trace's marker opacity


@pytest.fixture
def atlas(dash_duo):
    dash_duo.start_server(create_app())
    return dash_duo


def open_view(duo, query: str = "", painted: str | None = None) -> None:
    duo.driver.get(duo.server_url + "/" + query)
    wait(duo, lambda d: d.execute_script(f"return {GRAPH} && {GRAPH}.dataset.paintedDay"))
    if painted:
        day = str(day_number(dt.date.fromisoformat(painted)))
        wait(duo, lambda d: d.execute_script(f"return {GRAPH}.dataset.paintedDay") == day)


def wait(duo, condition, timeout: float = 15):
    return WebDriverWait(duo.driver, timeout).until(condition)


def fill(duo, district: str) -> str | None:
    return duo.driver.execute_script(FILL_JS, district)


def drawn(duo, lon: float, lat: float) -> list[int]:
    """RGB of the map as drawn on screen at a coordinate."""
    return duo.driver.execute_async_script(DRAWN_JS, lon, lat)


def on_screen(hex_colour: str) -> list[int]:
    """A district fill as it lands on the white page: blended at the districts' opacity."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return [round(DISTRICT_OPACITY * c + (1 - DISTRICT_OPACITY) * 255) for c in rgb]


def close(a: list[int], b: list[int]) -> bool:
    return all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


def set_date(duo, iso: str) -> None:
    """Set the slider as a user change does (Dash's set_props fires the same callbacks)."""
    day = day_number(dt.date.fromisoformat(iso))
    duo.driver.execute_script(
        "window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day
    )
    wait(duo, lambda d: d.execute_script(f"return {GRAPH}.dataset.paintedDay") == str(day))


def screen_point(duo, lon: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a map coordinate (MapLibre projects it to a pixel)."""
    return duo.driver.execute_script(
        f"const map = {GRAPH}._fullLayout.map._subplot.map;"
        "const p = map.project([arguments[0], arguments[1]]);"
        "const r = map.getCanvas().getBoundingClientRect();"
        "return [r.left + p.x, r.top + p.y];",
        lon,
        lat,
    )


def hover_text(duo, lon: float, lat: float) -> str:
    """The hover label plotly shows with the mouse at a map coordinate."""
    x, y = screen_point(duo, lon, lat)
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(round(x), round(y)).pause(0.3)
    actions.pointer_action.move_to_location(round(x) + 1, round(y)).pause(0.2)
    actions.perform()
    return duo.driver.execute_script("return document.querySelector('.hoverlayer').textContent")


def click_district(duo, lon: float, lat: float, expect: str) -> None:
    """A real mouse click on the map at a coordinate (MapLibre projects it to a pixel), until the
    reading panel shows ``expect``: plotly takes the clicked point from the last hover, which a
    map still settling after a restyle can miss, so the click is retried a few times."""
    for _attempt in range(3):
        x, y = screen_point(duo, lon, lat)
        actions = ActionBuilder(duo.driver)
        actions.pointer_action.move_to_location(round(x), round(y)).pause(0.3)
        actions.pointer_action.move_to_location(round(x) + 1, round(y)).pause(0.2).click()
        actions.perform()
        try:
            wait(duo, lambda d: expect in d.find_element(By.CSS_SELECTOR, "#panel-content").text, 8)
            return
        except TimeoutException:
            continue
    raise AssertionError(f"clicking the map at {lon}, {lat} did not open {expect}")


def test_loads_without_console_errors_or_external_requests(atlas):
    open_view(atlas)
    host = urlparse(atlas.server_url).netloc
    resources = atlas.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources, "no resources recorded"
    assert {urlparse(r).netloc for r in resources} == {host}
    scripts = [r for r in resources if urlparse(r).path.endswith(".js")]
    assert len(scripts) == len(set(scripts)), "a script was fetched twice"
    assert atlas.get_logs() == []
    label = atlas.find_element("#date-label").text
    assert label.startswith(date_words(dt.date.today()))
    credit = atlas.find_element("#attribution")  # in the map's corner, on the first screen
    assert "geoBoundaries" in credit.text and "GeoNames" in credit.text
    assert atlas.driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(), m = document.querySelector('#map')"
        ".getBoundingClientRect(); return r.bottom <= Math.min(innerHeight, m.bottom + 1);",
        credit,
    )


def test_slider_recolours_shusha_by_keyboard(atlas):
    open_view(atlas)
    set_date(atlas, "2020-11-07")
    assert fill(atlas, "AZ-SUS") == CONTROLLER_COLOURS["armenian"]
    assert close(drawn(atlas, *SHUSHA_INNER), on_screen(CONTROLLER_COLOURS["armenian"]))
    # plotly redraws the map layers on relayout: the colours and hover must survive it
    atlas.driver.execute_script(
        f"return Plotly.relayout({GRAPH}, {{'map.zoom': 10, 'map.center': arguments[0]}});",
        {"lon": SHUSHA_INNER[0], "lat": SHUSHA_INNER[1]},
    )
    wait(atlas, lambda d: "Since: 8 May 1992" in hover_text(atlas, *SHUSHA_INNER))
    assert fill(atlas, "AZ-SUS") == CONTROLLER_COLOURS["armenian"]
    assert atlas.find_element("#date-label").text == "7 November 2020 — 44-day war"
    thumb = atlas.driver.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")
    thumb.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    wait(atlas, lambda d: atlas.find_element("#date-label").text.startswith("9 November 2020"))
    wait(atlas, lambda d: fill(atlas, "AZ-SUS") == CONTROLLER_COLOURS["azerbaijan"])
    azerbaijan = on_screen(CONTROLLER_COLOURS["azerbaijan"])
    wait(atlas, lambda d: close(drawn(atlas, *SHUSHA_INNER), azerbaijan))
    wait(atlas, lambda d: "date=2020-11-09" in d.current_url)  # once the slider rests
    wait(atlas, lambda d: "Since: 8 November 2020" in hover_text(atlas, *SHUSHA_INNER))
    assert atlas.get_logs() == []


def test_next_event_and_period_chip_move_the_date(atlas):
    open_view(atlas)
    set_date(atlas, "2020-11-07")
    atlas.find_element("#next-event").click()
    wait(atlas, lambda d: atlas.find_element("#date-label").text.startswith("8 November 2020"))
    chip = atlas.driver.find_element(By.XPATH, "//button[normalize-space()='First Karabakh War']")
    chip.click()
    wait(atlas, lambda d: atlas.find_element("#date-label").text.startswith("20 February 1988"))
    assert chip.get_attribute("aria-current") == "true" and "active" in chip.get_attribute("class")
    assert len(atlas.driver.find_elements(By.CSS_SELECTOR, "#period-chips .chip.active")) == 1
    cursor_x, band_x = atlas.driver.execute_script(
        "const x = s => document.querySelector(s).getBoundingClientRect().x;"
        "return [x('#strip-cursor') + 1, x('.strip-band[title=\"First Karabakh War\"]')];"
    )
    assert abs(cursor_x - band_x) < 2  # the strip's cursor sits where the period starts
    rows = atlas.driver.find_elements(By.CSS_SELECTOR, "#state-table-body tr")
    assert len(rows) == 12
    shusha = atlas.driver.find_element(
        By.CSS_SELECTOR, ".strip-tick[aria-label^='8 November 2020']"
    )
    shusha.send_keys(Keys.ENTER)  # a tick on the strip moves the slider to its event
    wait(atlas, lambda d: atlas.find_element("#date-label").text.startswith("8 November 2020"))
    atlas.find_element("#play").click()  # plays from the chip's date through the events
    wait(atlas, lambda d: not atlas.find_element("#date-label").text.startswith("20 February"))
    atlas.find_element("#play").click()
    assert atlas.find_element("#play").get_attribute("aria-pressed") == "false"


# Every town marker (assets/atlas.js) with its label's box, and whether it is within the map.
TOWNS_JS = f"""
const frame = {GRAPH}.getBoundingClientRect();
return Array.from(document.querySelectorAll('#map .town')).map(t => {{
  const r = t.querySelector('.town-label').getBoundingClientRect();
  const inside = r.width > 0 && r.left >= frame.left && r.right <= frame.right &&
    r.top >= frame.top && r.bottom <= frame.bottom;
  return {{place: t.dataset.place, name: t.textContent, box: [r.left, r.top, r.right, r.bottom],
          inside, visible: getComputedStyle(t).visibility === 'visible'}};
}});
"""


def test_town_markers_keep_every_label_and_open_the_town(atlas):
    """Towns a few kilometres apart (Shusha and Khankendi) keep both labels, on their sides;
    a marker is a button: Enter opens the town's sources."""
    open_view(atlas, "?date=2020-11-08", painted="2020-11-08")
    # the markers show from the map's first frame on (assets/atlas.css, atlas-drawn)
    towns = wait(atlas, lambda d: (r := d.execute_script(TOWNS_JS)) and r[0]["visible"] and r)
    assert {t["place"] for t in towns} == {t["id"] for t in map_towns()}
    shown = {t["name"]: t for t in towns if t["inside"] and t["visible"]}
    assert {"Shusha", "Khankendi", "Khojaly", "Lachin", "Askeran"} <= set(shown)
    for a, b in [("Shusha", "Khankendi"), ("Khojaly", "Askeran"), ("Khojaly", "Khankendi")]:
        (al, at, ar, ab), (bl, bt, br, bb) = shown[a]["box"], shown[b]["box"]
        assert ar <= bl or br <= al or ab <= bt or bb <= at, f"{a} and {b} labels overlap"
    layers = atlas.driver.execute_script(
        f"return {GRAPH}._fullLayout.map._subplot.map.getStyle().layers.map(l => l.type)"
    )
    assert not {"symbol", "circle"} & set(layers)  # no GL text or points to tile and compile
    marker = atlas.driver.find_element(By.CSS_SELECTOR, '.town[data-place="town:khankendi"]')
    assert marker.accessible_name == "Khankendi, town"
    marker.send_keys(Keys.ENTER)
    wait(atlas, lambda d: "Khankendi" in atlas.find_element("#panel-content h2").text)
    assert "selected" in marker.get_attribute("class")
    assert atlas.get_logs() == []


# Records every layer as MapLibre receives it (after plotly and the Map subclass in
# scripts/plotly-bundle/maplibre-shim.js), before any page script can change it.
RECORD_LAYERS_JS = """
document.addEventListener("DOMContentLoaded", () => {
  const proto = maplibregl.Map.prototype, add = proto.addLayer;
  window.addedLayers = {};
  proto.addLayer = function (layer, before) {
    window.addedLayers[layer.id] = JSON.parse(JSON.stringify(layer));
    return add.call(this, layer, before);
  };
});
"""


def test_layers_start_with_the_atlas_style(atlas):
    """The figure's style overrides are in each layer from its first tile on: set afterwards,
    they made MapLibre tile the districts and the labels twice during the first load."""
    script = atlas.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_LAYERS_JS}
    )
    try:
        open_view(atlas)
        added = atlas.driver.execute_script("return window.addedLayers")
        overrides = atlas.driver.execute_script(f"return {GRAPH}.layout.meta.style_overrides")
    finally:
        atlas.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    assert len(overrides) >= 5
    for layer, kind, prop, value in overrides:
        assert added[layer][kind][prop] == value


def test_click_shusha_shows_highlighted_quote_and_opens_document(atlas):
    open_view(atlas, "?date=2020-11-08", painted="2020-11-08")
    click_district(atlas, *SHUSHA_POINT, expect="Shusha")
    assert "Shusha" in atlas.find_element("#panel-content h2").text
    seed = (seeds_dir() / "001_cccedf098a632ea1.txt").read_bytes().decode("utf-8")
    marks = wait(
        atlas,
        lambda d: [
            m
            for m in d.find_elements(By.CSS_SELECTOR, "#panel-content mark")
            if "liberation of Shusha" in m.text
        ],
    )
    quote = marks[0].text
    assert quote in seed
    passage = marks[0].find_element(By.XPATH, "./ancestor::article[contains(@class,'passage')]")
    assert "AzerNEWS" in passage.text  # the source card: who says it
    passage.find_element(By.CSS_SELECTOR, "a.read-full").click()
    doc_mark = wait(
        atlas, ec.presence_of_element_located((By.CSS_SELECTOR, "#document-content mark"))
    )
    assert doc_mark.text == quote
    assert urlparse(atlas.driver.current_url).path == "/document/001_cccedf098a632ea1"
    wait(
        atlas,
        lambda d: d.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= window.innerHeight;",
            doc_mark,
        ),
    )
    back = atlas.find_element("#document-back")  # back to the same date and place
    assert urlparse(back.get_attribute("href")).query.startswith("date=2020-11-08&place=")
    back.click()
    wait(atlas, lambda d: urlparse(d.current_url).path == "/")
    wait(atlas, lambda d: "Shusha" in atlas.find_element("#panel-content h2").text)
    assert atlas.find_element("#date-label").text.startswith("8 November 2020")
    assert atlas.get_logs() == []


def test_link_opens_khankendi_under_azerbaijani_control(atlas):
    open_view(atlas, "?date=2023-09-21&place=AZ-XA", painted="2023-09-21")
    wait(atlas, lambda d: "Khankendi" in atlas.find_element("#panel-content h2").text)
    assert fill(atlas, "AZ-XA") == CONTROLLER_COLOURS["azerbaijan"]
    assert atlas.find_element("#date-label").text.startswith("21 September 2023")
    assert atlas.find_element("#notice").get_attribute("hidden")


def test_bad_link_falls_back_with_a_notice(atlas):
    open_view(atlas, "?date=banana&place=nowhere")
    notice = wait(atlas, lambda d: d.find_element(By.ID, "notice"))
    wait(atlas, lambda d: notice.is_displayed())
    assert "banana" in notice.text and "nowhere" in notice.text
    assert atlas.find_element("#date-label").text.startswith(date_words(dt.date.today()))
    # back to the plain address in the page (as the browser's Back button does): notice gone
    atlas.driver.execute_script(
        "history.pushState({}, '', '/'); dispatchEvent(new PopStateEvent('popstate'));"
    )
    wait(atlas, lambda d: not notice.is_displayed())
    assert atlas.get_logs() == []


@pytest.mark.parametrize("width, height", [(390, 844), (360, 740)])
def test_phone_view_fits_the_twelve_districts(atlas, width, height):
    """On phones the first view holds every district polygon (the laptop zoom cut Kalbajar); at
    360 px the figure's own zoom is too close, so this checks atlas.js's fit as well."""
    atlas.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        open_view(atlas, "?date=2020-11-08", painted="2020-11-08")
        outside = atlas.driver.execute_script(
            f"const gd = {GRAPH}, map = gd._fullLayout.map._subplot.map;"
            "const view = map.getBounds();"
            "const trace = gd.data.find(t => t.uid === 'districts');"
            "return trace.geojson.features.filter(f => {"
            "  const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates]"
            "    : f.geometry.coordinates;"
            "  return rings.flat(2).some(p => !view.contains(p));"
            "}).map(f => f.properties.id);"
        )
        assert outside == []
        assert atlas.driver.execute_script(f"return {GRAPH}.getBoundingClientRect().width") < width
    finally:
        atlas.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_panel_reranks_for_the_day_once_the_slider_rests(atlas):
    open_view(atlas, "?date=2020-10-01&place=AZ-SUS", painted="2020-10-01")
    panel = "#panel-content"  # section headings are upper-cased by CSS
    wait(atlas, lambda d: "1 october 2020 first" in atlas.find_element(panel).text.lower())
    set_date(atlas, "2020-11-08")  # same period (44-day war): only a rested slider re-ranks
    wait(atlas, lambda d: "8 november 2020 first" in atlas.find_element(panel).text.lower())


def test_map_is_painted_before_dash_runs_the_callbacks(atlas):
    """The map follows the slider from Dash's store (assets/atlas.js watchSlider): when the
    ``follow`` callback runs, the new day is already painted."""
    open_view(atlas, "?date=2020-11-07", painted="2020-11-07")
    set_date(atlas, "2020-11-08")  # follow has run once since the page loaded
    atlas.driver.execute_script(
        "const a = window.dash_clientside.atlas, follow = a.follow; window.seenByFollow = [];"
        f"a.follow = function () {{ window.seenByFollow.push({GRAPH}.dataset.paintedDay);"
        " return follow.apply(this, arguments); };"
    )
    set_date(atlas, "2020-11-09")
    day = str(day_number(dt.date(2020, 11, 9)))
    seen = wait(atlas, lambda d: d.execute_script("return window.seenByFollow"))
    assert seen == [day]
    assert fill(atlas, "AZ-SUS") == CONTROLLER_COLOURS["azerbaijan"]
