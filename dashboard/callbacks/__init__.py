"""Dash callbacks, one module per feature."""
