"""HTTP hardening for the Flask server under Dash: security headers and request size limits."""

from __future__ import annotations

import os

import dash
import flask

DEFAULT_MAX_REQUEST_BYTES = 1_000_000


def content_security_policy(app: dash.Dash) -> str:
    """Only the app's own origin; inline scripts only by the hashes Dash itself renders.

    MapLibre runs its worker from a ``blob:`` URL, hence ``worker-src blob:``. No ``'unsafe-eval'``:
    the partial plotly.js bundle in assets/ (which replaces plotly's full one) needs none.
    """
    hashes = " ".join(app.csp_hashes())  # already quoted: 'sha256-…'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def harden(app: dash.Dash) -> None:
    """Add security headers to every response and cap the request body size."""
    server: flask.Flask = app.server
    limit = int(os.environ.get("KARABAKH_ATLAS_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))
    server.config["MAX_CONTENT_LENGTH"] = limit
    headers = {
        "Content-Security-Policy": content_security_policy(app),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Opener-Policy": "same-origin",
    }

    @server.after_request
    def _add_headers(response: flask.Response) -> flask.Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
