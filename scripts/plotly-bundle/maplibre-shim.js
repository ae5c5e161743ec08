// plotly.js 4 asks for MapLibre 6, whose worker it inlines as a 0.5 MB string repeating code that
// MapLibre's main bundle already has. assets/maplibre-gl.js (MapLibre 5, unmodified) carries its
// worker inside the one file (a blob, as worker-src allows) and defines window.maplibregl before
// this bundle runs; these are the parts of its API that plotly.js uses.
let AtlasMap = null;

// MapLibre's two web workers start as this bundle runs, before Dash's scripts: each spends
// ~0.2 s evaluating MapLibre, which the map's set-up would otherwise wait for.
window.maplibregl.setWorkerCount(2);
window.maplibregl.prewarm();

module.exports = {
    get Map() {
        AtlasMap =
            AtlasMap ||
            class extends window.maplibregl.Map {
                // The first frame is drawn once the figure is all there: without a GPU, each
                // frame drawn costs the page a read-back of the whole canvas, and the first
                // load drew five or six empty or half-tiled frames before the districts. The
                // container then gets the class atlas-drawn (assets/atlas.css shows the town
                // markers from then on). A source that fails still counts as loaded; an error
                // asks for a frame, so the gate looks again.
                // No sky pass: it shows only above the horizon, which a map pitched at most
                // 60 degrees never has in view, and its shader cost the first frame ~40 ms.
                // Both are set on each painter MapLibre makes (again after a lost GL context).
                constructor(options) {
                    super(options);
                    this.on("error", () => this.triggerRepaint());
                }

                _setupPainter() {
                    super._setupPainter();
                    const painter = this.painter;
                    painter.drawFunctions = { ...painter.drawFunctions, sky: () => {} };
                    const draw = painter.render.bind(painter);
                    let complete = false;
                    painter.render = (style, parameters) => {
                        if (!complete && this._atlasComplete(style)) {
                            complete = true;
                            this.getContainer().classList.add("atlas-drawn");
                        }
                        if (complete) {
                            draw(style, parameters);
                        } else {
                            painter.style = style; // where tiles arriving meanwhile find their layers
                        }
                    };
                }

                // Every source tiled and every layer the atlas styles (style_overrides) of a
                // visible trace added: plotly.js adds its trace layers only after the map's own
                // style has loaded, and none for a trace it hides (no locations, say).
                _atlasComplete(style) {
                    const gd = this._atlasGraph();
                    const traces = (gd && gd._fullData) || [];
                    const shown = traces.filter((t) => t.visible === true).map((t) => t.uid);
                    const uid = (layerId) => layerId.replace(/^plotly-trace-layer-(.*)-\w+$/, "$1");
                    return (
                        style.loaded() &&
                        this._atlasOverrides()
                            .filter(([id]) => shown.includes(uid(id)))
                            .every(([id]) => style.getLayer(id) !== undefined)
                    );
                }

                _atlasGraph() {
                    return this.getContainer().closest(".js-plotly-plot");
                }

                _atlasOverrides() {
                    const gd = this._atlasGraph();
                    const meta = gd && gd.layout && gd.layout.meta;
                    return (meta && meta.style_overrides) || [];
                }

                // Each layer starts with the atlas's own properties for it (the figure's
                // layout.meta.style_overrides, which assets/atlas.js applies again after each
                // plotly redraw): set after plotly's addLayer, they made MapLibre tile the
                // districts a second time during the first load.
                addLayer(layer, before) {
                    for (const [id, kind, property, value] of this._atlasOverrides()) {
                        if (id === layer.id) {
                            layer[kind] = { ...layer[kind], [property]: value };
                        }
                    }
                    return super.addLayer(layer, before);
                }

                // MapLibre 6's hook for icons missing from the style, which plotly.js fills from
                // a CDN (maki icons for symbol markers): the atlas uses none and asks no other
                // host.
                setMissingStyleImageResolver() {
                    return this;
                }
            };
        return AtlasMap;
    },
    get AttributionControl() {
        return window.maplibregl.AttributionControl;
    },
    get LngLat() {
        return window.maplibregl.LngLat;
    },
    setWorkerUrl: () => {} // MapLibre 5 sets its own
};
