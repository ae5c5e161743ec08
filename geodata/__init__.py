"""Karabakh Atlas data layer: places, boundaries, source corpus and control timeline.

No Dash imports here; the dashboard and the CLI build on this package.
"""
