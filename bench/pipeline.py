"""Corpus pipeline throughput at 1x, 10x and 100x the seed corpus, on one core.

The corpus of size k is k perturbed copies of each seed (paragraphs shuffled, numbers and years
varied; every copy differs, so none is skipped as a duplicate) written as ``.txt`` files. Each
measurement runs in a fresh subprocess pinned to one CPU (peak memory is its ``VmHWM``):
- ingest: ``geodata.ingest.ingest([folder])`` into an empty data dir (extract, process, write,
  then one index build), the path ``karabakh-atlas ingest`` takes;
- index build: ``geodata.index.build_index(force=True)`` over the same corpus already ingested
  (1x and 10x; at 100x the ingest figure already includes one index build).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import Figure

SIZES = (1, 10, 100)
TIMEOUT_S = 600  # per subprocess
_NUMBER = re.compile(r"\b\d+\b")


def perturb(text: str, rng: random.Random) -> str:
    """Shuffle the paragraphs and vary the numbers (years stay plausible years)."""

    def vary(match: re.Match) -> str:
        value = int(match.group())
        if 1900 <= value <= 2030:
            return str(min(2030, max(1900, value + rng.randint(-3, 3))))
        return str(max(0, value + rng.randint(-9, 9)))

    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    return _NUMBER.sub(vary, "\n\n".join(paragraphs))


def make_corpus(folder: Path, copies: int) -> int:
    """Write ``copies`` perturbed copies of each seed into ``folder``; returns the UTF-8 bytes."""
    from geodata.corpus import read_text, seed_paths

    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for seed in seed_paths():
        text = read_text(seed)
        for copy in range(copies):
            body = perturb(text, random.Random(f"{seed.stem}-{copy}"))
            body += f"\n\n(bench copy {copy})\n"  # distinct even if the shuffle repeats
            (folder / f"{seed.stem}-{copy:03d}.txt").write_text(body, encoding="utf-8")
            total += len(body.encode("utf-8"))
    return total


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def worker(task: str, corpus: str, data_dir: str) -> dict:
    """Run one measurement in this (fresh) process; returns seconds, passages, peak MB."""
    _pin_one_core()
    os.environ["KARABAKH_ATLAS_DATA_DIR"] = data_dir
    from geodata.index import build_index, open_index
    from geodata.ingest import ingest

    began = time.perf_counter()
    if task == "ingest":
        report = ingest([corpus], metadata={"kind": "other"}, data_dir=data_dir)
        if report.rejected:
            raise RuntimeError(f"ingest rejected bench documents: {report.rejected[:2]}")
        passages = sum(n for _path, _id, n in report.added)
    else:
        build_index(data_dir, force=True)
        passages = None
    seconds = time.perf_counter() - began
    if passages is None:
        summary = open_index(data_dir).summary()
        passages = int(summary.split(" documents, ")[1].split(" passages")[0])
    return {"seconds": seconds, "passages": passages, "peak_mb": _peak_kb() / 1024}


def _peak_kb() -> int:
    """This process's peak resident memory. Linux's ``ru_maxrss`` carries the parent's peak over
    fork and exec (a big bench parent would inflate it); ``VmHWM`` starts afresh at exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure(task: str, corpus: Path, data_dir: Path, timeout: float) -> dict:
    repo = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(repo))
    out = subprocess.run(
        [sys.executable, "-m", "bench.pipeline", task, str(corpus), str(data_dir)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"pipeline {task} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> list[Figure]:
    """Ingest and index-build throughput and peak memory at each size."""
    sizes = sizes or ((1, 10) if quick else SIZES)
    repeats = {1: 3, 10: 3, 100: 3} if not quick else {}  # a median, not one lucky run
    figures: list[Figure] = []
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"corpus-{size}x"
            total = make_corpus(corpus, size)
            mb = total / 1e6
            ingest_mbps, ingest_pps, index_mbps, peak = [], [], [], []
            for repeat in range(repeats.get(size, 1)):
                data_dir = Path(tmp) / f"data-{size}x-{repeat}"
                data_dir.mkdir()
                got = _measure("ingest", corpus, data_dir, TIMEOUT_S)
                ingest_mbps.append(mb / got["seconds"])
                ingest_pps.append(got["passages"] / got["seconds"])
                peak.append(got["peak_mb"])
                if size < 100:  # at 100x the ingest above already includes one index build
                    built = _measure("index", corpus, data_dir, TIMEOUT_S)
                    index_mbps.append(mb / built["seconds"])
            peaks[size] = min(peak)
            target = "≥ 2 MB/s on one core" if size == 100 else "informational"
            check = (lambda m, _r: m >= 2) if size == 100 else None
            figures += [
                Figure(
                    f"ingest_{size}x_throughput", "MB/s", ingest_mbps, target=target, check=check
                ),
                Figure(f"ingest_{size}x_passages", "passages/s", ingest_pps),
                Figure(f"ingest_{size}x_peak_memory", "MB", peak, target=f"corpus {mb:.2f} MB"),
            ]
            if index_mbps:
                figures.append(Figure(f"index_build_{size}x_throughput", "MB/s", index_mbps))
    if 10 in peaks and 100 in peaks:
        growth = peaks[100] / peaks[10]
        figures.append(
            Figure(
                "ingest_memory_growth_10x_to_100x",
                "ratio",
                [growth],
                target="≤ 10 (the corpus grows 10×)",
                check=lambda m, _r: m <= 10,
            )
        )
    return figures


if __name__ == "__main__":
    print(json.dumps(worker(*sys.argv[1:4])))
