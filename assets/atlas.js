/* Karabakh Atlas: clientside callbacks (window.dash_clientside.atlas).
 * The timeline payload (dashboard/payload.py) is sent once; moving the slider recolours the map
 * here through MapLibre feature state, so a slider step costs no request, keeps the user's zoom
 * and pan, and redraws one layer instead of making plotly rebuild every map layer.
 * Days are integers: days since 1970-01-01. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var DAY_MS = 86400000;
  var PANEL_REST_MS = 400;  // the reading panel follows the slider once it rests this long
  var URL_REST_MS = 250;  // and the address bar this long
  var panelTimer = null, urlTimer = null;
  // what follow() last put on the page
  var shown = { period: undefined, rows: undefined, place: undefined };

  function noUpdate() { return window.dash_clientside.no_update; }

  function dateWords(day) {
    var d = new Date(day * DAY_MS);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function isoDate(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  function atlasQuery(day, place) {
    return "?date=" + isoDate(day) + (place ? "&place=" + encodeURIComponent(place) : "");
  }

  /* The last step whose day is not after `day` (the first step before the timeline). */
  function stepAt(steps, day) {
    var lo = 0, hi = steps.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (steps[mid].day <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return steps[found];
  }

  function periodAt(store, day) {
    var found = null;
    store.periods.forEach(function (p) { if (p.start <= day && day <= p.end) { found = p; } });
    return found;
  }

  function graphDiv() { return document.querySelector("#map .js-plotly-plot"); }

  function traceIndex(gd, uid) {
    for (var i = 0; i < gd.data.length; i++) { if (gd.data[i].uid === uid) { return i; } }
    return -1;
  }

  var latest = null, retry = null;
  // plotly's ids for the districts trace (uid "districts") in the MapLibre style.
  var SOURCE = "source-districts";
  var FILL_LAYER = "plotly-trace-layer-districts-fill";

  function mapOf(gd) {
    try {
      var sub = gd._fullLayout.map._subplot;
      return sub && sub.map && sub.map.getLayer(FILL_LAYER) ? sub.map : null;
    } catch (e) {
      return null;
    }
  }

  /* plotly resets its layers' paint and layout whenever it redraws a trace (restyle, relayout,
   * resize): set the figure's overrides (figures.map_style_overrides: feature-state colours,
   * fewer drawing passes) where they are not in place. */
  function ensureStyle(gd, map) {
    var overrides = (gd.layout.meta && gd.layout.meta.style_overrides) || [];
    overrides.forEach(function (o) {
      var layer = o[0], paint = o[1] === "paint", prop = o[2], value = o[3];
      if (!map.getLayer(layer)) { return; }
      var current = paint ? map.getPaintProperty(layer, prop) : map.getLayoutProperty(layer, prop);
      if (JSON.stringify(current) === JSON.stringify(value)) { return; }
      if (paint) { map.setPaintProperty(layer, prop, value); }
      else { map.setLayoutProperty(layer, prop, value); }
    });
  }

  /* The first view shows the twelve districts whatever the map's size (a phone is narrower than
   * the laptop frame the figure's zoom suits). Done once per map, before any user move, and
   * written back to the layout as plotly does after a drag, so plotly's later redraws, the
   * reset button and uirevision keep this view instead of the figure's. */
  var FIT_PADDING = 12;
  function fitDistricts(gd, map) {
    if (gd.dataset.atlasFitted) { return; }
    gd.dataset.atlasFitted = "1";
    var b = gd.layout.meta && gd.layout.meta.focus_bounds;
    var cam = b && map.cameraForBounds([[b[0], b[1]], [b[2], b[3]]], { padding: FIT_PADDING });
    if (!cam) { return; }
    var view = map.getBounds(), to = cam.center;
    if (view.contains([b[0], b[1]]) && view.contains([b[2], b[3]]) &&
        cam.zoom - map.getZoom() < 0.25) { return; }  // already all in view, not far too small
    map.jumpTo({ center: to, zoom: cam.zoom });
    var full = gd._fullLayout.map;
    [gd.layout.map, full].forEach(function (m) {
      m.center = { lon: to.lng, lat: to.lat };
      m.zoom = cam.zoom;
    });
    full._subplot.viewInitial = {
      center: { lon: to.lng, lat: to.lat }, zoom: cam.zoom, bearing: 0, pitch: 0
    };
  }

  /* The towns as HTML markers on the map (MapLibre's Marker keeps each on its point): buttons a
   * keyboard reaches, labels that never drop out, and no GL layers for the first load to tile
   * and compile. A click or Enter opens the town's reading panel. */
  var townMaps = new WeakSet();
  function addTowns(gd, map, store) {
    if (townMaps.has(map) || !store.towns) { return; }
    townMaps.add(map);
    store.towns.forEach(function (t) {
      var town = document.createElement("button"), label = document.createElement("span");
      town.type = "button";
      town.className = "town";
      town.dataset.place = t.id;
      town.dataset.side = t.side;
      town.title = t.hover;
      label.className = "town-label";
      label.textContent = t.name;
      town.appendChild(label);
      town.addEventListener("click", function (e) {
        e.stopPropagation();  // not a click on the district underneath
        window.dash_clientside.set_props("selected-place", { data: t.id });
      });
      town.addEventListener("mousemove", function (e) { e.stopPropagation(); });
      town.addEventListener("mouseenter", function () { window.Plotly.Fx.unhover(gd); });
      town.setAttribute("aria-label", t.name + ", town");  // else MapLibre names it "Map marker"
      new window.maplibregl.Marker({ element: town }).setLngLat([t.lon, t.lat]).addTo(map);
    });
    markTown(shown.place);
  }

  /* The selected place's town marker stands out. */
  function markTown(place) {
    document.querySelectorAll(".town").forEach(function (town) {
      town.classList.toggle("selected", town.dataset.place === place);
    });
  }

  /* Keep the trace's own arrays in step (hover reads `text`; a later plotly redraw reads `z` and
   * the line arrays), without a restyle: a restyle would rebuild every map layer. */
  function record(trace, i, s) {
    trace.z[i] = s.code;
    trace.text[i] = s.hover;
    trace.marker.line.color[i] = s.line;
    trace.marker.line.width[i] = s.width;
  }

  /* Colour the districts for `day`; a day already painted on this map is skipped unless
   * `again` (plotly redrew its layers). */
  function paint(store, day, again) {
    latest = { store: store, day: day };
    var gd = graphDiv();
    var map = gd && mapOf(gd);
    if (!map) {
      if (retry === null) {
        retry = setTimeout(function () { retry = null; paint(latest.store, latest.day); }, 50);
      }
      return;
    }
    var idx = traceIndex(gd, "districts");
    if (idx < 0) { return; }
    if (!gd.dataset.atlasHooked) {
      gd.dataset.atlasHooked = "1";
      gd.on("plotly_afterplot", function () {
        if (latest) { paint(latest.store, latest.day, true); }
      });
    }
    fitDistricts(gd, map);
    addTowns(gd, map, store);
    if (!again && gd.dataset.paintedDay === String(day)) { return; }
    if (again || !gd.dataset.paintedDay) { ensureStyle(gd, map); }  // after plotly's (re)draws
    var trace = gd.data[idx], full = gd._fullData[idx];
    trace.customdata.forEach(function (custom, i) {
      var s = stepAt(store.districts[custom[0]], day);
      map.setFeatureState({ source: SOURCE, id: trace.locations[i] },
        { fill: store.colours[s.code], line: s.line, width: s.width });
      record(trace, i, s);
      if (full && full !== trace) { record(full, i, s); }
    });
    gd.dataset.paintedDay = String(day);
  }

  /* The strip's event ticks (figures.strip_ticks), drawn once; labels go in as text. */
  function drawTicks(store) {
    var box = document.getElementById("strip-ticks");
    if (!box || box.childElementCount || !store.ticks) { return; }
    box.replaceChildren.apply(box, store.ticks.map(function (t) {
      var tick = document.createElement("button");
      tick.type = "button";
      tick.className = t.colour ? "strip-tick" : "strip-tick milestone";
      tick.dataset.day = String(t.day);
      tick.style.left = t.left + "%";
      if (t.colour) { tick.style.background = t.colour; }
      tick.title = t.label;
      tick.setAttribute("aria-label", t.label);
      return tick;
    }));
  }

  /* The map follows the slider from the moment its value reaches Dash's store (where a drag and
   * dash_clientside.set_props both land), and draws that frame at once: the GPU works on it
   * while Dash spends the next ~20 ms on its callbacks, which would otherwise hold the frame
   * back. `follow` then finds the day painted. window.dash_stores is Dash's store but not a
   * documented API: without it, `follow` alone paints, later. */
  var watched = null;
  function watchSlider() {
    var dash = window.dash_stores && window.dash_stores[0];
    if (!dash || watched === dash) { return; }
    watched = dash;
    dash.subscribe(function () {
      var state = dash.getState(), path = state.paths && state.paths.strs["date-slider"];
      var node = state.layout;
      for (var i = 0; path && node && i < path.length; i++) { node = node[path[i]]; }
      var day = node && node.props && node.props.value;
      if (!latest || typeof day !== "number" || day === latest.day) { return; }
      paint(latest.store, day);
      var map = mapOf(graphDiv());
      if (map && map.isStyleLoaded()) {
        map.redraw();
        var canvas = map.getCanvas(), gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
        if (gl) { gl.flush(); }  // hand the frame to the GPU now, not when Dash's work is done
      }
    });
  }

  /* The state table's rows, written straight into its <tbody> (as text): twelve rows of Dash
   * components would cost a store update per cell whenever a step crosses an event. Dash never
   * renders children into this element, so React leaves these rows alone. */
  function fillTable(store, steps) {
    var body = document.getElementById("state-table-body");
    if (!body) { return; }
    var rows = store.order.map(function (id, i) {
      var s = steps[i], tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = store.names[id];
      tr.appendChild(th);
      [s.controller, s.since].forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }

  function triggeredId() {
    var ctx = window.dash_clientside.callback_context;
    if (!ctx || !ctx.triggered || !ctx.triggered.length) { return null; }
    var prop = ctx.triggered[0].prop_id;
    return prop.slice(0, prop.lastIndexOf("."));
  }

  function nextEventDay(store, day) {  // store.event_days: sorted, each day once
    var days = store.event_days;
    for (var i = 0; i < days.length; i++) { if (days[i] > day) { return days[i]; } }
    return null;
  }

  function previousEventDay(store, day) {
    var days = store.event_days;
    for (var i = days.length - 1; i >= 0; i--) { if (days[i] < day) { return days[i]; } }
    return null;
  }

  /* Where the chips are one scrolling row (phones), scroll the current period's chip into the
   * row's view; the row only, never the page. */
  function revealActiveChip() {
    var row = document.getElementById("period-chips");
    var chip = row && row.querySelector(".chip.active");
    if (!chip || row.scrollWidth <= row.clientWidth) { return; }
    var left = chip.offsetLeft - row.offsetLeft, right = left + chip.offsetWidth;
    if (left < row.scrollLeft || right > row.scrollLeft + row.clientWidth * 0.85) {
      row.scrollLeft = Math.max(0, left - 8);
    }
  }

  /* The reading panel's key: a new key (a server refresh) when the place or the period changes;
   * within a period, the exact day once the slider rests. */
  function panelKey(day, place, period, previous) {
    clearTimeout(panelTimer);
    if (!place) { return noUpdate(); }
    var key = { place: place, period: period ? period.id : null, date: isoDate(day) };
    if (previous && previous.place === place && previous.period === key.period) {
      if (previous.date !== key.date) {
        panelTimer = setTimeout(function () {
          window.dash_clientside.set_props("panel-key", { data: key });
        }, PANEL_REST_MS);
      }
      return noUpdate();
    }
    return key;
  }

  /* ?date=…&place=… in the address bar without reloading or adding history entries, once the
   * slider rests (replaceState at every step of a drag is slow). */
  function syncUrlSoon(day, place) {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(function () {
      var query = atlasQuery(day, place);
      if (window.location.pathname === "/" && window.location.search !== query) {
        window.history.replaceState(window.history.state, "", "/" + query);
      }
    }, URL_REST_MS);
  }

  // A strip tick or a period chip moves the slider to its day. One listener for all of them: as
  // Dash inputs with pattern-matching ids, they cost Dash work on every store update.
  document.addEventListener("click", function (e) {
    var target = e.target.closest && e.target.closest(".strip-tick[data-day], .chip[data-day]");
    if (target && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("date-slider", { value: Number(target.dataset.day) });
    }
  });

  /* The current period's chip stands out (and says so to screen readers). The chips' className
   * prop never changes, so React leaves the class set here. */
  function markChip(store, periodId) {
    var period = periodId === null ? null : store.periods.filter(function (p) {
      return p.id === periodId;
    })[0];
    document.querySelectorAll("#period-chips .chip").forEach(function (chip) {
      var on = !!period && chip.dataset.day === String(period.start);
      chip.classList.toggle("active", on);
      if (on) { chip.setAttribute("aria-current", "true"); }
      else { chip.removeAttribute("aria-current"); }
    });
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.atlas = {
    /* Everything the slider's date and the selected place drive, in one callback with as few
     * outputs as a step needs (each output is a Dash store update, and those, not the map, were
     * most of a slider step's cost): map colours and hover (feature state), the state table,
     * the strip cursor, the active period chip and the selected town (written into the page),
     * "8 November 2020 — 44-day war", the slider's spoken value, the reading panel's key and,
     * once the slider rests, the address bar. */
    follow: function (day, place, store, previousKey) {
      if (day === undefined || day === null || !store) {
        return [noUpdate(), noUpdate()];
      }
      if (place !== shown.place) {
        shown.place = place;
        markTown(place);
      }
      paint(store, day);
      watchSlider();
      drawTicks(store);
      var steps = store.order.map(function (id) { return stepAt(store.districts[id], day); });
      var rowsKey = steps.map(function (s) { return s.day; }).join();
      if (rowsKey !== shown.rows || !document.querySelector("#state-table-body tr")) {
        shown.rows = rowsKey;
        fillTable(store, steps);
      }
      var period = periodAt(store, day);
      var label = dateWords(day) + (period ? " — " + period.name : "");
      var cursor = document.getElementById("strip-cursor");  // Dash never re-renders it
      if (cursor) {
        cursor.style.left = (100 * (day - store.first) / Math.max(1, store.last - store.first))
          .toFixed(3) + "%";
      }
      var thumb = document.querySelector("#date-slider [role=slider]");
      if (thumb) { thumb.setAttribute("aria-valuetext", label); }
      var periodId = period ? period.id : null;
      if (periodId !== shown.period) {
        shown.period = periodId;
        markChip(store, periodId);
        setTimeout(revealActiveChip, 0);
      }
      syncUrlSoon(day, place);
      return [label, panelKey(day, place, period, previousKey)];
    },

    /* Play/pause, previous/next event, link -> slider value (strip ticks and period chips: the
     * click listener above). */
    navigate: function (prevClicks, nextClicks, intervals, playClicks,
                        urlState, day, timerDisabled, store) {
      var trigger = triggeredId();
      var stop = [noUpdate(), true, "▶ Play", "false"];
      if (!store || trigger === null) { return [noUpdate(), noUpdate(), noUpdate(), noUpdate()]; }
      if (trigger === "url-state") {
        if (!urlState || urlState.day === null || urlState.day === undefined) {
          return [noUpdate(), noUpdate(), noUpdate(), noUpdate()];
        }
        return [urlState.day, noUpdate(), noUpdate(), noUpdate()];
      }
      if (trigger === "play") {
        if (!timerDisabled) { return stop; }
        var start = nextEventDay(store, day) === null ? store.first : day;
        return [start, false, "❚❚ Pause", "true"];
      }
      if (trigger === "play-timer") {
        var next = nextEventDay(store, day);
        if (next === null) { return [store.last, true, "▶ Play", "false"]; }
        return [next, noUpdate(), noUpdate(), noUpdate()];
      }
      var target = null;
      if (trigger === "prev-event") { target = previousEventDay(store, day); }
      if (trigger === "next-event") { target = nextEventDay(store, day); }
      if (target === null) { return [noUpdate(), noUpdate(), noUpdate(), noUpdate()]; }
      return [target, noUpdate(), noUpdate(), noUpdate()];
    },

    /* A click on a district polygon, or the link's place -> selected place (a town marker sets
     * it itself). */
    select: function (clickData, urlState) {
      var trigger = triggeredId();
      if (trigger === "url-state") {
        return urlState && urlState.place ? urlState.place : noUpdate();
      }
      if (!clickData || !clickData.points || !clickData.points.length) { return noUpdate(); }
      var point = clickData.points[0];  // a district's place id is its customdata[0]
      if (point.customdata && point.customdata.length) { return point.customdata[0]; }
      return noUpdate();
    },

    /* /document/<id> shows the full document (its back link returns to the same date and place);
     * every other path shows the atlas. */
    route: function (pathname, day, place) {
      var isDocument = !!pathname && pathname.indexOf("/document/") === 0;
      var back = day === undefined || day === null ? "/" : "/" + atlasQuery(day, place);
      return [isDocument, !isDocument, isDocument ? back : noUpdate()];
    },

    /* Scroll the highlighted passage of the full document into view. */
    scrollToMark: function (children) {
      setTimeout(function () {
        var mark = document.querySelector("#document-content mark");
        if (mark) { mark.scrollIntoView({ block: "center" }); }
      }, 30);
      return noUpdate();
    }
  };
})();
