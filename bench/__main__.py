"""``python -m bench`` (``make bench``): every figure, a table on stdout, ``bench/results.json``.

Options: ``--only browser,load,pipeline,coldstart`` runs a subset; ``--quick`` shortens every run
(fewer repeats, a 15 s load test, the pipeline at 1x and 10x only); ``--workers N`` sets the
gunicorn workers for the browser and load figures; ``--out PATH`` writes results elsewhere.
Everything runs on 127.0.0.1, every loop is bounded, and the harness stops by itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.results import RESULTS_PATH, format_table, write_results

FAMILIES = ("browser", "load", "pipeline", "coldstart")


def _run_family(family: str, args: argparse.Namespace) -> list:
    if family == "browser":
        from bench import browser

        return browser.run(args.quick, args.workers)
    if family == "load":
        from bench import load

        return load.run(args.quick, args.workers)
    if family == "pipeline":
        from bench import pipeline

        return pipeline.run(args.quick)
    from bench import coldstart

    return coldstart.run(args.quick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(FAMILIES)}")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter runs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [%(default)s]")
    parser.add_argument("--out", type=Path, default=RESULTS_PATH, help="results.json path")
    args = parser.parse_args(argv)
    chosen = FAMILIES if not args.only else tuple(x.strip() for x in args.only.split(","))
    if unknown := sorted(set(chosen) - set(FAMILIES)):
        parser.error(f"unknown figure family {', '.join(unknown)} (choose from {FAMILIES})")

    figures = []
    for family in chosen:
        began = time.perf_counter()
        print(f"bench: {family} ...", file=sys.stderr, flush=True)
        try:
            figures += _run_family(family, args)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            print(f"bench: {family} failed: {reason}", file=sys.stderr)
            return 1
        print(f"bench: {family} done in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    document = write_results(figures, args.out)
    print(f"Machine: {document['machine']}\nDate: {document['date']}\n")
    print(format_table(document))
    missed = [f["name"] for f in document["figures"] if f["meets_target"] is False]
    print(f"\nwrote {args.out}; targets missed: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
