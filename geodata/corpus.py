"""The corpus: every document (seeds and user documents) with its metadata, and the one
pipeline that turns a text into passages, place mentions and date mentions.

The index builder and the ingest feature both run :func:`find_mentions` over
:func:`geodata.passages.split_passages` (as index rows: :func:`geodata.index.process_rows`), so a
user document is parsed exactly like a seed; :func:`process_document` gives the same as objects.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.config import seeds_dir
from geodata.dates import DateMention, find_dates_document, infer_years
from geodata.errors import DataError
from geodata.gazetteer import get_place
from geodata.mentions import PlaceMention, find_places_document
from geodata.passages import Passage, split_passages
from geodata.sources import (
    Source,
    load_sources,
    load_user_source,
    sources_path,
    user_corpus_dir,
    user_sidecars,
)


@dataclass(frozen=True)
class Located:
    """A mention and the index of the passage it was found in."""

    passage: int
    mention: PlaceMention | DateMention


def read_text(path: str | Path) -> str:
    """A document's text exactly as stored: UTF-8, no newline translation."""
    path = Path(path)
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read as UTF-8 text: {exc}") from exc


def seed_paths() -> list[Path]:
    """The seed text files, sorted by document id."""
    return sorted(seeds_dir().glob("*.txt"))


def user_paths(data_dir: str | Path | None = None) -> list[Path]:
    """The user corpus's files (``<id>.txt`` and ``<id>.toml``), sorted."""
    folder = user_corpus_dir(data_dir)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # no Path objects for the names left out
        names = [
            e.name
            for e in entries
            if e.name.endswith((".txt", ".toml"))
            and e.name not in (".txt", ".toml")
            and e.is_file()
        ]
    return [folder / name for name in sorted(names)]


def load_corpus(
    data_dir: str | Path | None = None, known: Mapping[str, tuple[Source, str]] | None = None
) -> list[tuple[Source, str]]:
    """Every document with its metadata: the seeds (in id order), then the user corpus.

    ``known``: user documents (id -> (source, text)) the caller has just written, taken as they
    are instead of read back; those whose sidecar is no longer in the folder are left out.
    Raises DataError when a seed has no sources.toml entry or the reverse, or when a user
    sidecar has no text file.
    """
    seeds = load_sources()
    files = {p.stem: p for p in seed_paths()}
    if missing := sorted(set(files) - set(seeds)):
        raise DataError(f"{sources_path()}: no entry for seed document(s) {', '.join(missing)}")
    if orphans := sorted(set(seeds) - set(files)):
        raise DataError(f"{sources_path()}: entry {orphans[0]!r} has no seed file {orphans[0]}.txt")
    corpus = [(seeds[doc_id], read_text(files[doc_id])) for doc_id in sorted(files)]
    known = known or {}
    for meta in user_sidecars(data_dir):
        doc_id = meta.stem
        if doc_id in seeds:
            raise DataError(f"{meta}: id {doc_id!r} is a seed document id")
        if doc_id in known:
            corpus.append(known[doc_id])
            continue
        source = load_user_source(meta)
        text_path = meta.with_suffix(".txt")
        if not text_path.is_file():
            raise DataError(f"{meta}: entry {doc_id!r} has no text file")
        corpus.append((source, read_text(text_path)))
    return corpus


@lru_cache(maxsize=4096)
def place_kind(place_id: str) -> str:
    """The gazetteer kind of a place id (cached: mentions repeat their places)."""
    return get_place(place_id).kind


def find_mentions(
    text: str, passages: list[Passage]
) -> Iterator[tuple[int, list[tuple[int, int, str]], list[DateMention]]]:
    """For each passage of ``text`` that has a mention: its index, its place matches
    ``(start, end, place id)`` and its date mentions (years inferred), offsets into ``text``
    (see :func:`process_document`)."""
    texts = [p.text for p in passages]
    found_dates = find_dates_document(texts)
    for p, matches, date_matches in zip(
        passages, find_places_document(texts), found_dates, strict=True
    ):
        if not (matches or date_matches):  # most passages
            continue
        places = [
            (start, end, place_id)
            for (start, end), (_, _, place_id) in zip(p.raw_spans(matches), matches, strict=True)
        ]
        dates = [
            DateMention(start, end, text[start:end], first, last, precision)
            for (start, end), (_, _, first, last, precision) in zip(
                p.raw_spans(date_matches), date_matches, strict=True
            )
        ]
        yield p.index, places, infer_years(dates)


def process_document(doc_id: str, text: str) -> tuple[list[Passage], list[Located], list[Located]]:
    """Split ``text`` into passages and find the place and date mentions in each.

    Mentions are found in each passage's clean text (so a hyphenated name or a date broken by a
    caption is found) and carry ``[start, end)`` offsets into ``text``. Places come from
    :func:`geodata.mentions.find_places_document`: the gazetteer, then GeoNames places beyond it
    (``geonames:<id>``) disambiguated with the whole document as context. Year-less dates get a
    year from earlier dates in the same passage where :func:`geodata.dates.infer_years` allows.
    Returns ``(passages, place mentions, date mentions)``; mentions are wrapped in
    :class:`Located` with their passage index.
    """
    passages = split_passages(doc_id, text)
    places: list[Located] = []
    dates: list[Located] = []
    for index, found_places, found_dates in find_mentions(text, passages):
        places += [
            Located(
                index, PlaceMention(start, end, text[start:end], place_id, place_kind(place_id))
            )
            for start, end, place_id in found_places
        ]
        dates += [Located(index, m) for m in found_dates]
    return passages, places, dates
