"""Figures and ``bench/results.json``: median/min/max over repeated runs, ratios to the baseline.

Every figure family module returns a list of :class:`Figure`; ``bench.__main__`` writes them with
:func:`write_results` and prints :func:`format_table`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

RESULTS_PATH = Path(__file__).with_name("results.json")
FIGURE_KEYS = (
    "name",
    "median",
    "min",
    "max",
    "unit",
    "baseline_median",
    "ratio",
    "target",
    "meets_target",
)


@dataclass
class Figure:
    """One measured figure: samples from repeated runs, optional baseline samples and a target.

    ``check`` decides ``meets_target`` from ``(median, ratio)``; ``ratio_of`` computes the ratio
    from ``(median, baseline_median)`` (default: baseline / ours, i.e. "times better" for
    lower-is-better figures).
    """

    name: str
    unit: str
    samples: Sequence[float]
    baseline: Sequence[float] | None = None
    target: str | None = None
    check: Callable[[float, float | None], bool] | None = None
    ratio_of: Callable[[float, float], float] | None = None

    def to_dict(self) -> dict:
        if not self.samples:
            raise ValueError(f"figure {self.name!r} has no samples")
        median = statistics.median(self.samples)
        base = statistics.median(self.baseline) if self.baseline else None
        ratio = None
        if base is not None:
            ratio = (self.ratio_of or times_lower)(median, base)
        return {
            "name": self.name,
            "median": _round(median),
            "min": _round(min(self.samples)),
            "max": _round(max(self.samples)),
            "unit": self.unit,
            "baseline_median": _round(base),
            "ratio": _round(ratio),
            "target": self.target,
            "meets_target": None if self.check is None else bool(self.check(median, ratio)),
        }


def times_lower(ours: float, baseline: float) -> float:
    """How many times lower ours is than the baseline; an ours of 0 counts as 1 (a lower bound)."""
    return baseline / ours if ours > 0 else baseline


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(value, 4 if abs(value) < 10 else 2)


def machine() -> str:
    """CPU model, cores, RAM and Python version, e.g. "AMD EPYC, 2 cores, 23.4 GB RAM, ..."."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f", {kib / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{model}, {os.cpu_count()} cores{ram}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def results_document(figures: Sequence[Figure]) -> dict:
    """The results.json document for ``figures``."""
    return {
        "machine": machine(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "figures": [f.to_dict() for f in figures],
    }


def validate(document: dict) -> None:
    """Raise ValueError unless ``document`` has exactly the results.json shape."""
    if set(document) != {"machine", "date", "figures"}:
        raise ValueError(f"top-level keys must be machine, date, figures: {sorted(document)}")
    if not isinstance(document["figures"], list):
        raise ValueError("figures must be a list")
    for entry in document["figures"]:
        if tuple(entry) != FIGURE_KEYS:
            raise ValueError(f"figure keys must be {FIGURE_KEYS}: {tuple(entry)}")
        for key in ("median", "min", "max"):
            if not isinstance(entry[key], int | float):
                raise ValueError(f"{entry['name']}: {key} must be a number")
        if not entry["min"] <= entry["median"] <= entry["max"]:
            raise ValueError(f"{entry['name']}: min <= median <= max does not hold")
        if entry["meets_target"] not in (True, False, None):
            raise ValueError(f"{entry['name']}: meets_target must be true, false or null")


def write_results(figures: Sequence[Figure], path: Path = RESULTS_PATH) -> dict:
    """Validate and write results.json; returns the document."""
    document = results_document(figures)
    validate(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def format_table(document: dict) -> str:
    """The figures as a markdown table (also what ``python -m bench`` prints)."""
    rows = [
        "| figure | median | min | max | unit | baseline | ratio | target | met |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |",
    ]
    marks = {True: "yes", False: "**NO**", None: "–"}
    for f in document["figures"]:
        cells = [
            f["name"],
            _show(f["median"]),
            _show(f["min"]),
            _show(f["max"]),
            f["unit"],
            _show(f["baseline_median"]),
            "" if f["ratio"] is None else f"{_show(f['ratio'])}×",
            f["target"] or "",
            marks[f["meets_target"]],
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _show(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
