"""The slider's date and the selected place on the page, clientside in one callback (see
``follow`` in assets/atlas.js): map colours and hover, state table, date in words, strip cursor,
period chips, the reading panel's key and the address bar. A click selects a place."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="follow"),
        Output("date-label", "children"),
        Output("panel-key", "data"),
        Input("date-slider", "value"),
        Input("selected-place", "data"),
        State("timeline-store", "data"),
        State("panel-key", "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="select"),
        Output("selected-place", "data"),
        Input("map", "clickData"),
        Input("url-state", "data"),
        prevent_initial_call=True,
    )
