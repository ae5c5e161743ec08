// plotly.js 4 asks for MapLibre 6, whose worker it inlines as a 0.5 MB string repeating code that
// MapLibre's main bundle already has. assets/maplibre-gl.js (MapLibre 5, unmodified) carries its
// worker inside the one file (a blob, as worker-src allows) and defines window.maplibregl before
// this bundle runs; these are the parts of its API that plotly.js uses.
let AtlasMap = null;

module.exports = {
    get Map() {
        AtlasMap =
            AtlasMap ||
            class extends window.maplibregl.Map {
                // Labels appear and go without a fade: a fade is 300 ms of extra frames after
                // every slider step, and the atlas's labels never collide-hide anyway.
                // The first frame is drawn once the figure is all there: without a GPU, each
                // frame drawn costs the page a read-back of the whole canvas, and the first
                // load drew five or six empty or half-tiled frames before the districts.
                // No sky pass: it shows only above the horizon, which a map pitched at most
                // 60 degrees never has in view, and its shader cost the first frame ~40 ms.
                constructor(options) {
                    super({ ...options, fadeDuration: 0 });
                    const painter = this.painter;
                    painter.drawFunctions = { ...painter.drawFunctions, sky: () => {} };
                    const draw = painter.render.bind(painter);
                    let complete = false;
                    painter.render = (style, parameters) => {
                        complete = complete || this._atlasComplete(style);
                        if (complete) {
                            draw(style, parameters);
                        } else {
                            painter.style = style; // where tiles arriving meanwhile find their layers
                        }
                    };
                }

                // Every source tiled and every layer the atlas styles (style_overrides) added:
                // plotly.js adds its trace layers only after the map's own style has loaded.
                _atlasComplete(style) {
                    return (
                        style.loaded() &&
                        this._atlasOverrides().every(([id]) => style.getLayer(id) !== undefined)
                    );
                }

                _atlasOverrides() {
                    const gd = this.getContainer().closest(".js-plotly-plot");
                    const meta = gd && gd.layout && gd.layout.meta;
                    return (meta && meta.style_overrides) || [];
                }

                // Each layer starts with the atlas's own properties for it (the figure's
                // layout.meta.style_overrides, which assets/atlas.js applies again after each
                // plotly redraw): set after plotly's addLayer, they made MapLibre tile the
                // districts and the labels a second time during the first load.
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
