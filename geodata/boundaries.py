"""District polygons: the committed ``data/boundaries.geojson`` layer (built by ``geodata.build``).

Features: every Azerbaijani district (``id`` = ISO 3166-2:AZ code, ``country`` "AZ", ``focus``
true for the twelve districts of the map) and one grey outline of Armenia (``id`` "AM").
Properties: ``id``, ``name``, ``name_az``, ``focus``, ``country``. The collection's top-level
``attribution`` member credits geoBoundaries (CC BY 4.0).
"""

from __future__ import annotations

import functools
import json
import math

from geodata.config import package_data
from geodata.errors import DataError

FILE_NAME = "boundaries.geojson"


@functools.lru_cache(maxsize=1)
def boundaries_geojson() -> dict:
    """The layer as a parsed GeoJSON FeatureCollection (parsed once; shared, do not mutate)."""
    path = package_data(FILE_NAME)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{FILE_NAME}: cannot read: {exc}") from exc
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError(f"{FILE_NAME}: not a GeoJSON FeatureCollection")
    return doc


def load_boundaries():
    """The layer as a ``geopandas.GeoDataFrame`` in EPSG:4326, one row per feature."""
    import geopandas as gpd

    features = boundaries_geojson()["features"]
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


@functools.lru_cache(maxsize=1)
def _district_index():
    import shapely
    from shapely.geometry import shape

    features = sorted(
        (f for f in boundaries_geojson()["features"] if f["properties"]["country"] == "AZ"),
        key=lambda f: f["properties"]["id"],
    )
    ids = [f["properties"]["id"] for f in features]
    geoms = [shape(f["geometry"]) for f in features]
    return shapely.STRtree(geoms), ids


def district_at(lon: float, lat: float) -> str | None:
    """ISO code of the Azerbaijani district containing the point, or ``None`` outside them all.

    A point exactly on a shared border gets the alphabetically first code.
    """
    from shapely import Point

    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    tree, ids = _district_index()
    hits = tree.query(Point(lon, lat), predicate="intersects")
    return min((ids[i] for i in hits), default=None)
