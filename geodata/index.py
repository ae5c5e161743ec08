"""The corpus index: documents, passages, place and date mentions in one SQLite file.

Why SQLite (stdlib ``sqlite3``): the index is one file (``<data_dir>/index.sqlite``) that needs
no server; a build is one transaction written to a temporary file and swapped in with
``os.replace``, so readers see the old index or the new one, never half of either; and the
reading panel needs random access by place ("passages mentioning AZ-SUS") and by offset, which
SQL indexes give without loading the corpus into memory. Parquet would need pyarrow and a file
per table, and is built for scans rather than lookups.

Freshness: the index stores a fingerprint, the sha256 over :data:`FORMAT_VERSION`, every seed
file, ``seeds/sources.toml``, ``geodata/data/places.yaml``, ``geodata/data/geonames.json``,
every user corpus file
(``<data_dir>/corpus/*.txt|*.toml``) and the parsing code (passages, mentions, dates,
normalize, gazetteer, sources, corpus). :func:`open_index` rebuilds when it differs. An
ingest hands the build the documents it has just written (:class:`Saved`): their digests and
contents are taken from it, not read back.
Concurrent builds: a build holds an exclusive lock on ``<data_dir>/index.lock`` (POSIX
``flock``; where unavailable, the atomic replace alone keeps readers safe) and re-checks the
fingerprint once it has the lock, so a second process waits and then reuses the first one's
index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from geodata import corpus as _corpus
from geodata.config import data_dir as _data_dir
from geodata.config import package_data
from geodata.dates import DateMention
from geodata.errors import DataError
from geodata.files import atomic_path
from geodata.mentions import PlaceMention
from geodata.passages import Passage, split_passages
from geodata.sources import Source, sources_path, user_corpus_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

FORMAT_VERSION = 1
INDEX_NAME = "index.sqlite"
_CODE = (
    "passages",
    "mentions",
    "dates",
    "normalize",
    "gazetteer",
    "geonames",
    "sources",
    "corpus",
    "index",
)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, ord INTEGER NOT NULL, origin TEXT NOT NULL, title TEXT NOT NULL,
    metadata TEXT NOT NULL, text TEXT NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE passages (
    document TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, gaps TEXT NOT NULL, segments TEXT NOT NULL,
    PRIMARY KEY (document, idx)
);
CREATE TABLE place_mentions (
    document TEXT NOT NULL, passage INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, surface TEXT NOT NULL, place_id TEXT NOT NULL, kind TEXT NOT NULL
);
CREATE TABLE date_mentions (
    document TEXT NOT NULL, passage INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, surface TEXT NOT NULL, start_date TEXT NOT NULL,
    end_date TEXT NOT NULL, precision TEXT NOT NULL, year_inferred INTEGER NOT NULL
);
"""
# created once the rows are in (faster than keeping them up to date row by row)
_INDEXES = """
CREATE INDEX place_mentions_place ON place_mentions (place_id);
CREATE INDEX place_mentions_doc ON place_mentions (document, passage);
CREATE INDEX date_mentions_doc ON date_mentions (document, passage);
"""


@dataclass(frozen=True)
class PassageHit:
    """A passage with the place and date mentions found in it."""

    passage: Passage
    places: tuple[PlaceMention, ...]
    dates: tuple[DateMention, ...]


def index_path(data_dir: str | os.PathLike | None = None) -> Path:
    return _data_dir(data_dir) / INDEX_NAME


def _code_inputs() -> list[Path]:
    """What decides a document's passages and mentions besides its text."""
    code_dir = Path(__file__).parent
    return [
        package_data("places.yaml"),
        package_data("geonames.json"),
        *(code_dir / f"{name}.py" for name in _CODE),
    ]


def _inputs(data_dir: str | os.PathLike | None) -> list[Path]:
    return [
        *_corpus.seed_paths(),
        sources_path(),
        *_corpus.user_paths(data_dir),
        *_code_inputs(),
    ]


def _file_digests(paths: list[Path], known: Mapping[Path, bytes] | None = None) -> dict:
    """The sha256 digest of each file (of ``<missing>`` if absent); ``known``: digests of files
    the caller has just written, used instead of reading them."""
    known = known or {}
    return {
        path: known[path]
        if path in known
        else hashlib.sha256(path.read_bytes() if path.is_file() else b"<missing>").digest()
        for path in paths
    }


def _digest(paths: list[Path], digests: Mapping[Path, bytes]) -> str:
    digest = hashlib.sha256(f"karabakh-atlas index v{FORMAT_VERSION}\n".encode())
    for path in paths:
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(digests[path])
    return digest.hexdigest()


