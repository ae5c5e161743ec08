"""App factory. ``dashboard.app:server`` is the WSGI app for gunicorn."""

from __future__ import annotations

import dash

from dashboard.security import harden
from geodata.config import mapped_dir


def create_app() -> dash.Dash:
    """Build the Dash app (layout, callbacks, hardening); no state is kept between requests."""
    assets = str(mapped_dir("dashboard.assets", "assets"))
    app = dash.Dash(
        __name__,
        title="Karabakh Atlas",
        assets_folder=assets,
        serve_locally=True,
        update_title=None,
    )
    app.layout = dash.html.Div([dash.html.H1("Karabakh Atlas"), dash.html.P("Loading…")])
    harden(app)
    return app


def __getattr__(name: str):
    if name == "server":
        return create_app().server
    raise AttributeError(name)
