"""Gazetteer: name resolution, the fold() contract, and validation of places.yaml."""

from __future__ import annotations

import re

import pytest
import yaml

from geodata import gazetteer
from geodata.config import package_data, seeds_dir
from geodata.errors import DataError, UnknownPlace
from geodata.normalize import fold, tokens

# Every place spelling the five seed documents use -> (id, kind). Each must occur in a seed.
SEED_SPELLINGS = {
    "Shusha": ("town:shusha", "town"),
    "Fizuli": ("town:fuzuli", "town"),
    "Fuzuli": ("town:fuzuli", "town"),
    "Jabrayil": ("town:jabrayil", "town"),
    "Jabayil": ("town:jabrayil", "town"),
    "Khojavend": ("town:khojavend", "town"),
    "Khojavand": ("town:khojavend", "town"),
    "Zangilan": ("town:zangilan", "town"),
    "Qubadli": ("town:qubadli", "town"),
    "Khojaly": ("town:khojaly", "town"),
    "Khojali": ("town:khojaly", "town"),
    "Khankendi": ("town:khankendi", "town"),
    "Stepanakert": ("town:khankendi", "town"),
    "Lachin": ("town:lachin", "town"),
    "Lachin District": ("AZ-LAC", "district"),
    "Lachin Corridor": ("region:lachin-corridor", "region"),
    "Agdam": ("town:aghdam", "town"),
    "Aghdam": ("town:aghdam", "town"),
    "Aghdam District": ("AZ-AGM", "district"),
    "Kalbajar": ("town:kalbajar", "town"),
    "Aghdere": ("town:aghdere", "town"),
    "Martakert": ("town:aghdere", "town"),
    "Tartar District": ("AZ-TAR", "district"),
    "Tovuz": ("town:tovuz", "town"),
    "Ganja": ("town:ganja", "town"),
    "Mingachevir": ("town:mingachevir", "town"),
    "Baku": ("town:baku", "town"),
    "Yerevan": ("town:yerevan", "town"),
    "Moscow": ("town:moscow", "town"),
    "Washington": ("town:washington", "town"),
    "Brussels": ("town:brussels", "town"),
    "Granada": ("town:granada", "town"),
    "Ankara": ("town:ankara", "town"),
    "Karabakh": ("region:karabakh", "region"),
    "Garabagh": ("region:karabakh", "region"),
    "Karbakh": ("region:karabakh", "region"),
    "Nagorno-Karabakh": ("region:karabakh", "region"),
    "Nagorno-Karabakh Autonomous Region": ("region:karabakh", "region"),
    "Artsakh": ("region:karabakh", "region"),
    "Republic of Artsakh": ("region:karabakh", "region"),
    "Nakhchivan": ("region:nakhchivan", "region"),
    "Nakhchivan Autonomous Republic": ("region:nakhchivan", "region"),
    "East Zangazur": ("region:east-zangezur", "region"),
    "Syunik": ("region:syunik", "region"),
    "South Caucasus": ("region:south-caucasus", "region"),
    "Caspian Sea": ("region:caspian-sea", "region"),
    "Europe": ("region:europe", "region"),
    "Azerbaijan": ("country:az", "country"),
    "Republic of Azerbaijan": ("country:az", "country"),
    "Azerbaijan SSR": ("country:az", "country"),
    "Armenia": ("country:am", "country"),
    "Republic of Armenia": ("country:am", "country"),
    "Russia": ("country:ru", "country"),
    "Russian Federation": ("country:ru", "country"),
    "Turkey": ("country:tr", "country"),
    "Israel": ("country:il", "country"),
    "Iran": ("country:ir", "country"),
    "United States": ("country:us", "country"),
    "United Kingdom": ("country:gb", "country"),
    "France": ("country:fr", "country"),
    "Germany": ("country:de", "country"),
    "Italy": ("country:it", "country"),
    "Japan": ("country:jp", "country"),
    "Qatar": ("country:qa", "country"),
    "Belarus": ("country:by", "country"),
    "Syria": ("country:sy", "country"),
    "Lebanon": ("country:lb", "country"),
    "Soviet Union": ("country:su", "country"),
}