def fingerprint(
    data_dir: str | os.PathLike | None = None, known: Mapping[Path, bytes] | None = None
) -> str:
    """sha256 over the format version and every input file (name and bytes). ``known``: the
    sha256 digests of files the caller has just written, used instead of reading them."""
    inputs = _inputs(data_dir)
    return _digest(inputs, _file_digests(inputs, known))


def code_fingerprint(digests: Mapping[Path, bytes]) -> str:
    """sha256 over the format version, the gazetteer data and the parsing code: a document's
    rows are reused from the previous index only when its text and this are unchanged.
    ``digests``: the build's file digests (:func:`_file_digests`), which cover these files."""
    return _digest(_code_inputs(), digests)


def _connect_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _connect_rw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri(), uri=True)  # URIs on, for ATTACH ... ?mode=ro


def _stored(path: Path) -> dict[str, str]:
    """The index's meta table, or {} when there is no readable index."""
    if not path.is_file():
        return {}
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            return {row["key"]: row["value"] for row in conn.execute("SELECT * FROM meta")}
    except sqlite3.DatabaseError:
        return {}


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    with open(folder / "index.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _summary(meta: dict[str, str]) -> str:
    return (
        f"{meta['documents']} documents, {meta['passages']} passages, "
        f"{meta['place_mentions']} place mentions, {meta['date_mentions']} date mentions"
    )


Rows = tuple[list[tuple], list[tuple], list[tuple]]


@dataclass(frozen=True)
class Saved:
    """A user document its caller has just written (:func:`geodata.sources.save_user_document`)
    and processed (:func:`process_rows`): a build takes it as it is instead of reading the files
    back and processing the text again."""

    source: Source
    text: str
    text_sha256: str  # hex digest of the text as UTF-8: the bytes of ``<id>.txt``
    sidecar: str  # what ``<id>.toml`` holds
    rows: Rows

    def digests(self, folder: Path) -> dict[Path, bytes]:
        """The sha256 digests of its two files in the user corpus ``folder``."""
        return {
            folder / f"{self.source.id}.txt": bytes.fromhex(self.text_sha256),
            folder / f"{self.source.id}.toml": hashlib.sha256(self.sidecar.encode()).digest(),
        }


_TABLES = ("passages", "place_mentions", "date_mentions")


def _reusable(conn: sqlite3.Connection, old: Path, code: str) -> dict[str, str]:
    """Attach the previous index as ``old`` and return its documents (id -> text sha256) when
    it was built by the same code; {} (nothing attached) otherwise."""
    if _stored(old).get("code") != code:
        return {}
    try:
        conn.execute("ATTACH DATABASE ? AS old", (f"{old.resolve().as_uri()}?mode=ro",))
        return dict(conn.execute("SELECT id, sha256 FROM old.documents"))
    except sqlite3.DatabaseError:
        return {}


def _int_lists(rows: tuple[tuple[int, ...], ...]) -> str:
    """``json.dumps(rows)`` for tuples of ints: the repr of lists of ints is their JSON."""
    return repr(list(map(list, rows))) if rows else "[]"


def _passage_rows(passages: list[Passage]) -> list[tuple]:
    return [
        (
            p.document,
            p.index,
            p.start,
            p.end,
            p.kind,
            p.text,
            _int_lists(p.gaps),
            _int_lists(p.segments),
        )
        for p in passages
    ]


def _date_row(doc_id: str, passage: int, m: DateMention) -> tuple:
    return (
        doc_id,
        passage,
        m.start,
        m.end,
        m.surface,
        m.start_date,
        m.end_date,
        m.precision,
        int(m.year_inferred),
    )


def process_rows(doc_id: str, text: str) -> Rows:
    """The index rows (passages, place mentions, date mentions) of one document: what
    :func:`geodata.corpus.process_document` finds, as plain tuples made without the mention
    objects (the ingest's hot path); what a caller hands to :func:`build_index`."""
    passages = split_passages(doc_id, text)
    places: list[tuple] = []
    dates: list[tuple] = []
    for index, found_places, found_dates in _corpus.find_mentions(text, passages):
        places += [
            (doc_id, index, start, end, text[start:end], place_id, _corpus.place_kind(place_id))
            for start, end, place_id in found_places
        ]
        dates += [_date_row(doc_id, index, m) for m in found_dates]
    return _passage_rows(passages), places, dates


class _Batch:
    """Rows waiting to be inserted: one ``executemany`` per table for many documents."""

    LIMIT = 50_000  # rows held before a flush

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: Rows = ([], [], [])

    def add(self, rows: Rows) -> tuple[int, int, int]:
        for pending, new in zip(self.rows, rows, strict=True):
            pending.extend(new)
        if sum(map(len, self.rows)) >= self.LIMIT:
            self.flush()
        return len(rows[0]), len(rows[1]), len(rows[2])

    def flush(self) -> None:
        for table, table_rows in zip(_TABLES, self.rows, strict=True):
            if table_rows:
                marks = ", ".join("?" * len(table_rows[0]))
                self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
                table_rows.clear()


def _copy(conn: sqlite3.Connection, doc_id: str) -> tuple[int, int, int]:
    """Copy a document's rows from the attached previous index."""
    return tuple(
        conn.execute(
            f"INSERT INTO {table} SELECT * FROM old.{table} WHERE document = ?", (doc_id,)
        ).rowcount
        for table in _TABLES
    )


def _write(
    conn: sqlite3.Connection,
    docs: list[tuple[Source, str]],
    progress: bool,
    reusable: dict[str, str],
    saved: Mapping[str, Saved],
) -> dict:
    counts = {"documents": 0, "passages": 0, "place_mentions": 0, "date_mentions": 0}
    items: Iterable = docs
    if progress:
        from tqdm import tqdm

        items = tqdm(docs, desc="indexing", unit="doc", leave=False)
    batch = _Batch(conn)
    for order, (source, text) in enumerate(items):
        known = saved.get(source.id)
        sha = known.text_sha256 if known else hashlib.sha256(text.encode("utf-8")).hexdigest()
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source.id,
                order,
                source.origin,
                source.label,
                json.dumps(source.to_dict(), ensure_ascii=False),
                text,
                sha,
            ),
        )
        if known:
            rows = batch.add(known.rows)
        elif reusable.get(source.id) == sha:
            batch.flush()  # rows stay in document order
            rows = _copy(conn, source.id)
        else:
            rows = batch.add(process_rows(source.id, text))
        counts["documents"] += 1
        counts["passages"] += rows[0]
        counts["place_mentions"] += rows[1]
        counts["date_mentions"] += rows[2]
    batch.flush()
    return counts


