"""Time controls that move the slider: play/pause, previous/next event, chips, links.

All clientside (assets/atlas.js): moving through time never asks the server. The strip's ticks
and the period chips are no Dash inputs: one click listener in assets/atlas.js moves the slider
to their day.
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="navigate"),
        Output("date-slider", "value"),
        Output("play-timer", "disabled"),
        Output("play", "children"),
        Output("play", "aria-pressed"),
        Input("prev-event", "n_clicks"),
        Input("next-event", "n_clicks"),
        Input("play-timer", "n_intervals"),
        Input("play", "n_clicks"),
        Input("url-state", "data"),
        State("date-slider", "value"),
        State("play-timer", "disabled"),
        State("timeline-store", "data"),
        prevent_initial_call=True,
    )
