"""The address bar: ``?date=2020-11-08&place=AZ-SUS`` opens that view; bad values get a notice.

Reading the link is a server callback (dates and places are validated by geodata); writing it
back as the user moves is clientside (``follow`` in assets/atlas.js: ``history.replaceState``, no
reload, no history spam).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import dash
from dash import ClientsideFunction, Input, Output, State

from dashboard.payload import FIRST_DATE, day_number
from geodata import gazetteer, timeline
from geodata.errors import AtlasError


def read_query(search: str | None, today: dt.date | None = None) -> tuple[dict, list[str]]:
    """``(state, problems)`` for a query string: state has ``day`` and ``place`` (or None)."""
    today = today or dt.date.today()
    query = parse_qs((search or "").lstrip("?"))
    state: dict = {"day": None, "place": None}
    problems = []
    if "date" in query:
        raw = query["date"][0]
        try:
            day = timeline.parse_date(raw)
        except (AtlasError, ValueError, TypeError):
            problems.append(f"“{raw}” is not a date (use YYYY-MM-DD)")
        else:
            if FIRST_DATE <= day <= today:
                state["day"] = day_number(day)
            else:
                problems.append(f"“{raw}” is outside {FIRST_DATE.isoformat()} to today")
    if "place" in query:
        raw = query["place"][0]
        place = gazetteer.resolve(raw)
        if place is None or place.context:
            problems.append(f"“{raw}” is not a place on this map")
        else:
            state["place"] = place.id
    return state, problems


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("url-state", "data"),
        Output("notice", "children"),
        Output("notice", "hidden"),
        Input("url", "pathname"),
        Input("url", "search"),
        State("notice", "hidden"),
    )
    def apply_link(pathname, search, notice_hidden):
        # a plain address leaves the page as the layout has it: at first load, no chain of
        # callbacks (slider, place, notice) runs only to change nothing
        plain = not search and notice_hidden is not False
        if plain or (pathname and pathname.startswith("/document/")):
            return dash.no_update, dash.no_update, dash.no_update
        state, problems = read_query(search)
        if not problems:
            return state, "", True
        return state, "Ignored in this link: " + "; ".join(problems) + ".", False

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="route"),
        Output("app-main", "hidden"),
        Output("document-view", "hidden"),
        Output("document-back", "href"),
        Input("url", "pathname"),
        State("date-slider", "value"),
        State("selected-place", "data"),
    )
