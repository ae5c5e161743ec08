"""Source metadata: who wrote each document, where, when, and what they disclose.

Two places hold it:

- ``seeds/sources.toml``: one table per seed document, keyed by document id (the seed file name
  without ``.txt``).
- the user corpus, ``<data_dir>/corpus/``: ``<id>.txt`` (the UTF-8 text as extracted) beside
  ``<id>.toml`` (the same fields as a sources.toml entry plus ``sha256``, ``format`` and
  ``original_name``). :func:`save_user_document` writes that pair; the ingest feature uses it.

Every field is a string; what the text does not say is ``"unknown"``. Entries are validated when
they are loaded; a bad entry raises :class:`~geodata.errors.DataError` naming the file and the
entry.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geodata.config import data_dir as _data_dir
from geodata.config import seeds_dir
from geodata.errors import DataError
from geodata.files import atomic_write_text

KINDS = (
    "op-ed",
    "editorial",
    "official's article",
    "news feature",
    "news report",
    "report",
    "official document",
    "interview",
    "academic",
    "other",
    "unknown",
)
PRECISIONS = ("day", "month", "year", "unknown")
ORIGINS = ("seed", "user")
UNKNOWN = "unknown"

_ID = re.compile(r"^(?:\d{3}_[0-9a-f]{16}|user_[0-9a-f]{8,64})$")
_DATE_BY_PRECISION = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_REQUIRED = (
    "title",
    "author",
    "outlet",
    "kind",
    "date",
    "date_precision",
    "date_inferred_from",
    "affiliation",
    "language",
    "description",
)
_OPTIONAL = ("outlet_inferred_from", "date_not_before", "url")
_USER_ONLY = ("sha256", "format", "original_name")


@dataclass(frozen=True)
class Source:
    """One document's metadata (see ``seeds/sources.toml`` for what each field means)."""

    id: str
    title: str
    author: str
    outlet: str
    kind: str
    date: str
    date_precision: str
    date_inferred_from: str
    affiliation: str
    language: str
    description: str
    origin: str = "seed"
    outlet_inferred_from: str | None = None
    date_not_before: str | None = None
    sha256: str | None = None
    format: str | None = None
    original_name: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """A short name for lists: the title, or "Untitled (author)" when the text has none."""
        if self.title != UNKNOWN:
            return self.title
        return "Untitled" if self.author == UNKNOWN else f"Untitled ({self.author})"

    def to_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _validate(doc_id: str, entry: object, origin: str, where: Path) -> Source:
    def fail(problem: str) -> DataError:
        return DataError(f"{where}: entry {doc_id!r}: {problem}")

    if not _ID.match(doc_id):
        raise fail("id must look like 000_<16 hex> (seed) or user_<hex> (user document)")
    if not isinstance(entry, dict):
        raise fail("must be a table of fields")
    allowed = set(_REQUIRED + _OPTIONAL + (_USER_ONLY if origin == "user" else ()))
    required = _REQUIRED + (_USER_ONLY if origin == "user" else ())
    if extra := sorted(set(entry) - allowed - {"id"}):
        raise fail(f"unknown field(s) {', '.join(extra)}")
    if missing := [f for f in required if f not in entry]:
        raise fail(f'missing field(s) {", ".join(missing)} (write "unknown" if the text is silent)')
    for key, value in entry.items():
        if not isinstance(value, str) or not value.strip():
            raise fail(f"field {key!r} must be a non-empty string")
    if entry.get("id", doc_id) != doc_id:
        raise fail(f"id field {entry['id']!r} does not match the entry name")
    if entry["kind"] not in KINDS:
        raise fail(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    precision, date = entry["date_precision"], entry["date"]
    if precision not in PRECISIONS:
        raise fail(f"date_precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if (precision == UNKNOWN) != (date == UNKNOWN) or (
        precision != UNKNOWN and not _DATE_BY_PRECISION[precision].match(date)
    ):
        raise fail(f"date {date!r} does not match date_precision {precision!r}")
    not_before = entry.get("date_not_before")
    if not_before is not None and not _PARTIAL_DATE.match(not_before):
        raise fail(f"date_not_before {not_before!r} is not an ISO date (YYYY[-MM[-DD]])")
    fields = {k: v for k, v in entry.items() if k != "id"}
    return Source(id=doc_id, origin=origin, **fields)


@cache
def _load_seed_sources(path: Path, mtime_ns: int) -> dict[str, Source]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    return {doc_id: _validate(doc_id, entry, "seed", path) for doc_id, entry in table.items()}


def sources_path() -> Path:
    """The seed metadata file, ``seeds/sources.toml``."""
    return seeds_dir() / "sources.toml"


def load_sources(path: str | Path | None = None) -> dict[str, Source]:
    """The seed documents' metadata by document id, validated (cached until the file changes)."""
    path = Path(path) if path else sources_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    return _load_seed_sources(path, mtime)


def user_corpus_dir(data_dir: str | Path | None = None) -> Path:
    """``<data_dir>/corpus``: where user documents live (not created here)."""
    return _data_dir(data_dir) / "corpus"


# A line as save_user_document writes it when the value needs no escape (TOML reads it the same).
_PLAIN_LINE = re.compile(r'([A-Za-z0-9_-]+) = "([^"\\\x00-\x1f\x7f]*)"\n')


def _parse_sidecar(content: str) -> dict[str, str]:
    """``tomllib.loads(content)``, without the TOML parser for sidecars of plain lines."""
    entry: dict[str, str] = {}
    pos = 0
    while m := _PLAIN_LINE.match(content, pos):
        if m[1] in entry:
            break
        entry[m[1]] = m[2]
        pos = m.end()
    return entry if pos == len(content) and entry else tomllib.loads(content)


def load_user_source(meta_path: str | Path) -> Source:
    """Read and validate one user-corpus sidecar (``<id>.toml``)."""
    meta_path = Path(meta_path)
    try:
        entry = _parse_sidecar(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{meta_path}: cannot read: {exc}") from exc
    return _validate(meta_path.stem, entry, "user", meta_path)


def user_sidecars(data_dir: str | Path | None = None) -> list[Path]:
    """The user corpus's sidecars (``<id>.toml``), sorted (empty when there is no folder)."""
    folder = user_corpus_dir(data_dir)
    if not folder.is_dir():
        return []
    return [folder / name for name in sorted(os.listdir(folder)) if name.endswith(".toml")]


def get_source(doc_id: str, data_dir: str | Path | None = None) -> Source:
    """One document's metadata, seed or user; unknown ids raise DataError."""
    seeds = load_sources()
    if doc_id in seeds:
        return seeds[doc_id]
    meta = user_corpus_dir(data_dir) / f"{doc_id}.toml"
    if _ID.match(doc_id) and meta.is_file():
        return load_user_source(meta)
    raise DataError(f"unknown document {doc_id!r}")


def _toml_string(value: str) -> str:
    # JSON string escapes (\" \\ \n \uXXXX) are all valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def save_user_document(source: Source, text: str, data_dir: str | Path | None = None) -> str:
    """Write a user document's text and sidecar atomically (text first); returns the sidecar's
    content (what ``<id>.toml`` now holds).

    ``source`` must be a valid user source (origin "user", sha256/format/original_name set).
    """
    fields = {k: v for k, v in source.to_dict().items() if k not in ("id", "origin")}
    entry = {k: v for k, v in fields.items() if v is not None}
    folder = user_corpus_dir(data_dir)
    _validate(source.id, entry, "user", folder / f"{source.id}.toml")
    body = "".join(f"{key} = {_toml_string(value)}\n" for key, value in entry.items())
    atomic_write_text(folder / f"{source.id}.txt", text)
    atomic_write_text(folder / f"{source.id}.toml", body)
    return body
