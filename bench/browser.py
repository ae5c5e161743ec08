"""Browser figures, ours side by side with the naive baseline, in headless Debian Chromium.

- Slider step: bytes over the wire (request bodies + response ``transferSize`` from the Performance
  API) and time from the slider change to the map's repaint: the slider is set with
  ``dash_clientside.set_props`` (what a drag does), and the step ends at the last MapLibre
  ``render`` before the map's next ``idle``, i.e. the frame with the new colours on screen.
  Steps alternate between 2020-11-07 and 2020-11-09, so every step really recolours Shusha.
- Play-through: our Play button through every event from 1988 to today (wall time, dropped
  frames from a ``requestAnimationFrame`` loop), and a stepped play-through of the same event
  days as fast as each repaint allows, for both apps.
- First load: navigation start to a usable map (the first frame drawn with the data loaded, the
  date's colours set and a district's fill on screen) with the browser cache off, and every byte
  transferred (uncompressed, and gzip -6 of the same responses as a server that compresses would
  send).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import shutil
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from bench import servers
from bench.chromium import chrome_options, chromium_path
from bench.results import Figure

EPOCH = dt.date(1970, 1, 1)
STEP_DAYS = ((dt.date(2020, 11, 7) - EPOCH).days, (dt.date(2020, 11, 9) - EPOCH).days)
FRAME_MS = 1000 / 60
PLAY_INTERVAL_S = 0.9  # dashboard.layout.PLAY_INTERVAL_MS
STEP_TIMEOUT_MS = 5000

# Injected before any page script: records fetch bodies, rAF frame times and map readiness. The
# map is usable at the first frame drawn with everything in: sources loaded, (ours) the date's
# colours set, and a district fill on screen at the probe point (read inside MapLibre's "render"
# event, while the drawing buffer is valid), so a map that loads but draws nothing never counts.
PROBE_JS = r"""
(function () {
  var b = window.__bench = {posts: [], frames: [], recording: false, readyAt: null};
  var probe = %s;
  var realFetch = window.fetch;
  window.fetch = function (input, init) {
    var entry = {url: typeof input === "string" ? input : input.url, t0: performance.now(),
                 body: init && init.body ? String(init.body) : ""};
    b.posts.push(entry);
    return realFetch.apply(this, arguments).then(function (r) {
      entry.status = r.status; entry.t1 = performance.now(); return r;
    });
  };
  function frame(t) { if (b.recording) { b.frames.push(t); } requestAnimationFrame(frame); }
  requestAnimationFrame(frame);
  // The map as drawn around a point, over the white page: the [r, g, b] of each pixel of a 9x9
  // block (so an outline over the point cannot decide alone), read inside MapLibre's "render"
  // event, while the drawing buffer holds the frame.
  b.block = function (map, lonlat) {
    var gl = map.painter.context.gl, xy = map.project(lonlat), px = new Uint8Array(324);
    var ratio = gl.drawingBufferWidth / map.getCanvas().clientWidth;
    var x = Math.round(xy.x * ratio) - 4, y = Math.round(gl.drawingBufferHeight - xy.y * ratio) - 4;
    gl.readPixels(x, y, 9, 9, gl.RGBA, gl.UNSIGNED_BYTE, px);
    var out = [];
    for (var i = 0; i < px.length; i += 4) {  // premultiplied alpha: over white, c + 255 - alpha
      out.push([px[i], px[i + 1], px[i + 2]].map(function (c) { return c + 255 - px[i + 3]; }));
    }
    return out;
  };
  function filled(map) {  // most of the block at the probe point is far from white
    return b.block(map, probe).filter(function (p) { return p[0] + p[1] + p[2] < 705; })
      .length > 40;
  }
  function watch() {
    var gd = document.querySelector("#map .js-plotly-plot");
    var sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (!(sub && sub.map)) { setTimeout(watch, 5); return; }
    var map = sub.map;
    map.on("render", function onRender() {
      // ours (assets/atlas.js) paints the date's colours after plotly's first draw
      var ours = window.dash_clientside && window.dash_clientside.atlas;
      if (map.loaded() && (!ours || gd.hasAttribute("data-painted-day")) && filled(map)) {
        b.readyAt = performance.now();
        map.off("render", onRender);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setTimeout(watch, 0); });
})();
"""

# Sets the slider; "repaint" is the first MapLibre frame in which most fill-coloured pixels around
# the probe point (inside the district that changes) are nearer the new fill colour than the old,
# read with gl.readPixels inside the "render" event (the drawing buffer is still valid); "settled"
# is the map's next "idle" (fades and transitions over). Nothing else runs until it settles.
STEP_JS = r"""
var day = arguments[0], probe = arguments[1], before = arguments[2], after = arguments[3],
    timeout = arguments[4], done = arguments[arguments.length - 1];
var gd = document.querySelector("#map .js-plotly-plot");
var map = gd._fullLayout.map._subplot.map;
var b = window.__bench, posts = b.posts.length, repaint = null, finished = false, t0;
function dist(p, c) {
  return Math.abs(p[0] - c[0]) + Math.abs(p[1] - c[1]) + Math.abs(p[2] - c[2]);
}
function onRender() {
  if (repaint !== null) { return; }
  var votes = 0;
  b.block(map, probe).forEach(function (p) {
    var toNew = dist(p, after), toOld = dist(p, before);
    if (Math.min(toNew, toOld) < 90) { votes += toNew < toOld ? 1 : -1; }
  });
  if (votes > 0) { repaint = performance.now() - t0; }
}
function finish(how) {
  if (finished) { return; }
  finished = true;
  map.off("render", onRender); map.off("idle", onIdle);
  var sent = b.posts.slice(posts);
  var res = performance.getEntriesByType("resource")
    .filter(function (e) { return e.startTime >= t0; });
  var bytes = sent.reduce(function (n, p) { return n + new Blob([p.body]).size; }, 0)
    + res.reduce(function (n, e) { return n + e.transferSize; }, 0);
  done({repaint: repaint, settled: performance.now() - t0, how: how, requests: sent.length,
        bytes: bytes});
}
function onIdle() { if (repaint !== null) { finish("idle"); } }
// Both listeners before the change: the recolour can render (and go idle) within this task.
map.on("render", onRender);
map.on("idle", onIdle);
t0 = performance.now();
window.dash_clientside.set_props("date-slider", {value: day});
setTimeout(function () { finish("timeout"); }, timeout);
"""


@dataclass(frozen=True)
class Probe:
    """Where and what to look at on the map for a change between two days."""

    lonlat: tuple[float, float]
    colours: dict[int, tuple[int, int, int]]  # day -> expected pixel colour


def _blend(hex_colour: str, opacity: float) -> tuple[int, int, int]:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(opacity * c + (1 - opacity) * 255) for c in rgb)


def make_probe(days: tuple[int, int] = STEP_DAYS) -> Probe:
    """A point well inside the one district whose colour differs between ``days``."""
    from shapely import Point
    from shapely.geometry import shape

    from dashboard import figures, payload
    from geodata import boundaries

    data = payload.build_payload()
    codes = {
        d: [payload.step_at(steps, day)["code"] for day in days]
        for d, steps in data["districts"].items()
    }
    changed = [d for d, (a, b) in codes.items() if a != b]
    if not changed:
        raise RuntimeError("no district changes colour between the slider's bench days")
    district = changed[0]
    feature = next(
        f for f in boundaries.boundaries_geojson()["features"] if f["properties"]["id"] == district
    )
    polygon = shape(feature["geometry"])
    towns = [Point(t["lon"], t["lat"]) for t in payload.map_towns()]
    minx, miny, maxx, maxy = polygon.bounds
    best, score = polygon.representative_point(), -1.0
    for i in range(1, 30):
        for j in range(1, 30):
            point = Point(minx + (maxx - minx) * i / 30, miny + (maxy - miny) * j / 30)
            if polygon.contains(point):
                clearance = min(
                    polygon.exterior.distance(point), *(t.distance(point) for t in towns)
                )
                if clearance > score:
                    best, score = point, clearance
    opacity = 0.92  # figures.districts_trace's marker opacity
    colours = {
        day: _blend(figures.code_colour(code), opacity)
        for day, code in zip(days, codes[district], strict=True)
    }
    return Probe((best.x, best.y), colours)


@contextlib.contextmanager
def browser(probe: Probe | None = None) -> Iterator:
    """A headless Chromium with the probe installed on every page and the cache off; a page's
    map is usable once ``probe``'s point (``make_probe()`` by default) shows a district fill."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not chromium_path():
        raise RuntimeError(
            "headless Chromium + chromedriver are needed (scripts/ensure-browser.sh)"
        )
    service = Service(shutil.which("chromedriver"))
    driver = webdriver.Chrome(service=service, options=chrome_options())
    try:
        driver.set_script_timeout(120)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        lonlat = list((probe or make_probe()).lonlat)
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": PROBE_JS % json.dumps(lonlat)}
        )
        yield driver
    finally:
        driver.quit()


def open_page(driver, url: str, timeout: float = 30) -> float:
    """Load ``url`` and wait for a usable map; returns ms from navigation start."""
    driver.get(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script("return window.__bench && window.__bench.readyAt")
        if ready is not None:
            return float(ready)
        time.sleep(0.02)
    raise RuntimeError(f"the map at {url} was not usable within {timeout}s")


def page_bytes(driver) -> tuple[int, int]:
    """(uncompressed, gzip) bytes of everything the page loaded, request bodies included."""
    entries = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource')).map(function (e) {"
        "return {name: e.name, size: e.decodedBodySize, type: e.initiatorType}; });"
    )
    posts = driver.execute_script(
        "return window.__bench.posts.map(function (p) { return new Blob([p.body]).size; });"
    )
    plain = zipped = sum(posts)
    for entry in entries:
        plain += entry["size"]
        if entry["type"] == "fetch":  # callback responses: small, count as they came
            zipped += entry["size"]
            continue
        with urllib.request.urlopen(entry["name"], timeout=30) as response:
            zipped += len(gzip.compress(response.read(), compresslevel=6))
    return plain, zipped


def step(driver, probe: Probe, day: int) -> dict:
    """Move the slider to ``day`` (one of the probe's days) and wait until the map settles."""
    other = next(d for d in probe.colours if d != day)
    return driver.execute_async_script(
        STEP_JS, day, probe.lonlat, probe.colours[other], probe.colours[day], STEP_TIMEOUT_MS
    )


def slider_steps(driver, probe: Probe, count: int) -> list[dict]:
    """``count`` alternating slider steps (after one warm-up step) with their repaint times."""
    days = list(probe.colours)
    step(driver, probe, days[1])
    results = []
    for i in range(count):
        result = step(driver, probe, days[i % 2])
        if result["how"] != "idle":
            raise RuntimeError(f"a slider step did not repaint within {STEP_TIMEOUT_MS} ms")
        results.append(result)
    return results


def event_days() -> list[int]:
    """The days of every change of control, as the Play button steps through them."""
    from dashboard.payload import build_payload

    return sorted({e["day"] for e in build_payload()["events"]})


# One play-through step: set the slider, then wait for the map's next "idle". Our app recolours
# through feature state, which renders nothing when a step changes no colour (and then no "idle"
# comes), so once our app has painted the day a repaint is forced; the baseline re-renders anyway.
SETTLE_JS = r"""
var day = arguments[0], timeout = arguments[1], done = arguments[arguments.length - 1];
var gd = document.querySelector("#map .js-plotly-plot");
var map = gd._fullLayout.map._subplot.map, ours = gd.hasAttribute("data-painted-day");
var t0 = performance.now(), finished = false;
function finish(how) { if (!finished) { finished = true; done(how); } }
window.dash_clientside.set_props("date-slider", {value: day});
setTimeout(function () { finish("timeout"); }, timeout);
(function wait() {
  if (!ours) { map.once("idle", function () { finish("idle"); }); return; }
  if (gd.getAttribute("data-painted-day") === String(day)) {
    map.once("idle", function () { finish("idle"); });
    map.triggerRepaint();
  } else if (performance.now() - t0 < timeout) { setTimeout(wait, 1); }
})();
"""


def stepped_playthrough(driver, days: list[int]) -> float:
    """Seconds to step through every event day as fast as the page takes each step (the next step
    starts once the map is idle again)."""
    began = time.perf_counter()
    for day in days:
        if driver.execute_async_script(SETTLE_JS, day, 10000) != "idle":
            raise RuntimeError("a play-through step did not settle within 10 s")
    return time.perf_counter() - began


def play_button(driver, timeout: float) -> tuple[float, int]:
    """Our Play button from 1988 to today: (seconds, dropped frames)."""
    from selenium.webdriver.common.by import By

    driver.execute_script("window.__bench.frames = []; window.__bench.recording = true;")
    began = time.perf_counter()
    driver.find_element(By.ID, "play").click()
    deadline = began + timeout
    time.sleep(0.5)
    while time.perf_counter() < deadline:
        if driver.find_element(By.ID, "play").get_attribute("aria-pressed") == "false":
            break
        time.sleep(0.05)
    else:
        raise RuntimeError(f"the play-through did not finish within {timeout}s")
    seconds = time.perf_counter() - began
    frames = driver.execute_script(
        "window.__bench.recording = false; return window.__bench.frames;"
    )
    dropped = sum(
        max(0, round((b - a) / FRAME_MS) - 1) for a, b in zip(frames, frames[1:], strict=False)
    )
    return seconds, dropped


def run(quick: bool = False, workers: int = 2) -> list[Figure]:
    """Every browser figure: ours and the baseline, both served by gunicorn on loopback."""
    loads = 3 if quick else 8  # the first, in a fresh browser, is the slowest: a median of 8
    stepped = 2 if quick else 4  # loads followed by slider steps
    steps = 4 if quick else 6
    plays = 1 if quick else 2
    keys = ("bytes", "repaint", "settled", "load", "plain", "gzip", "stepped")
    ours: dict[str, list] = {k: [] for k in keys}
    base: dict[str, list] = {k: [] for k in keys}
    play_s, dropped = [], []
    probe, days = make_probe(), event_days()
    port_a, port_b = servers.free_port(), servers.free_port()
    with (
        servers.running(servers.atlas_command(port_a, workers), port_a) as (atlas_url, _),
        servers.running(servers.baseline_command(port_b, workers), port_b) as (base_url, _),
        browser(probe) as driver,
    ):
        for rep in range(loads):
            for url, out in ((atlas_url, ours), (base_url, base)):
                out["load"].append(open_page(driver, url + "/"))
                plain, zipped = page_bytes(driver)
                out["plain"].append(plain)
                out["gzip"].append(zipped)
                if rep >= stepped:
                    continue
                for r in slider_steps(driver, probe, steps):
                    out["bytes"].append(r["bytes"])
                    out["repaint"].append(r["repaint"])
                    out["settled"].append(r["settled"])
                if rep < plays:
                    out["stepped"].append(stepped_playthrough(driver, days))
        open_page(driver, atlas_url + "/")
        for _ in range(plays):
            seconds, frames = play_button(driver, timeout=len(days) * 2 + 30)
            play_s.append(seconds)
            dropped.append(frames)
    return [
        Figure(
            "slider_step_bytes",
            "bytes",
            ours["bytes"],
            base["bytes"],
            "≤ 5 KB and ≥ 20× fewer than baseline",
            lambda m, r: m <= 5000 and r >= 20,
        ),
        Figure(
            "slider_step_repaint",
            "ms",
            ours["repaint"],
            base["repaint"],
            "≤ 50 ms and ≥ 3× faster than baseline",
            lambda m, r: m <= 50 and r >= 3,
        ),
        Figure("slider_step_settled", "ms", ours["settled"], base["settled"]),
        Figure(
            "playthrough_stepped",
            "s",
            ours["stepped"],
            base["stepped"],
            f"informational: {len(days)} event days, each step settled",
        ),
        Figure(
            "playthrough_play_button",
            "s",
            play_s,
            target=f"informational: {len(days)} steps of {PLAY_INTERVAL_S} s",
        ),
        Figure("playthrough_dropped_frames", "frames", dropped, target="informational"),
        Figure(
            "first_load_usable_map", "ms", ours["load"], base["load"], "≤ 1500 ms", _at_most(1500)
        ),
        Figure(
            "first_load_bytes",
            "bytes",
            ours["plain"],
            base["plain"],
            "≤ 4 MB (4,000,000)",
            _at_most(4_000_000),
        ),
        Figure("first_load_bytes_gzip", "bytes", ours["gzip"], base["gzip"], "informational"),
    ]


def _at_most(limit: float):
    return lambda median, _ratio: median <= limit