def build_index(
    data_dir: str | os.PathLike | None = None,
    force: bool = False,
    progress: bool = False,
    saved: Mapping[str, Saved] | None = None,
) -> str:
    """Build ``<data_dir>/index.sqlite`` if it is stale (or always with ``force``).

    Returns a one-line summary: "5 documents, N passages, M place mentions, K date mentions",
    followed by what was done. ``progress`` shows a tqdm bar over the documents (stderr).
    A failing build (e.g. an unreadable user document) raises and leaves the old index as it was.

    Incremental: a document whose text is unchanged since the previous index, built by the same
    code (:func:`code_fingerprint`), keeps its rows (copied, not reprocessed); ``force``
    reprocesses everything. ``saved``: the user documents the caller (ingest) has just written
    and processed, by id (:class:`Saved`).
    """
    folder = _data_dir(data_dir)
    path = folder / INDEX_NAME
    saved = saved or {}
    corpus_dir = user_corpus_dir(folder)
    known = {p: d for doc in saved.values() for p, d in doc.digests(corpus_dir).items()}
    with _build_lock(folder):
        inputs = _inputs(folder)
        digests = _file_digests(inputs, known)  # each input read and hashed once per build
        current = _digest(inputs, digests)
        stored = _stored(path)
        if not force and stored.get("fingerprint") == current:
            return f"{_summary(stored)} (up to date: {path})"
        began = time.perf_counter()
        code = code_fingerprint(digests)
        with atomic_path(path) as tmp, contextlib.closing(_connect_rw(tmp)) as conn:
            # the file is swapped in whole once complete: no journal or syncs needed
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(_SCHEMA)
            reusable = {} if force else _reusable(conn, path, code)
            known_docs = {doc_id: (doc.source, doc.text) for doc_id, doc in saved.items()}
            docs = _corpus.load_corpus(folder, known_docs)
            counts = _write(conn, docs, progress, reusable, saved)
            conn.executescript(_INDEXES)
            meta = {"fingerprint": current, "code": code, "format": str(FORMAT_VERSION)}
            meta.update({k: str(v) for k, v in counts.items()})
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.commit()
        seconds = time.perf_counter() - began
        return f"{_summary(meta)} (built {path} in {seconds:.2f} s)"


def open_index(data_dir: str | os.PathLike | None = None) -> Index:
    """The index for ``data_dir``, rebuilt first if any input changed."""
    folder = _data_dir(data_dir)
    path = folder / INDEX_NAME
    if _stored(path).get("fingerprint") != fingerprint(folder):
        build_index(folder)
    return Index(path)


