"""Bring your own sources: add documents to the user corpus and manage it.

``ingest(paths, metadata, data_dir, max_bytes, progress)`` adds ``.txt``, ``.md``, ``.html`` and
(with the ``pdf`` extra) ``.pdf`` files, or every supported file under a folder (recursively,
hidden files skipped), to ``<data_dir>/corpus/`` (see :mod:`geodata.sources` for the layout):

1. text: :func:`geodata.extract.extract` (size limit, binary and encoding checks, HTML visible
   text, PDF text);
2. id: ``user_`` + the first 16 hex digits of the sha256 of the extracted text, so the same
   content ingested again (from any file or format) is skipped as a duplicate; a text equal to a
   seed document is skipped too;
3. metadata: the sidecar next to the file, then ``metadata`` (the CLI flags) on top; an HTML
   document's ``<title>`` is its title when neither gives one; what none says is ``"unknown"``;
4. the same pipeline as the seeds (:func:`geodata.corpus.process_document`, as index rows:
   :func:`geodata.index.process_rows`): a text that fails it is rejected;
5. write, once every file is processed: :func:`geodata.sources.save_user_document` (atomic
   text, then atomic sidecar) for each accepted document. A rejected file writes nothing. The
   index is rebuilt once after the batch when anything was added (atomically: readers see the
   old index or the new one), reusing the step 4 results, the texts and metadata just written
   (not read back) and the previous index's rows of unchanged documents.

Sidecar metadata: a TOML file beside the document named ``<file>.meta.toml`` or
``<file>.toml`` (``report.pdf.toml``), or with the document's extension replaced
(``report.meta.toml``, ``report.toml``); the first that exists is used. Its keys are
:data:`METADATA_FIELDS`, all strings; ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and sets
``date_precision`` to year, month or day. Example::

    title = "Report on the Lachin corridor"
    author = "unknown"
    outlet = "Example Observatory"
    date = "2023-02"
    kind = "report"
    url = "https://example.org/report"
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from geodata import corpus, extract
from geodata.errors import AtlasError, DataError, IngestError
from geodata.sources import (
    KINDS,
    UNKNOWN,
    Source,
    load_sources,
    load_user_source,
    save_user_document,
    user_corpus_dir,
)

ID_HEX = 16
METADATA_FIELDS = (
    "title",
    "author",
    "outlet",
    "date",
    "kind",
    "url",
    "affiliation",
    "language",
    "description",
    "outlet_inferred_from",
    "date_not_before",
)
_PRECISION = {4: "year", 7: "month", 10: "day"}
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class IngestReport:
    """What one ``ingest`` call did. Paths are as given (folder members joined to the folder)."""

    added: list[tuple[str, str, int]] = field(default_factory=list)  # (path, id, passages)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def summary(self) -> str:
        """One line: "added 2, skipped 1 (duplicate), rejected 1: bad.bin: binary file (NUL
        bytes)"."""
        line = f"added {len(self.added)}, skipped {len(self.skipped)}"
        if self.skipped:
            line += " (duplicate)"
        line += f", rejected {len(self.rejected)}"
        if self.rejected:
            line += ": " + "; ".join(f"{path}: {why}" for path, why in self.rejected)
        return line


