"""The gazetteer: places the sources name, their spellings, and name resolution.

The table lives in ``geodata/data/places.yaml`` (human-edited, validated on load).

Resolution rules (``resolve``):

* A name is looked up by its folded form (``geodata.normalize.fold``): any case, with or without
  diacritics (ş/s, ə/a, ı/i, ü/u, ö/o, ç/c, ğ/g), Azerbaijani x for kh, hyphens and apostrophes
  as word separators. Exact ids (``AZ-SUS``, ``town:shusha``) resolve too.
* Every spelling in a place's ``name``, ``name_az``, ``name_hy``, ``names_ru`` and ``aliases`` is a
  key; a spelling with ə is also a key with ə written e (ASCII Azerbaijani: "Xocavend").
  Districts also get "<name> district" / "rayon" / "rayonu" / "raion" and towns "<name> city"
  for their Latin-script names.
* A key shared by several places resolves by kind: country, then region, then town, then district.
  So a bare district-seat name is the town ("Shusha", "Aghdam", "Stepanakert" -> ``town:...``)
  and "Shusha district" / "AZ-SUS" is the district; ``Place.district`` of the town gives the
  district it lies in. "Nakhchivan" is the autonomous republic (region), "Nakhchivan City" the
  town. Two places of the same kind may not share a key (the loader raises ``DataError``).
* Nothing is guessed: a name that is not a key returns ``None`` (adjectives such as "Armenian",
  slogans such as "Land of Fire" are not keys). "Karabakh", "Garabagh", "Nagorno-Karabakh" and
  "Artsakh" are the region, never a district; "Martuni" is the Khojavend town (Armenia's former
  Martuni district is not in the gazetteer).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geodata.config import package_data
from geodata.errors import DataError, UnknownPlace
from geodata.normalize import fold

KINDS = ("country", "region", "town", "district")  # also the precedence on shared keys
DISTRICT_SUFFIXES = ("district", "rayon", "rayonu", "raion")
TOWN_SUFFIXES = ("city",)
_ID_PATTERNS = {
    "district": re.compile(r"AZ-[A-Z]{2,3}"),
    "town": re.compile(r"town:[a-z0-9-]+"),
    "region": re.compile(r"region:[a-z0-9-]+"),
    "country": re.compile(r"country:[a-z]{2}"),
}
_LATIN = re.compile(r"[a-z0-9 ]+")
_SCHWA_AS_E = str.maketrans("əƏ", "eE")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. See ``places.yaml`` for the meaning of each field."""

    id: str
    kind: str
    name: str
    name_az: str | None
    name_hy: str | None
    names_ru: tuple[str, ...]
    aliases: tuple[str, ...]
    district: str | None
    lon: float
    lat: float
    geonames_id: int | None
    seat: str | None
    context: bool
    coord_source: str

    def names(self) -> tuple[str, ...]:
        """Every spelling of the place, English name first."""
        own = (self.name, self.name_az, self.name_hy)
        return tuple(n for n in own if n) + self.names_ru + self.aliases


@dataclass(frozen=True)
class _Catalog:
    places: dict[str, Place]
    keys: dict[str, tuple[str, ...]]  # folded key -> place ids, best first
    attribution: dict[str, str]


_FIELDS = {f.name for f in dataclasses.fields(Place)}
_REQUIRED = {"id", "kind", "name", "lon", "lat", "coord_source", "context"}
_COORD_SOURCES = {"geonames", "boundaries", "approximate"}


def _problem(path: Path, entry: str, message: str) -> DataError:
    return DataError(f"{path.name}: {entry}: {message}")


def _place(path: Path, raw: object, index: int) -> Place:
    if not isinstance(raw, dict):
        raise _problem(path, f"entry {index}", "is not a mapping")
    entry = str(raw.get("id", f"entry {index}"))
    unknown = set(raw) - _FIELDS
    missing = _REQUIRED - set(raw)
    if unknown or missing:
        what = f"unknown fields {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
        raise _problem(path, entry, what)
    kind = raw["kind"]
    if kind not in KINDS:
        raise _problem(path, entry, f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if not _ID_PATTERNS[kind].fullmatch(entry):
        raise _problem(path, entry, f"id does not match the {kind} id pattern")
    lon, lat = raw["lon"], raw["lat"]
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (lon, lat)) or not (
        -180 <= lon <= 180 and -90 <= lat <= 90
    ):
        raise _problem(path, entry, f"bad coordinates lon={lon!r} lat={lat!r}")
    if raw["coord_source"] not in _COORD_SOURCES:
        raise _problem(path, entry, f"coord_source must be one of {sorted(_COORD_SOURCES)}")
    lists = {}
    for field in ("names_ru", "aliases"):
        value = raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _problem(path, entry, f"{field} must be a list of names")
        lists[field] = tuple(value)
    for field in ("name", "name_az", "name_hy"):
        if field in raw and not (isinstance(raw[field], str) and raw[field].strip()):
            raise _problem(path, entry, f"{field} must be a non-empty string")
    geonames_id = raw.get("geonames_id")
    if geonames_id is not None and not isinstance(geonames_id, int):
        raise _problem(path, entry, "geonames_id must be an integer")
    return Place(
        id=entry,
        kind=kind,
        name=raw["name"],
        name_az=raw.get("name_az"),
        name_hy=raw.get("name_hy"),
        names_ru=lists["names_ru"],
        aliases=lists["aliases"],
        district=raw.get("district"),
        lon=float(lon),
        lat=float(lat),
        geonames_id=geonames_id,
        seat=raw.get("seat"),
        context=bool(raw["context"]),
        coord_source=raw["coord_source"],
    )


