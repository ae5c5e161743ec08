"""Load test: 50 simulated users against gunicorn on 127.0.0.1 for 60 s (bounded, stops by itself).

Each user first loads the page as a browser does on a first visit (the HTML, every script and
stylesheet it names, ``/_dash-layout``, ``/_dash-dependencies`` and the page's initial server
callback), then alternates, with a think time, between
- clicking a district or town: the reading-panel callback, posted with the same JSON body the
  browser sends (built from ``/_dash-dependencies`` and the layout's current values), and
- moving the slider: the map is recoloured in the browser, so this sends nothing, except when a
  place is selected: then the panel is refreshed (the same callback) for the new date, at once
  when the period changes, else once the slider rests (``panelKey`` in assets/atlas.js); the
  think times here are long enough for it to rest.
Reports requests/s, p50/p95/p99 of the reading-panel callback, errors, and the server's memory.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench import servers
from bench.results import Figure

USERS = 50
THINK_S = (0.2, 0.8)
MAX_REQUESTS_PER_USER = 20_000
PANEL_OUTPUT = "panel-content.children"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # reading-panel callback, seconds
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float | None, error: str | None = None, panel: bool = False) -> None:
        with self.lock:
            self.requests += 1
            if error:
                self.errors.append(error)
            elif panel:
                self.latencies.append(seconds)


def _find(layout, component_id: str) -> dict | None:
    """The props of the component with ``component_id`` in a /_dash-layout tree."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == component_id:
                return props
            stack.extend(v for v in props.values() if isinstance(v, dict | list))
    return None


def callback_body(dependencies: list, layout: dict, output: str, changed: dict) -> dict:
    """The JSON body the browser posts for the callback writing ``output``.

    ``changed`` maps ``"id.prop"`` to the new value; other inputs and states take the layout's.
    """
    spec = next(d for d in dependencies if d["output"] == output)
    outputs = [o.rsplit(".", 1) for o in output.strip(".").split("...")]

    def items(deps):
        out = []
        for dep in deps:
            key = f"{dep['id']}.{dep['property']}"
            if key in changed:
                value = changed[key]
            else:
                value = (_find(layout, dep["id"]) or {}).get(dep["property"])
            out.append({"id": dep["id"], "property": dep["property"], "value": value})
        return out

    described = [{"id": i, "property": p} for i, p in outputs]
    body = {
        "output": output,
        "outputs": described if output.startswith("..") else described[0],
        "inputs": items(spec["inputs"]),
        "changedPropIds": list(changed),
        "parsedChangedPropsIds": list(changed),
    }
    if spec.get("state"):
        body["state"] = items(spec["state"])
    return body


def _places_and_periods() -> tuple[list[str], list[dict], int, int]:
    from dashboard import payload

    data = payload.build_payload()
    towns = [t["id"] for t in payload.map_towns()]
    return data["order"] + towns, data["periods"], data["first"], data["last"]


def _period_at(periods: list[dict], day: int) -> str | None:
    found = None
    for p in periods:
        if p["start"] <= day <= p["end"]:
            found = p["id"]
    return found


