"""Karabakh Atlas web app (Dash): map, timeline slider and reading panel."""
