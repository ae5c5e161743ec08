"""Recolour the map, its hover text and the state table at the slider's date (clientside)."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="recolour"),
        Output("state-table-body", "children"),
        Output("map-painted", "data"),
        Input("date-slider", "value"),
        State("timeline-store", "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="select"),
        Output("selected-place", "data"),
        Input("map", "clickData"),
        Input("url-state", "data"),
        prevent_initial_call=True,
    )