class User(threading.Thread):
    def __init__(self, number, url, deadline, tally, dependencies, layout, world):
        super().__init__(daemon=True, name=f"user-{number}")
        self.rng = random.Random(number)
        self.host, self.port = url.removeprefix("http://").split(":")
        self.deadline, self.tally = deadline, tally
        self.dependencies, self.layout = dependencies, layout
        self.places, self.periods, self.first, self.last = world
        self.conn = http.client.HTTPConnection(self.host, int(self.port), timeout=30)

    def request(self, method, path, body=None, panel=False) -> bytes:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.will_close:
                self.conn.close()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.tally.add(None, f"{method} {path}: {exc!r}")
            return b""
        error = None if response.status == 200 else f"{method} {path}: HTTP {response.status}"
        self.tally.add(time.perf_counter() - began, error, panel)
        return data

    def panel(self, place: str, day: int) -> None:
        import datetime as dt

        key = {
            "place": place,
            "period": _period_at(self.periods, day),
            "date": (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat(),
        }
        body = callback_body(self.dependencies, self.layout, PANEL_OUTPUT, {"panel-key.data": key})
        self.request("POST", "/_dash-update-component", json.dumps(body), panel=True)

    def load_page(self) -> None:
        page = self.request("GET", "/").decode("utf-8", "replace")
        for asset in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', page):
            self.request("GET", asset)
        self.request("GET", "/_dash-layout")
        self.request("GET", "/_dash-dependencies")
        link = next(d["output"] for d in self.dependencies if "url-state.data" in d["output"])
        changed = {"url.pathname": "/", "url.search": ""}
        body = callback_body(self.dependencies, self.layout, link, changed)
        self.request("POST", "/_dash-update-component", json.dumps(body))

    def run(self) -> None:
        if time.monotonic() < self.deadline:
            self.load_page()
        place, day, sent = None, self.last, 0
        while time.monotonic() < self.deadline and sent < MAX_REQUESTS_PER_USER:
            time.sleep(self.rng.uniform(*THINK_S))
            if place is None or self.rng.random() < 0.5:
                place = self.rng.choice(self.places)
                self.panel(place, day)
                sent += 1
            else:
                day = self.rng.randint(self.first, self.last)
                self.panel(place, day)
                sent += 1
        self.conn.close()


def _get_json(url: str, path: str):
    import urllib.request

    with urllib.request.urlopen(url + path, timeout=30) as response:
        return json.loads(response.read())


def run_load(url: str, seconds: float, users: int = USERS) -> dict:
    """Run the users against ``url`` for ``seconds``; returns the tallies."""
    dependencies = _get_json(url, "/_dash-dependencies")
    layout = _get_json(url, "/_dash-layout")
    if not any(d["output"] == PANEL_OUTPUT for d in dependencies):
        raise RuntimeError(
            f"no server callback writes {PANEL_OUTPUT} any more: update bench/load.py"
        )
    world = _places_and_periods()
    _check_panel(url, dependencies, layout, world[1])
    tally = Tally()
    began = time.monotonic()
    deadline = began + seconds
    crowd = [User(i, url, deadline, tally, dependencies, layout, world) for i in range(users)]
    for user in crowd:
        user.start()
    for user in crowd:
        user.join(timeout=max(1.0, deadline - time.monotonic() + 40))
    elapsed = time.monotonic() - began
    return {"tally": tally, "seconds": elapsed, "stuck": sum(u.is_alive() for u in crowd)}


def _check_panel(url: str, dependencies: list, layout: dict, periods: list[dict]) -> None:
    """One real click (Shusha, 8 November 2020) must come back as a panel with passages."""
    import urllib.request

    key = {"place": "AZ-SUS", "period": _period_at(periods, 18574), "date": "2020-11-08"}
    body = callback_body(dependencies, layout, PANEL_OUTPUT, {"panel-key.data": key})
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    if "Shusha" not in text or "Cannot show" in text:
        raise RuntimeError(f"the reading-panel request did not return a panel: {text[:300]}")


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(quick: bool = False, workers: int = 2) -> list[Figure]:
    """The load test against ``karabakh-atlas serve --production`` with ``workers`` workers."""
    seconds = 15 if quick else 60
    port = servers.free_port()
    with servers.running(servers.atlas_command(port, workers), port) as (url, proc):
        idle = servers.tree_memory(proc.pid)
        result = run_load(url, seconds)
        loaded = servers.tree_memory(proc.pid)
    tally = result["tally"]
    if result["stuck"]:
        tally.errors.append(f"{result['stuck']} users still running after the deadline")
    ms = [s * 1000 for s in tally.latencies]
    if not ms:
        raise RuntimeError(f"no reading-panel request succeeded: {tally.errors[:3]}")
    rps = tally.requests / result["seconds"]
    panel_rps = len(ms) / result["seconds"]
    for error in tally.errors[:5]:
        print(f"  load error: {error}")
    target = f"{USERS} users, {workers} workers, {seconds} s"
    return [
        Figure(
            "load_requests_per_s", "req/s", [rps], target=f"informational: all requests, {target}"
        ),
        Figure("load_panel_requests_per_s", "req/s", [panel_rps], target="informational"),
        Figure("load_panel_p50", "ms", [_percentile(ms, 50)], target="informational"),
        Figure("load_panel_p95", "ms", [_percentile(ms, 95)], target="informational"),
        Figure("load_panel_p99", "ms", [_percentile(ms, 99)], target="informational"),
        Figure(
            "load_errors",
            "count",
            [len(tally.errors)],
            target="0",
            check=lambda m, _r: m == 0,
        ),
        Figure(
            "server_rss",
            "MB",
            [idle["rss_mb"], loaded["rss_mb"]],
            target=f"informational: summed RSS of {loaded['processes']} processes, idle and loaded",
        ),
        Figure(
            "server_pss",
            "MB",
            [idle["pss_mb"], loaded["pss_mb"]],
            target="informational: summed PSS (shared pages split), idle and loaded",
        ),
    ]
