"""Download the state at the slider's date as GeoJSON or CSV (``karabakh-atlas state``'s text)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, ctx

from dashboard.payload import from_day_number
from geodata import timeline

FORMATS = {"download-geojson": "geojson", "download-csv": "csv"}


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("download", "data"),
        Input("download-geojson", "n_clicks"),
        Input("download-csv", "n_clicks"),
        State("date-slider", "value"),
        prevent_initial_call=True,
    )
    def download_state(_geojson, _csv, day):
        fmt = FORMATS.get(ctx.triggered_id)
        if fmt is None or day is None:
            return dash.no_update
        date = from_day_number(day)
        return {
            "content": timeline.render_state(date, fmt),
            "filename": f"karabakh-atlas-state-{date.isoformat()}.{fmt}",
            "type": "application/geo+json" if fmt == "geojson" else "text/csv",
        }
