"""Dash callbacks, one module per feature."""

from __future__ import annotations

import dash


def register_all(app: dash.Dash) -> None:
    """Register every feature's callbacks on ``app``."""
    from dashboard.callbacks import download, map, reading, time, url

    for feature in (time, map, reading, url, download):
        feature.register(app)
