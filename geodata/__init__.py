"""Karabakh Atlas data layer: places, boundaries, source corpus and control timeline.

No Dash imports here; the dashboard and the CLI build on this package. The small public API below
is imported lazily, so ``import geodata`` stays cheap (no pandas, shapely or geopandas).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "load_places": "geodata.gazetteer",
    "get_place": "geodata.gazetteer",
    "resolve": "geodata.gazetteer",
    "resolve_all": "geodata.gazetteer",
    "load_boundaries": "geodata.boundaries",
    "boundaries_geojson": "geodata.boundaries",
    "district_at": "geodata.boundaries",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geodata' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