def _passage(row: sqlite3.Row) -> Passage:
    return Passage(
        document=row["document"],
        index=row["idx"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        kind=row["kind"],
        gaps=tuple(tuple(g) for g in json.loads(row["gaps"])),
        segments=tuple(tuple(s) for s in json.loads(row["segments"])),
    )


def _place(row: sqlite3.Row) -> PlaceMention:
    return PlaceMention(row["start"], row["end"], row["surface"], row["place_id"], row["kind"])


def _date(row: sqlite3.Row) -> DateMention:
    return DateMention(
        row["start"],
        row["end"],
        row["surface"],
        row["start_date"],
        row["end_date"],
        row["precision"],
        bool(row["year_inferred"]),
    )


class Index:
    """Read-only queries over a built index (each call opens its own connection, so one Index
    can be shared between threads)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        with contextlib.closing(_connect_ro(self.path)) as conn:
            yield conn

    def summary(self) -> str:
        """ "5 documents, N passages, M place mentions, K date mentions"."""
        return _summary(_stored(self.path))

    def documents(self) -> list[dict]:
        """Every document's metadata (Source fields plus ``sha256``), in corpus order."""
        with self._conn() as conn:
            rows = conn.execute("SELECT metadata, sha256 FROM documents ORDER BY ord").fetchall()
        return [{**json.loads(r["metadata"]), "text_sha256": r["sha256"]} for r in rows]

    def document(self, doc_id: str) -> dict:
        """One document's metadata plus ``text``; unknown ids raise DataError."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT metadata, sha256, text FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        if row is None:
            raise DataError(f"unknown document {doc_id!r}")
        return {**json.loads(row["metadata"]), "text_sha256": row["sha256"], "text": row["text"]}

    def source(self, doc_id: str) -> Source:
        """One document's metadata as a Source."""
        meta = self.document(doc_id)
        return Source(**{k: v for k, v in meta.items() if k not in ("text", "text_sha256")})

    def passages(self, doc_id: str) -> list[Passage]:
        """A document's passages in order."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM passages WHERE document = ? ORDER BY idx", (doc_id,)
            ).fetchall()
        return [_passage(r) for r in rows]

    def passage(self, doc_id: str, index: int) -> Passage:
        """One passage; raises DataError when there is none."""
        with self._conn() as conn:
            row = conn.execute(
                "SELECT * FROM passages WHERE document = ? AND idx = ?", (doc_id, index)
            ).fetchone()
        if row is None:
            raise DataError(f"document {doc_id!r} has no passage {index}")
        return _passage(row)

    def passage_containing(self, doc_id: str, start: int, end: int) -> Passage | None:
        """The passage that owns the raw span ``[start, end)`` (captions own their own text)."""
        with self._conn() as conn:
            rows = conn.execute(
                'SELECT * FROM passages WHERE document = ? AND start <= ? AND "end" >= ?',
                (doc_id, start, end),
            ).fetchall()
        owners = [p for p in map(_passage, rows) if p.owns(start, end)]
        return min(owners, key=lambda p: p.end - p.start) if owners else None

    def mentions(self, doc_id: str) -> list[tuple[int, PlaceMention]]:
        """A document's place mentions as ``(passage index, mention)``, in text order."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM place_mentions WHERE document = ? ORDER BY start", (doc_id,)
            ).fetchall()
        return [(r["passage"], _place(r)) for r in rows]

    def dates(self, doc_id: str) -> list[tuple[int, DateMention]]:
        """A document's date mentions as ``(passage index, mention)``, in text order."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM date_mentions WHERE document = ? ORDER BY start", (doc_id,)
            ).fetchall()
        return [(r["passage"], _date(r)) for r in rows]

    def passages_mentioning(self, place_ids: Iterable[str]) -> list[PassageHit]:
        """Passages naming any of ``place_ids``, in corpus order, with their mentions of those
        places and all their date mentions."""
        ids = sorted(set(place_ids))
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        with self._conn() as conn:
            found = conn.execute(
                f"SELECT m.*, d.ord FROM place_mentions m JOIN documents d ON d.id = m.document "
                f"WHERE m.place_id IN ({marks}) ORDER BY d.ord, m.passage, m.start",
                ids,
            ).fetchall()
            keys = list(dict.fromkeys((r["document"], r["passage"]) for r in found))
            hits = []
            for doc_id, idx in keys:
                row = conn.execute(
                    "SELECT * FROM passages WHERE document = ? AND idx = ?", (doc_id, idx)
                ).fetchone()
                dates = conn.execute(
                    "SELECT * FROM date_mentions WHERE document = ? AND passage = ? ORDER BY start",
                    (doc_id, idx),
                ).fetchall()
                places = [r for r in found if (r["document"], r["passage"]) == (doc_id, idx)]
                hits.append(
                    PassageHit(_passage(row), tuple(map(_place, places)), tuple(map(_date, dates)))
                )
        return hits