def _check_links(path: Path, places: dict[str, Place]) -> None:
    for place in places.values():
        if place.kind == "district" and place.district != place.id:
            raise _problem(path, place.id, "a district's district must be its own id")
        if place.kind == "town":
            target = places.get(place.district) if place.district else None
            if place.district and (target is None or target.kind != "district"):
                raise _problem(path, place.id, f"unknown district {place.district!r}")
            if not place.district and not place.context:
                raise _problem(path, place.id, "a focus town needs a district")
        if place.kind in ("region", "country") and place.district:
            raise _problem(path, place.id, f"a {place.kind} has no district")
        if place.seat:
            seat = places.get(place.seat)
            if place.kind != "district" or seat is None or seat.district != place.id:
                raise _problem(path, place.id, f"seat {place.seat!r} is not a town of it")


def _keys_of(place: Place) -> set[str]:
    # fold() maps ə to a; ASCII Azerbaijani also writes it e ("Xankendi", "Xocavend").
    keys = {fold(n) for name in place.names() for n in (name, name.translate(_SCHWA_AS_E))}
    suffixes = {"district": DISTRICT_SUFFIXES, "town": TOWN_SUFFIXES}.get(place.kind, ())
    for name in (place.name, place.name_az, place.name_hy, *place.aliases):
        base = fold(name or "")
        if base and _LATIN.fullmatch(base) and base.rsplit(" ", 1)[-1] not in suffixes:
            keys.update(f"{base} {suffix}" for suffix in suffixes)
    return keys


@functools.lru_cache(maxsize=4)
def _catalog(path: Path) -> _Catalog:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path.name}: cannot read: {exc}".splitlines()[0]) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("places"), list):
        raise DataError(f"{path.name}: expected a mapping with a 'places' list")
    places: dict[str, Place] = {}
    for index, raw in enumerate(doc["places"]):
        place = _place(path, raw, index)
        if place.id in places:
            raise _problem(path, place.id, "duplicate id")
        places[place.id] = place
    _check_links(path, places)

    owners: dict[str, list[Place]] = {}
    for place in places.values():
        keys = _keys_of(place)
        if "" in keys:
            raise _problem(path, place.id, "a name folds to nothing")
        for key in keys:
            owners.setdefault(key, []).append(place)
    resolved = {}
    for key, claimants in owners.items():
        claimants.sort(key=lambda p: (KINDS.index(p.kind), p.id))
        for first, second in zip(claimants, claimants[1:], strict=False):
            if first.kind == second.kind:
                raise _problem(path, second.id, f"name {key!r} is also a name of {first.id}")
        resolved[key] = tuple(p.id for p in claimants)
    return _Catalog(places=places, keys=resolved, attribution=dict(doc.get("attribution") or {}))


def _default() -> _Catalog:
    return _catalog(package_data("places.yaml"))


def attribution() -> dict[str, str]:
    """The data credits written into ``places.yaml`` (e.g. ``{"geonames": "..."}``)."""
    return _default().attribution


def places(path: str | Path | None = None) -> tuple[Place, ...]:
    """All places, in file order (validating ``path``, default the shipped ``places.yaml``)."""
    catalog = _catalog(Path(path)) if path else _default()
    return tuple(catalog.places.values())


def load_places(path: str | Path | None = None):
    """The places table as a ``pandas.DataFrame``, one row per place, columns = Place fields."""
    import pandas as pd

    rows = [dataclasses.asdict(p) for p in places(path)]
    return pd.DataFrame(rows, columns=[f.name for f in dataclasses.fields(Place)])


def get_place(place_id: str) -> Place:
    """The place with this id; raises ``UnknownPlace`` if there is none.

    ``geonames:<id>`` ids (places found at ingest beyond this table) come from
    ``geodata.geonames`` as towns of the district that contains them.
    """
    if place_id.startswith("geonames:"):
        from geodata import geonames

        return geonames.as_place(place_id)
    try:
        return _default().places[place_id]
    except KeyError:
        raise UnknownPlace(f"unknown place id {place_id!r}") from None


def _by_id(text: str) -> Place | None:
    catalog = _default()
    for candidate in (text, text.upper(), text.lower()):
        if candidate in catalog.places:
            return catalog.places[candidate]
    return None


def resolve_all(text: str) -> list[Place]:
    """Every place ``text`` names, best first (see the module docstring for the order)."""
    text = text.strip()
    exact = _by_id(text)
    if exact:
        return [exact]
    catalog = _default()
    return [catalog.places[i] for i in catalog.keys.get(fold(text), ())]


def resolve(text: str) -> Place | None:
    """The one place ``text`` names, or ``None``; never a fuzzy guess (module docstring)."""
    found = resolve_all(text)
    return found[0] if found else None


def aliases() -> dict[str, str]:
    """Folded name -> place id, for scanning text.

    Keys are ``fold``-ed words joined by single spaces, so n-grams of
    ``geodata.normalize.tokens(text)`` look them up directly. Shared keys map to the place
    ``resolve`` returns. The dict is a fresh copy.
    """
    return {key: ids[0] for key, ids in _default().keys.items()}
