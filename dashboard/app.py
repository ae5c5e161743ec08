"""App factory. ``dashboard.app:server`` is the WSGI app for gunicorn."""

from __future__ import annotations

import datetime as dt
import re

import dash
from dash._utils import to_json

from dashboard import figures, layout, payload
from dashboard.callbacks import register_all
from dashboard.security import harden
from geodata import boundaries, gazetteer, sources
from geodata.config import mapped_dir

# "geoBoundaries (https://www.geoboundaries.org/), CC BY 4.0" and "... licensed CC BY 4.0"
_CREDIT = re.compile(
    r"(geoBoundaries|GeoNames) \((https?://[^)\s]+)\),? (?:licensed )?(CC BY [\d.]+)"
)


def map_credits(geojson: dict, gazetteer_credits: dict) -> list[dict]:
    """The map's data credits (``what``, ``who``, ``url``, ``licence``), taken from the data
    files' own attribution fields: the boundaries' and the GeoNames town coordinates'."""
    credits = []
    for what, text in (
        ("Boundaries", geojson.get("attribution", "")),
        ("Towns", gazetteer_credits.get("geonames", "")),
    ):
        found = _CREDIT.search(text)
        if found:
            who, url, licence = found.groups()
            credits.append({"what": what, "who": who, "url": url, "licence": licence})
    return credits


def source_options() -> list[dict]:
    """Checklist options for the reading panel's source filter: every document in the corpus
    index (seeds, then the user's ingested documents, marked "your source")."""
    from geodata.index import open_index

    options = []
    for doc in open_index().documents():
        who = doc["outlet"] if doc["outlet"] != sources.UNKNOWN else doc["author"]
        if doc["title"] != sources.UNKNOWN:
            title = doc["title"]
        elif doc["description"] != sources.UNKNOWN:
            title = doc["description"][:60] + "…"
        else:
            title = doc.get("original_name") or doc["id"]
        label = title if who == sources.UNKNOWN else f"{who}: {title}"
        if doc["origin"] == "user":
            label += " (your source)"
        options.append({"label": label, "value": doc["id"]})
    return options


# Scripts Dash always adds that this page does not need: the DataTable bundle (no DataTable here)
# and Babel's polyfill for old browsers, 99 KB that took ~0.1 s of each first load to evaluate;
# the one part of it that dcc needs, regeneratorRuntime, is assets/regenerator-runtime.js.
_UNNEEDED_SCRIPTS = re.compile(
    r'<script src="[^"]*/(?:dash_table/bundle|deps/polyfill@7)\.[^"]*"></script>\s*'
)
# dcc fetches the code of its Graph and Slider only once the layout has them, one chunk after
# the other; named with the page's scripts, they load with them (webpack then skips the fetch).
# Same folder as dcc's own script, so a path prefix applies to them too.
_DCC_SHARED = re.compile(r'<script src="([^"]*/dcc/)dash_core_components-shared\.[^"]*"></script>')
_DCC_CHUNKS = ("graph", "slider")


def _with_dcc_chunks(match: re.Match) -> str:
    folder = match.group(1)
    return match.group() + "".join(
        f'<script src="{folder}async-{name}.js"></script>' for name in _DCC_CHUNKS
    )


class AtlasDash(dash.Dash):
    """Dash without the scripts the page does not need (``_UNNEEDED_SCRIPTS``), and with its
    layout serialised once by :meth:`freeze_layout` instead of on every page load (211 KB of
    JSON: 20-80 ms of each first load)."""

    _layout_json: str | None = None

    def interpolate_index(self, **kwargs) -> str:
        scripts = _UNNEEDED_SCRIPTS.sub("", kwargs["scripts"])
        kwargs["scripts"] = _DCC_SHARED.sub(_with_dcc_chunks, scripts, count=1)
        return super().interpolate_index(**kwargs)

    def freeze_layout(self) -> None:
        """Serialise the layout now; it is served as it is from then on."""
        self._layout_json = to_json(self.get_layout())

    def serve_layout(self):
        if self._layout_json is None:
            return super().serve_layout()
        return self.backend.make_response(self._layout_json, mimetype="application/json")


def create_app(today: dt.date | None = None) -> dash.Dash:
    """Build the Dash app (layout, callbacks, hardening); no state is kept between requests."""
    assets = str(mapped_dir("dashboard.assets", "assets"))
    app = AtlasDash(
        __name__,
        title="Karabakh Atlas",
        assets_folder=assets,
        serve_locally=True,
        update_title=None,
    )
    data = payload.build_payload(today)
    geojson = boundaries.boundaries_geojson()
    value = data["last"]
    now = {d: payload.step_at(steps, value) for d, steps in data["districts"].items()}
    codes = {d: step["code"] for d, step in now.items()}
    hover = {d: step["hover"] for d, step in now.items()}
    figure = figures.base_map_figure(geojson, data["order"], codes, hover)
    app.layout = layout.page(
        data, figure, value, map_credits(geojson, gazetteer.attribution()), source_options()
    )
    app.freeze_layout()
    register_all(app)
    harden(app)  # last: the CSP hashes cover the final app's inline scripts
    return app


def __getattr__(name: str):
    if name == "server":
        return create_app().server
    raise AttributeError(name)
