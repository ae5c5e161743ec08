"""Date mentions: the hand-labelled set (tests/data/labelled_dates.yaml) and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geodata.dates import (
    DateMention,
    find_dates,
    find_dates_clean,
    find_dates_document,
    infer_years,
)

LABELS = Path(__file__).parent / "data" / "labelled_dates.yaml"


@pytest.fixture(scope="module")
def found(seed_mentions):
    return {doc: (text, dates) for doc, (text, _places, dates) in seed_mentions.items()}


def test_labelled_dates_precision_and_recall(found):
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    positives = [lab for lab in labels if "date" not in lab]
    assert len(positives) >= 25
    tp = fp = fn = 0
    misses = []
    for lab in labels:
        text, mentions = found[lab["doc"]]
        start = lab["offset"]
        end = start + len(lab["surface"])
        assert text[start:end] == lab["surface"], lab
        hits = [m for m in mentions if m.start < end and start < m.end]
        if "date" in lab:  # a negative
            fp += len(hits)
            misses.extend((lab["surface"], m.surface) for m in hits)
            continue
        want = (lab["start_date"], lab["end_date"], lab["precision"])
        right = [m for m in hits if (m.start_date, m.end_date, m.precision) == want]
        tp += bool(right)
        fp += len(hits) - len(right)
        fn += not right
        if not right:
            misses.append((lab["surface"], want, [(m.surface, m.start_date) for m in hits]))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(
        f"\ndate mentions: {len(positives)} labelled positives, {len(labels) - len(positives)} "
        f"negatives; precision {precision:.3f}, recall {recall:.3f}; misses {misses}"
    )
    assert precision >= 0.95
    assert recall >= 0.95


@pytest.mark.parametrize(
    "text, surface, start, end, precision",
    [
        ("November 8, 2020", "November 8, 2020", "2020-11-08", "2020-11-08", "day"),
        ("on 8 November 2020.", "8 November 2020", "2020-11-08", "2020-11-08", "day"),
        ("on September 19-20, 2023,", "September 19-20, 2023", "2023-09-19", "2023-09-20", "day"),
        ("on 12-16 July 2020", "12-16 July 2020", "2020-07-12", "2020-07-16", "day"),
        (
            "from September 27 to November 10, 2020",
            "September 27 to November 10, 2020",
            "2020-09-27",
            "2020-11-10",
            "day",
        ),
        ("by December 1, 2020", "December 1, 2020", "2020-12-01", "2020-12-01", "day"),
        ("in 1992", "1992", "1992-01-01", "1992-12-31", "year"),
        ("by 1994", "1994", "1994-01-01", "1994-12-31", "year"),
        ("in May 1994", "May 1994", "1994-05-01", "1994-05-31", "month"),
        (
            "February 1988 to May 1994",
            "February 1988 to May 1994",
            "1988-02-01",
            "1994-05-31",
            "month",
        ),
        ("since the late 1980s", "late 1980s", "1987-01-01", "1989-12-31", "decade"),
        ("the 1990s", "1990s", "1990-01-01", "1999-12-31", "decade"),
        ("on November 8 we", "November 8", "--11-08", "--11-08", "day"),
        ("on 26 Octo-\nber", "26 Octo-\nber", "--10-26", "--10-26", "day"),
    ],
)
def test_expressions(text, surface, start, end, precision):
    (m,) = find_dates(text)
    assert (m.surface, m.start_date, m.end_date, m.precision) == (surface, start, end, precision)
    assert text[m.start : m.end] == surface


# Matches are only tried where one can start (around the digits): the unusual starts
@pytest.mark.parametrize(
    "text, found",
    [
        ("in the mid-1990s", (7, 16, "1993-01-01", "1996-12-31", "decade")),
        ("in 11990s", (4, 9, "1990-01-01", "1999-12-31", "decade")),
        ("on 1st–3rd May 2020", (3, 19, "2020-05-01", "2020-05-03", "day")),
        ("30 April-2 May 2021", (0, 19, "2021-04-30", "2021-05-02", "day")),
        ("Sept. 5, 2021", (0, 13, "2021-09-05", "2021-09-05", "day")),
        ("May,\t\n 1994", (0, 11, "1994-05-01", "1994-05-31", "month")),
        ("x12 May 2020", (1, 12, "2020-05-12", "2020-05-12", "day")),
        ("on 1\u0662 May 2020", (3, 14, "2020-05-12", "2020-05-12", "day")),  # any \d digit
        ("by 2020-11-08.", (3, 13, "2020-11-08", "2020-11-08", "day")),
        ("between 1992 and 1994", (8, 21, "1992-01-01", "1994-12-31", "year")),
    ],
)
def test_find_dates_clean_where_dates_start(text, found):
    assert find_dates_clean(text) == [found]


def test_find_dates_document_keeps_dates_within_passages():
    assert find_dates_document(["in May", "1994 it", "on 8", "May 2020"]) == [
        [],
        [(0, 4, "1994-01-01", "1994-12-31", "year")],
        [],
        [(0, 8, "2020-05-01", "2020-05-31", "month")],
    ]


@pytest.mark.parametrize(
    "text",
    ["30 years", "44 days", "the 44-day war", "a 30-Year conflict", "76,000 mines", "No. 822"],
)
def test_durations_and_counts_are_not_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("before", ["", " ", "(", "\n", "—"])
def test_day_month_without_year_after_a_separator(before):
    (m,) = find_dates(f"{before}8 November")
    assert (m.surface, m.start_date) == ("8 November", "--11-08")


@pytest.mark.parametrize("before", ["123", "a", "é", "_", ".", ",", "1.", "No.1"])
def test_day_month_without_year_not_inside_a_number_or_word(before):
    assert find_dates(f"{before}8 November") == []


def test_infer_years_moves_forward_only():
    forward = find_dates("on 9 October 2020 and again on 17 October")
    assert [m.start_date for m in infer_years(forward)] == ["2020-10-09", "2020-10-17"]
    assert infer_years(forward)[1].year_inferred
    backward = find_dates("a decree in December 2020. Since then, November 8 is a holiday")
    assert infer_years(backward)[1].start_date == "--11-08"


def test_year_less_dates_have_no_interval():
    m = DateMention(0, 10, "November 8", "--11-08", "--11-08", "day")
    assert not m.year_known and m.interval() is None
