"""The control timeline: loading, validation, states around key events, queries, evidence."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
import yaml

from geodata import timeline as tl
from geodata.errors import BadDate, DataError, UnknownPlace


def d(text: str) -> date:
    return date.fromisoformat(text)


def variant(tmp_path, mutate) -> str:
    """A copy of the shipped timeline changed by ``mutate(raw)``; returns its path."""
    raw = yaml.safe_load(tl.timeline_path().read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "timeline.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def event_raw(raw: dict, event_id: str) -> dict:
    return next(e for e in raw["events"] if e["id"] == event_id)


# ------------------------------------------------------------------------------ loading


def test_shipped_timeline_loads_with_every_district_and_typed_entries():
    data = tl.timeline()
    assert {e.district for e in data.events} == set(tl.DISTRICTS)
    assert [e.date for e in data.events] == sorted(e.date for e in data.events)
    assert len(data.periods) == 8 and data.periods[-1].end is None
    shusha = next(e for e in data.events if e.id == "shusha-2020-11-08")
    assert (shusha.before, shusha.after, shusha.date) == ("armenian", "azerbaijan", d("2020-11-08"))
    seed = shusha.evidence[0]
    assert seed.document == "001_cccedf098a632ea1" and seed.quote and seed.external is None
    assert not seed.is_external
    kalbajar = next(e for e in data.events if e.id == "kalbajar-1993-04-03")
    assert kalbajar.evidence[0].is_external and kalbajar.evidence[0].quote is None
    with pytest.raises(AttributeError):
        shusha.after = "armenian"  # frozen


def test_timeline_is_cached_and_other_files_load(tmp_path):
    assert tl.timeline() is tl.timeline()
    other = tl.load_timeline(variant(tmp_path, lambda raw: None))
    assert other is not tl.timeline() and other.events == tl.timeline().events


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: event_raw(r, "shusha-1992-05-08").update(district="AZ-XXX"), "unknown district"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(after="russian"), "unknown controller"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(date="1992-13-08"), "bad date"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(date="8 May 1992"), "bad date"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(date=d("1987-05-08")), "outside"),
        (lambda r: event_raw(r, "shusha-1992-05-08").pop("evidence"), "missing"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(evidence=[]), "missing evidence"),
        (
            lambda r: event_raw(r, "shusha-1992-05-08")["evidence"][0].update(quote="  "),
            "empty quote",
        ),
        (
            lambda r: event_raw(r, "shusha-1992-05-08").update(evidence=[{"external": ""}]),
            "empty external",
        ),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(precision="month"), "precision month"),
        (lambda r: event_raw(r, "aghdam-1993-07-23").pop("extent_note"), "extent_note"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(kind="liberated"), "unknown kind"),
        (lambda r: event_raw(r, "shusha-1992-05-08").update(colour="red"), "unknown field"),
    ],
)
def test_invalid_entries_raise_data_error_naming_file_entry_and_problem(tmp_path, mutate, expected):
    path = variant(tmp_path, mutate)
    with pytest.raises(DataError) as info:
        tl.load_timeline(path)
    message = str(info.value)
    assert path in message and expected in message and "\n" not in message
    if "shusha" in message or "aghdam" in message:
        assert "event 'shusha-1992-05-08'" in message or "event 'aghdam-1993-07-23'" in message


def test_duplicate_ids_and_unreadable_files_are_data_errors(tmp_path):
    def duplicate(raw):
        raw["events"].append(dict(event_raw(raw, "shusha-1992-05-08")))

    with pytest.raises(DataError, match="duplicate id 'shusha-1992-05-08'"):
        tl.load_timeline(variant(tmp_path, duplicate))
    with pytest.raises(DataError, match="cannot read"):
        tl.load_timeline(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("events: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        tl.load_timeline(broken)


# ------------------------------------------------------------------------------ states


def controller(district: str, day: str) -> tuple[str, str]:
    state = tl.state_at(d(day))[district]
    return state.controller, state.extent


@pytest.mark.parametrize(
    ("district", "before_day", "before", "after_day", "after"),
    [
        ("AZ-SUS", "2020-11-07", "armenian", "2020-11-09", "azerbaijan"),
        ("AZ-AGM", "2020-11-19", "armenian", "2020-11-21", "azerbaijan"),
        ("AZ-KAL", "2020-11-24", "armenian", "2020-11-26", "azerbaijan"),
        ("AZ-LAC", "2020-11-30", "armenian", "2020-12-02", "azerbaijan"),
        ("AZ-XA", "2023-09-18", "peacekeeping", "2023-09-21", "azerbaijan"),
        ("AZ-XA", "2020-11-09", "armenian", "2020-11-11", "peacekeeping"),
        ("AZ-SUS", "1992-05-07", "azerbaijan", "1992-05-09", "armenian"),
        ("AZ-LAC", "1992-05-17", "azerbaijan", "1992-05-19", "armenian"),
        ("AZ-AGM", "1993-07-22", "azerbaijan", "1993-07-24", "armenian"),
        ("AZ-FUZ", "2020-10-16", "armenian", "2020-10-18", "azerbaijan"),
        ("AZ-CAB", "2020-10-03", "armenian", "2020-10-05", "azerbaijan"),
    ],
)
def test_state_on_both_sides_of_key_events(district, before_day, before, after_day, after):
    assert controller(district, before_day)[0] == before
    assert controller(district, after_day)[0] == after


def test_lachin_is_partial_until_the_town_is_handed_over():
    assert controller("AZ-LAC", "2020-12-02") == ("azerbaijan", "partial")
    assert controller("AZ-LAC", "2022-08-25") == ("azerbaijan", "partial")
    assert controller("AZ-LAC", "2022-08-26") == ("azerbaijan", "whole")
    assert "corridor" in tl.state_at(d("2021-06-01"))["AZ-LAC"].extent_note


def test_first_war_states_1991_1992_1993():
    start = tl.state_at(tl.FIRST_DAY)
    assert {s.controller for s in start.values()} == {"azerbaijan"}
    assert all(s.event is None and s.since == tl.FIRST_DAY for s in start.values())
    assert controller("AZ-XA", "1991-06-01") == ("azerbaijan", "whole")
    assert controller("AZ-XA", "1991-12-15") == ("armenian", "whole")
    mid_1992 = tl.state_at(d("1992-06-01"))
    assert mid_1992["AZ-SUS"].controller == mid_1992["AZ-LAC"].controller == "armenian"
    assert mid_1992["AZ-KAL"].controller == mid_1992["AZ-AGM"].controller == "azerbaijan"
    end_1993 = tl.state_at(d("1993-12-31"))
    occupied = ("AZ-SUS", "AZ-LAC", "AZ-KAL", "AZ-QBI", "AZ-ZAN", "AZ-XA", "AZ-XCI", "AZ-XVD")
    assert all(end_1993[x].controller == "armenian" for x in occupied)
    assert end_1993["AZ-AGM"].extent == end_1993["AZ-FUZ"].extent == "partial"
    assert "77%" in end_1993["AZ-AGM"].extent_note
    assert end_1993["AZ-TAR"].controller == "azerbaijan" and end_1993["AZ-TAR"].extent == "partial"
    assert controller("AZ-ZAN", "1993-10-28") == ("azerbaijan", "whole")


def test_today_everything_is_azerbaijani_and_since_matches_the_event():
    today = tl.state_at(date.today())
    assert {(s.controller, s.extent) for s in today.values()} == {("azerbaijan", "whole")}
    assert (
        today["AZ-XA"].since == d("2023-09-20") and today["AZ-XA"].event == "khankendi-2023-09-20"
    )
    assert list(today) == list(tl.DISTRICTS)


def test_state_at_refuses_days_outside_the_range():
    with pytest.raises(BadDate):
        tl.state_at(date(1987, 12, 31))
    with pytest.raises(BadDate):
        tl.state_at(date.today() + timedelta(days=1))


# ------------------------------------------------------------------------------ queries


def test_parse_date_accepts_iso_days_only():
    assert tl.parse_date("2020-11-08") == d("2020-11-08")
    assert tl.parse_date(" 1988-01-01 ") == tl.FIRST_DAY
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for text in ("banana", "2020-02-30", "2020-11", "08/11/2020", "1987-12-31", tomorrow, ""):
        with pytest.raises(BadDate) as info:
            tl.parse_date(text)
        message = str(info.value)
        assert "1988-01-01" in message and date.today().isoformat() in message
        assert "\n" not in message


def test_history_is_the_districts_events_in_order():
    ids = [e.id for e in tl.history("AZ-XA")]
    assert ids == ["khankendi-1991-12", "khankendi-2020-11-10", "khankendi-2023-09-20"]
    lachin = tl.history("AZ-LAC")
    assert [e.after for e in lachin] == ["armenian", "azerbaijan", "azerbaijan"]
    with pytest.raises(UnknownPlace):
        tl.history("AZ-BA")


def test_events_and_milestones_in_a_period():
    war = [e.id for e in tl.events_in("war-2020")]
    assert "shusha-2020-11-08" in war and "hadrut-2020-10-09" in war
    assert "aghdam-2020-11-20" not in war  # handover period: [2020-11-10, 2020-12-01)
    handover = tl.get_period("handover-2020")
    assert {e.id for e in tl.events_in(handover)} >= {"aghdam-2020-11-20", "kalbajar-2020-11-25"}
    assert "lachin-2020-12-01" not in {e.id for e in tl.events_in(handover)}
    ceasefires = [m.id for m in tl.milestones_in("war-2020") if m.kind == "ceasefire"]
    assert ceasefires == [
        "humanitarian-ceasefire-2020-10-10",
        "humanitarian-ceasefire-2020-10-18",
        "humanitarian-ceasefire-2020-10-26",
    ]
    span = [e.id for e in tl.events_in((d("2023-09-19"), None))]
    assert span[0].endswith("2023-09-20")
    with pytest.raises(DataError):
        tl.events_in("no-such-period")


def test_period_at_and_period_boundaries():
    assert tl.period_at(d("1988-01-01")).id == "prelude-1988"
    assert tl.period_at(d("1988-02-20")).id == "first-war"
    assert tl.period_at(d("1994-05-11")).id == "first-war"
    assert tl.period_at(d("1994-05-12")).id == "ceasefire-occupation"
    assert tl.period_at(d("2020-11-09")).id == "war-2020"
    assert tl.period_at(d("2020-11-10")).id == "handover-2020"
    assert tl.period_at(d("2023-09-20")).id == "offensive-2023"
    assert tl.period_at(date.today()).id == "reintegration"


def test_next_and_previous_cover_events_and_milestones():
    assert tl.next_event(d("2020-11-07")).id == "shusha-2020-11-08"
    assert tl.previous_event(d("2020-11-08")).date < d("2020-11-08")
    assert tl.next_event(d("2025-08-01")).id == "washington-2025-08-08"  # a milestone
    assert tl.previous_event(tl.FIRST_DAY) is None
    assert tl.next_event(date.today()) is None
    # Stepping forward visits every dated item's date.
    day, seen = tl.FIRST_DAY, []
    while (item := tl.next_event(day)) is not None:
        seen.append(item.date)
        day = item.date
    dates = {e.date for e in tl.timeline().events} | {m.date for m in tl.timeline().milestones}
    assert seen == sorted(dates)


def test_resolve_evidence_gives_offsets_of_the_verbatim_quote():
    text_of = tl.document_text
    count = 0
    for item in (*tl.timeline().events, *tl.timeline().milestones, *tl.timeline().periods):
        for ev in item.evidence:
            resolved = tl.resolve_evidence(ev)
            if ev.is_external:
                assert resolved is None
                continue
            document, start, end = resolved
            assert document == ev.document and text_of(document)[start:end] == ev.quote
            count += 1
    assert count > 40
    wrapped = tl.Evidence(document="003_d435b1749c76b94b", quote="Rus-\nsian peacekeeping")
    assert tl.resolve_evidence(wrapped)[2] - tl.resolve_evidence(wrapped)[1] == len(wrapped.quote)
    with pytest.raises(DataError, match="not found verbatim"):
        tl.resolve_evidence(tl.Evidence(document="001_cccedf098a632ea1", quote="Shusha fell"))
    with pytest.raises(DataError, match="unknown document"):
        tl.resolve_evidence(tl.Evidence(document="999_missing", quote="x"))


def test_render_state_json_and_csv():
    doc = json.loads(tl.render_state(d("2020-11-09"), "json"))
    assert doc["date"] == "2020-11-09" and len(doc["districts"]) == 12
    shusha = doc["districts"][0]
    assert shusha == {
        "id": "AZ-SUS",
        "name": "Shusha",
        "controller": "azerbaijan",
        "extent": "whole",
        "since": "2020-11-08",
        "event": "shusha-2020-11-08",
    }
    rows = list(csv.DictReader(io.StringIO(tl.render_state(d("2020-11-09"), "csv"))))
    assert tuple(rows[0]) == tl.STATE_COLUMNS and len(rows) == 12
    aghdam = next(r for r in rows if r["id"] == "AZ-AGM")
    assert aghdam["controller"] == "armenian" and "77%" in aghdam["extent_note"]