# Other names: Armenian usage, Russian, Azerbaijani with and without diacritics, ids.
OTHER_NAMES = {
    "Shushi": "town:shusha",
    "Шуша": "town:shusha",
    "Şuşa": "town:shusha",
    "ŞUŞA": "town:shusha",
    "susa": "town:shusha",
    "Shusha district": "AZ-SUS",
    "Şuşa rayonu": "AZ-SUS",
    "AZ-SUS": "AZ-SUS",
    "az-sus": "AZ-SUS",
    "town:shusha": "town:shusha",
    "Xankəndi": "town:khankendi",
    "XANKENDI": "town:khankendi",
    "Ханкенди": "town:khankendi",
    "Степанакерт": "town:khankendi",
    "Ստեփանակերտ": "town:khankendi",
    "Berdzor": "town:lachin",
    "Laçın": "town:lachin",
    "Lacin": "town:lachin",
    "Kashatagh": "AZ-LAC",
    "Karvachar": "town:kalbajar",
    "Kelbajar": "town:kalbajar",
    "Kəlbəcər": "town:kalbajar",
    "Kalbacar": "town:kalbajar",
    "Kalbajar district": "AZ-KAL",
    "Mardakert": "town:aghdere",
    "Ağdərə": "town:aghdere",
    "Martuni": "town:khojavend",
    "Мартуни": "town:khojavend",
    "Xocavənd": "town:khojavend",
    "Xocavend": "town:khojavend",
    "Khojavend District": "AZ-XVD",
    "Askeran": "town:askeran",
    "Əsgəran": "town:askeran",
    "Xocalı": "town:khojaly",
    "Xocali": "town:khojaly",
    "Khodzhaly": "town:khojaly",
    "Jebrail": "town:jabrayil",
    "Dzhebrail": "town:jabrayil",
    "Cəbrayıl": "town:jabrayil",
    "Cabrayil": "town:jabrayil",
    "Jabrayil district": "AZ-CAB",
    "Kubatly": "town:qubadli",
    "Qubadlı": "town:qubadli",
    "Zangelan": "town:zangilan",
    "Zəngilan": "town:zangilan",
    "Füzuli": "town:fuzuli",
    "FUZULI": "town:fuzuli",
    "Fizuli district": "AZ-FUZ",
    "Ağdam": "town:aghdam",
    "Terter": "town:tartar",
    "Tərtər": "town:tartar",
    "Hadrut": "town:hadrut",
    "Гадрут": "town:hadrut",
    "Nakhchivan City": "town:nakhchivan",
    "Naxçıvan": "region:nakhchivan",
    "Qarabağ": "region:karabakh",
    "Nagorny Karabakh": "region:karabakh",
    "Нагорный Карабах": "region:karabakh",
    "Zangezur": "region:zangezur",
    "Azərbaycan": "country:az",
    "Georgia": "country:ge",
    "  stepanakert  ": "town:khankendi",
}

# Not places, or not districts/towns: (text, expected id or None).
NON_PLACES = [
    ("Victory", None),
    ("Victory Day", None),
    ("Land of Fire", None),
    ("Iron Fist", None),
    ("The Iron Fist", None),
    ("Armenian", None),
    ("Armenians", None),
    ("Azerbaijani", None),
    ("Azeri", None),
    ("Russian", None),
    ("Patriotic War", None),
    ("Karabakh War", None),
    ("Republic", None),
    ("Minsk Group", None),
    ("President", None),
    ("us", None),
    ("banana", None),
    ("", None),
    ("Martuni district", None),
    ("Nagoya Karakul", None),
    ("Garabagh", "region:karabakh"),
    ("Karabakh", "region:karabakh"),
    ("Armenia", "country:am"),
    ("Azerbaijan", "country:az"),
]


def _seed_text() -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt")))
    return text.replace("-\n", "")  # seed 003 hyphenates across line breaks ("Mingache-\nvir")


def test_table_has_at_least_40_distinct_aliases():
    assert len(set(SEED_SPELLINGS) | set(OTHER_NAMES)) >= 40


@pytest.mark.parametrize("spelling", sorted(SEED_SPELLINGS))
def test_seed_spelling_occurs_in_a_seed_and_resolves(spelling):
    assert spelling in _seed_text(), f"{spelling!r} is not a seed spelling"
    place = gazetteer.resolve(spelling)
    assert place is not None, spelling
    assert (place.id, place.kind) == SEED_SPELLINGS[spelling]


@pytest.mark.parametrize("name", sorted(OTHER_NAMES))
def test_other_names_resolve(name):
    place = gazetteer.resolve(name)
    assert place is not None and place.id == OTHER_NAMES[name], name


@pytest.mark.parametrize(("text", "expected"), NON_PLACES)
def test_non_places_never_become_districts_or_towns(text, expected):
    place = gazetteer.resolve(text)
    assert (place.id if place else None) == expected
    assert place is None or place.kind in ("region", "country")


def test_martuni_is_the_khojavend_town_not_armenias_district():
    place = gazetteer.resolve("Martuni")
    assert (place.id, place.kind, place.district) == ("town:khojavend", "town", "AZ-XVD")
    assert [p.id for p in gazetteer.resolve_all("Martuni")] == ["town:khojavend"]


def test_seat_names_are_shared_by_town_and_district_town_first():
    assert [p.id for p in gazetteer.resolve_all("Aghdam")] == ["town:aghdam", "AZ-AGM"]
    assert [p.id for p in gazetteer.resolve_all("Şuşa")] == ["town:shusha", "AZ-SUS"]
    assert gazetteer.resolve("Aghdam").district == "AZ-AGM"


def test_every_focus_district_has_its_seat_town():
    focus = [p for p in gazetteer.places() if p.kind == "district" and not p.context]
    assert len(focus) == 12
    for district in focus:
        seat = gazetteer.get_place(district.seat)
        assert seat.kind == "town" and seat.district == district.id
        assert gazetteer.resolve(f"{district.name} district").id == district.id