def parse_date(value: str, field: str = "date") -> tuple[str, str]:
    """``YYYY[-MM[-DD]]`` -> ``(date, precision)``; IngestError (naming ``field``) when
    malformed."""
    if not _DATE.match(value):
        raise IngestError(f"{field} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        import datetime as dt

        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise IngestError(f"{field} {value!r} does not exist") from None
    return value, _PRECISION[len(value)]


def check_metadata(metadata: dict, where: str = "metadata") -> dict[str, str]:
    """Validate user metadata (CLI flags or a sidecar): known fields, non-empty strings, a valid
    date and kind. Returns the entries that are set."""
    if unknown := sorted(set(metadata) - set(METADATA_FIELDS)):
        raise IngestError(
            f"{where}: unknown field(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(METADATA_FIELDS)})"
        )
    out = {}
    for key, value in metadata.items():
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise IngestError(f"{where}: {key} must be a non-empty string")
        out[key] = value.strip()
    for key in ("date", "date_not_before"):
        if key in out:
            try:
                parse_date(out[key], key)
            except IngestError as exc:
                raise IngestError(f"{where}: {exc}") from None
    if "kind" in out and out["kind"] not in KINDS:
        raise IngestError(f"{where}: kind {out['kind']!r} is not one of {', '.join(KINDS)}")
    return out


def sidecar_path(path: str | os.PathLike) -> Path | None:
    """The metadata sidecar of a document, or None (see the module docstring for the names)."""
    path = Path(path)
    folder = os.fspath(path.parent)
    for name in (
        f"{path.name}.meta.toml",
        f"{path.name}.toml",
        f"{path.stem}.meta.toml",
        f"{path.stem}.toml",
    ):
        candidate = os.path.join(folder, name)  # strings: a Path per candidate costs more
        if os.path.isfile(candidate):
            return Path(candidate)
    return None


def read_sidecar(path: str | os.PathLike) -> dict[str, str]:
    """The validated metadata of a document's sidecar ({} when there is none)."""
    meta = sidecar_path(path)
    if meta is None:
        return {}
    try:
        table = tomllib.loads(meta.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IngestError(f"sidecar {meta.name}: {str(exc).splitlines()[0]}") from None
    return check_metadata(table, f"sidecar {meta.name}")


def make_source(doc_id: str, path: Path, found: extract.Extracted, metadata: dict) -> Source:
    """The Source for a new user document from its metadata (flags over sidecar)."""
    meta = dict(metadata)
    date = meta.pop("date", UNKNOWN)
    precision = UNKNOWN if date == UNKNOWN else parse_date(date)[1]
    return Source(
        id=doc_id,
        title=meta.pop("title", found.title or UNKNOWN),
        author=meta.pop("author", UNKNOWN),
        outlet=meta.pop("outlet", UNKNOWN),
        kind=meta.pop("kind", UNKNOWN),
        date=date,
        date_precision=precision,
        date_inferred_from=UNKNOWN if date == UNKNOWN else "metadata supplied at ingest",
        affiliation=meta.pop("affiliation", UNKNOWN),
        language=meta.pop("language", UNKNOWN),
        description=meta.pop("description", UNKNOWN),
        origin="user",
        sha256=found.sha256,
        format=found.format,
        original_name=path.name,
        **meta,
    )


def expand(paths: list[str | os.PathLike]) -> list[Path]:
    """Files to ingest: folders give their supported files (recursive, sorted, hidden entries
    skipped); other paths are kept as given so a bad one is rejected with its reason."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for member in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in member.relative_to(path).parts)
                if member.is_file() and not hidden and extract.format_of(member):
                    files.append(member)
        else:
            files.append(path)
    return files


def _seed_ids_by_text_hash() -> dict[str, str]:
    return {
        hashlib.sha256(corpus.read_text(p).encode("utf-8")).hexdigest(): p.stem
        for p in corpus.seed_paths()
        if p.stem in load_sources()
    }


def ingest(
    paths: list[str | os.PathLike],
    metadata: dict | None = None,
    data_dir: str | os.PathLike | None = None,
    max_bytes: int | None = None,
    progress: bool = False,
) -> IngestReport:
    """Add documents to the user corpus (module docstring); never raises for a bad file (it is
    reported in ``rejected``). Bad ``metadata`` (the CLI flags) raises IngestError first.

    ``progress`` shows tqdm bars on stderr: files, and passages processed.
    """
    from geodata.index import Rows, Saved, build_index, process_rows

    flags = check_metadata(metadata or {}, "option")
    report = IngestReport()
    files = expand(paths)
    folder = user_corpus_dir(data_dir)
    seeds = _seed_ids_by_text_hash()
    seen: dict[str, str] = {}
    processed: dict[str, Rows] = {}
    pending: list[tuple[str, Source, str, str]] = []  # accepted documents, to write
    bars = _bars(len(files)) if progress else None
    for path in files:
        shown = str(path)
        try:
            found = extract.extract(path, max_bytes)
            text = found.text
            text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
            doc_id = "user_" + text_hash[:ID_HEX]  # content hash: re-ingest is a no-op
            if text_hash in seeds:
                report.skipped.append((shown, f"duplicate of seed {seeds[text_hash]}"))
                continue
            if doc_id in seen or (folder / f"{doc_id}.toml").is_file():
                report.skipped.append((shown, f"duplicate of {doc_id}"))
                continue
            meta = {**read_sidecar(path), **flags}
            source = make_source(doc_id, path, found, meta)
            try:
                rows = process_rows(doc_id, text)
            except Exception as exc:  # any parser failure rejects this one file only
                raise IngestError(f"cannot process the text: {type(exc).__name__}: {exc}") from None
            passages = len(rows[0])
            if not passages:
                raise IngestError("no passages in the text")
            pending.append((shown, source, text, text_hash))
            seen[doc_id] = shown
            processed[doc_id] = rows  # the index build does not process it again
            report.added.append((shown, doc_id, passages))
            if bars:
                bars[1].update(passages)
        except (AtlasError, OSError) as exc:
            report.rejected.append((shown, _reason(exc)))
        finally:
            if bars:
                bars[0].update(1)
    if bars:
        for bar in bars:
            bar.close()
    # written after the batch: creating files between documents was several times slower
    saved: dict[str, Saved] = {}
    for shown, source, text, text_hash in pending:
        try:
            sidecar = save_user_document(source, text, data_dir)
        except OSError as exc:
            report.rejected.append((shown, _reason(exc)))
            report.added = [added for added in report.added if added[1] != source.id]
        else:  # handed to the index build, which need not read the files back
            saved[source.id] = Saved(source, text, text_hash, sidecar, processed[source.id])
    if report.added:
        build_index(data_dir, progress=progress, saved=saved)
    return report


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _bars(files: int):
    from tqdm import tqdm

    return (
        tqdm(total=files, desc="files", unit="file", position=0),
        tqdm(desc="passages", unit="passage", position=1),
    )


# --- managing the corpus -------------------------------------------------------------------------


def list_sources(data_dir: str | os.PathLike | None = None) -> list[dict]:
    """Every document in the index (seeds first): id, origin, label, author, outlet, date,
    kind, passages."""
    from geodata.index import open_index

    index = open_index(data_dir)
    rows = []
    for doc in index.documents():
        source = Source(**{k: v for k, v in doc.items() if k != "text_sha256"})
        rows.append(
            {
                "id": source.id,
                "origin": source.origin,
                "title": source.label,
                "author": source.author,
                "outlet": source.outlet,
                "date": source.date,
                "kind": source.kind,
                "passages": len(index.passages(source.id)),
            }
        )
    return rows


def show_source(doc_id: str, data_dir: str | os.PathLike | None = None) -> dict:
    """One document: ``metadata``, ``passages`` (index, kind, start, end, text), ``places``
    (passage, start, end, surface, place id, kind, name, district) and ``dates`` (passage,
    start, end, surface, start/end date, precision, year_inferred). Offsets index the stored
    text."""
    from geodata import gazetteer
    from geodata.index import open_index

    index = open_index(data_dir)
    meta = index.document(doc_id)
    meta.pop("text")
    places = []
    for passage, m in index.mentions(doc_id):
        place = gazetteer.get_place(m.place_id)
        places.append(
            {
                "passage": passage,
                **dataclasses.asdict(m),
                "name": place.name,
                "district": place.district,
            }
        )
    return {
        "metadata": meta,
        "passages": [
            {"index": p.index, "kind": p.kind, "start": p.start, "end": p.end, "text": p.text}
            for p in index.passages(doc_id)
        ],
        "places": places,
        "dates": [
            {"passage": passage, **dataclasses.asdict(m)} for passage, m in index.dates(doc_id)
        ],
    }


def format_show_text(shown: dict) -> str:
    """The text form of ``sources show``."""
    meta = shown["metadata"]
    lines = [f"{meta['id']} ({meta['origin']})"]
    lines += [f"  {k}: {v}" for k, v in meta.items() if k not in ("id", "origin") and v]
    lines.append(f"passages ({len(shown['passages'])}):")
    lines += [
        f"  [{p['index']}] {p['kind']} [{p['start']}:{p['end']}] {p['text'][:80]}"
        for p in shown["passages"]
    ]
    lines.append(f"place mentions ({len(shown['places'])}):")
    lines += [
        f"  [{m['start']}:{m['end']}] {m['surface']!r} -> {m['place_id']} ({m['name']}"
        + (f", {m['district']})" if m["district"] and m["district"] != m["place_id"] else ")")
        for m in shown["places"]
    ]
    lines.append(f"date mentions ({len(shown['dates'])}):")
    lines += [
        f"  [{d['start']}:{d['end']}] {d['surface']!r} -> {d['start_date']}..{d['end_date']} "
        f"({d['precision']})"
        for d in shown["dates"]
    ]
    return "\n".join(lines) + "\n"


def remove_source(doc_id: str, data_dir: str | os.PathLike | None = None) -> Source:
    """Remove a user document (sidecar first, then text) and rebuild the index. Seeds cannot be
    removed; unknown ids raise DataError."""
    from geodata.index import build_index

    if doc_id in load_sources():
        raise IngestError(f"{doc_id} is a seed document; only user documents can be removed")
    folder = user_corpus_dir(data_dir)
    meta = folder / f"{doc_id}.toml"
    if not doc_id.startswith("user_") or not meta.is_file():
        raise DataError(f"unknown user document {doc_id!r} (see `karabakh-atlas sources list`)")
    source = load_user_source(meta)
    meta.unlink()
    (folder / f"{doc_id}.txt").unlink(missing_ok=True)
    build_index(data_dir)
    return source
