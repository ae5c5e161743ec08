"""Start the app: Flask's threaded server for one user, gunicorn workers in production."""

from __future__ import annotations

import ipaddress
import os
import socket

from geodata.config import ENV_DATA_DIR
from geodata.errors import AtlasError


def is_loopback(host: str) -> bool:
    """True when every address ``host`` resolves to is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def serve(
    host: str = "127.0.0.1",
    port: int = 8050,
    debug: bool = False,
    production: bool = False,
    workers: int = 2,
    data_dir: str | None = None,
) -> int:
    if data_dir:
        os.environ[ENV_DATA_DIR] = str(data_dir)
    if debug and production:
        raise AtlasError("--debug and --production cannot be combined")
    if debug and not is_loopback(host):
        raise AtlasError(f"--debug refuses to bind to the non-loopback address {host!r}")
    url = f"http://{host}:{port}/"
    if production:
        return _gunicorn(host, port, workers, url)
    from dashboard.app import create_app

    app = create_app()
    print(f"Karabakh Atlas is serving on {url}  (Ctrl+C to stop)", flush=True)
    app.run(host=host, port=port, debug=debug, dev_tools_ui=debug, dev_tools_hot_reload=False)
    return 0


def _gunicorn(host: str, port: int, workers: int, url: str) -> int:
    from gunicorn.app.base import BaseApplication

    class Atlas(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{host}:{port}",
                "workers": max(1, workers),
                "preload_app": True,
                "limit_request_line": 8190,
                "limit_request_fields": 100,
                "limit_request_field_size": 8190,
                "accesslog": os.environ.get("KARABAKH_ATLAS_ACCESS_LOG"),
            }
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            from dashboard.app import create_app

            return create_app().server

    print(f"Karabakh Atlas (gunicorn, {workers} workers) is serving on {url}", flush=True)
    Atlas().run()
    return 0