def test_get_place_unknown_raises():
    with pytest.raises(UnknownPlace, match="town:atlantis"):
        gazetteer.get_place("town:atlantis")


def test_load_places_dataframe():
    df = gazetteer.load_places()
    assert df["id"].is_unique
    assert set(df["kind"]) == {"district", "town", "region", "country"}
    assert len(df) == len(gazetteer.places())
    row = df.set_index("id").loc["town:khankendi"]
    assert row["name_hy"] == "Stepanakert" and row["district"] == "AZ-XA"


def test_geonames_attribution_in_places_yaml():
    doc = yaml.safe_load(package_data("places.yaml").read_text(encoding="utf-8"))
    text = " ".join(doc["attribution"].values())
    assert "GeoNames" in text and "CC BY 4.0" in text


def test_aliases_keys_are_folded_and_resolve_to_the_same_place():
    table = gazetteer.aliases()
    assert table["stepanakert"] == "town:khankendi"
    assert table["nagorno karabakh"] == "region:karabakh"
    for key, place_id in table.items():
        assert key == fold(key)
        assert gazetteer.resolve(key).id == place_id


def test_fold_rules():
    assert fold("Xankəndi") == "khankandi"
    assert fold("ŞUŞA") == fold("Susa") == "susa"
    assert fold("Ağdərə") == "agdara"
    assert fold("Qubadlı") == "qubadli"
    assert fold("Göygöl") == "goygol"
    assert fold("Füzuli") == "fuzuli"
    assert fold("Naxçıvan") == "nakhcivan"
    assert fold("İmişli") == "imisli"
    assert fold("Nagorno-Karabakh") == "nagorno karabakh"
    assert fold("Armenia’s") == "armenia s"
    assert fold("  Lachin\n  Corridor ") == "lachin corridor"
    assert fold("Шуша") == "шуша"
    assert fold("S\u0327us\u0327a") == "susa"  # decomposed (NFD) input
    assert fold("--") == ""


def test_fold_equals_joined_tokens_on_the_seeds():
    text = _seed_text()
    assert fold(text) == " ".join(tok.folded for tok in tokens(text))
    for tok in tokens(text):
        assert fold(text[tok.start : tok.end]) == tok.folded


def test_token_ngrams_find_the_seed_places():
    """The corpus team's scan: n-grams of folded tokens looked up in aliases()."""
    table = gazetteer.aliases()
    longest = max(len(key.split()) for key in table)
    words = [tok.folded for tok in tokens(_seed_text())]
    found = {
        table[" ".join(words[i : i + n])]
        for i in range(len(words))
        for n in range(1, longest + 1)
        if " ".join(words[i : i + n]) in table
    }
    assert {place_id for place_id, _ in SEED_SPELLINGS.values()} <= found


# --- validation of places.yaml -------------------------------------------------------------


def _write(tmp_path, places):
    path = tmp_path / "places.yaml"
    path.write_text(yaml.safe_dump({"places": places}, allow_unicode=True), encoding="utf-8")
    return path


def _district(**extra):
    base = dict(id="AZ-SUS", kind="district", name="Shusha", district="AZ-SUS", lon=46.7, lat=39.7)
    return {**base, "coord_source": "boundaries", "context": False, **extra}


def _town(**extra):
    base = dict(id="town:shusha", kind="town", name="Shusha", district="AZ-SUS", lon=46.7, lat=39.8)
    return {**base, "coord_source": "geonames", "context": False, **extra}


def test_shipped_places_yaml_is_valid():
    assert len(gazetteer.places(package_data("places.yaml"))) > 100


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ([_district(), _district()], r"AZ-SUS: duplicate id"),
        ([_district(), _town(district="AZ-XXX")], r"town:shusha: unknown district 'AZ-XXX'"),
        ([_district(), _town(colour="red")], r"town:shusha: unknown fields \['colour'\]"),
        ([_district(kind="province")], r"AZ-SUS: kind 'province'"),
        ([_district(lat=99)], r"AZ-SUS: bad coordinates"),
        ([_district(), _town(id="town:susa"), _town()], r"town:susa: name 'shusha' is also"),
        ([_district(seat="town:shusha")], r"AZ-SUS: seat 'town:shusha' is not a town of it"),
        ([_district(aliases=["--"])], r"AZ-SUS: a name folds to nothing"),
    ],
)
def test_invalid_places_yaml_raises_data_error_naming_the_entry(tmp_path, places, message):
    path = _write(tmp_path, places)
    with pytest.raises(DataError, match=rf"places\.yaml: {message}"):
        gazetteer.places(path)


def test_same_name_across_kinds_is_ordered_not_an_error(tmp_path):
    path = _write(tmp_path, [_district(seat="town:shusha"), _town()])
    assert [p.id for p in gazetteer.places(path)] == ["AZ-SUS", "town:shusha"]


def test_ids_are_well_formed():
    for place in gazetteer.places():
        assert re.fullmatch(r"AZ-[A-Z]{2,3}|(town|region):[a-z0-9-]+|country:[a-z]{2}", place.id)
