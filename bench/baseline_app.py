"""The naive baseline: the same map figure and data, but every slider step asks the server, which
rebuilds and returns the whole figure (boundaries included) - the pattern of Plotly's own sample
apps. (The atlas's towns, HTML markers that assets/atlas.js adds, are left out.)

It uses the app's partial plotly.js bundle (assets/, without atlas.js and atlas.css), so the
side-by-side comparison measures the update pattern, not the bundle. Serve it with
``gunicorn bench.baseline_app:server``.
"""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboard import figures, payload
from geodata import boundaries
from geodata.config import mapped_dir

# plotly.js prunes the blank style's empty ``sources: {}`` on Plotly.react, and MapLibre then
# rejects the style ("missing required property sources"); an empty source keeps it valid.
STYLE = {
    **figures.BLANK_STYLE,
    "sources": {
        "empty": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}
    },
}


def figure_at(day: int, data: dict, geojson: dict):
    """The whole map figure at ``day``, built from scratch."""
    steps = {d: payload.step_at(s, day) for d, s in data["districts"].items()}
    codes = {d: s["code"] for d, s in steps.items()}
    hover = {d: s["hover"] for d, s in steps.items()}
    figure = figures.base_map_figure(geojson, data["order"], codes, hover)
    figure.update_layout(map_style=STYLE)
    return figure


def create_app() -> dash.Dash:
    data = payload.build_payload()
    geojson = boundaries.boundaries_geojson()
    app = dash.Dash(
        __name__,
        title="Karabakh Atlas (naive baseline)",
        assets_folder=str(mapped_dir("dashboard.assets", "assets")),
        assets_ignore=r"atlas\.(js|css)$",
        serve_locally=True,
        update_title=None,
    )
    app.layout = html.Div(
        [
            dcc.Slider(
                id="date-slider",
                min=data["first"],
                max=data["last"],
                step=1,
                value=data["last"],
                marks=None,
            ),
            dcc.Graph(id="map", style={"height": "70vh"}),
        ]
    )

    @app.callback(Output("map", "figure"), Input("date-slider", "value"))
    def update_map(day):
        return figure_at(day, data, geojson)

    return app


server = create_app().server
