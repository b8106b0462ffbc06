"""The programme of an event page read as sessions: more forms the corpus does not show (arrows
and dotted hours in ranges, cards whose fields come first, several titled slots on one line,
prose joined by commas). The examples here are made up."""

import datetime as dt

from agenda.lib.frenchtokens import tokenize

from .test_programme import D, T, read, slots

DAY = D(2024, 11, 14)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return T(2024, 11, 14, hour, minute)


def test_an_arrow_or_a_chevron_joins_the_two_ends_of_a_range():
    body = "* 9h→10h : Accueil\n* 10h > 11h : Plénière\n* 11h -> 12h : Ateliers"
    assert slots(read(body, DAY)) == [
        (at(9), at(10), "Accueil", []),
        (at(10), at(11), "Plénière", []),
        (at(11), at(12), "Ateliers", []),
    ]


def test_dotted_hours_in_a_dashed_range_or_first_on_an_item_are_times():
    body = "* 9.30 - 10.30 : Accueil\n* 10h45 - 12.15 : Plénière\n* 14.00 : Ateliers"
    assert slots(read(body, DAY)) == [
        (at(9, 30), at(10, 30), "Accueil", []),
        (at(10, 45), at(12, 15), "Plénière", []),
        (at(14), None, "Ateliers", []),
    ]


def test_decimal_numbers_versions_and_amounts_are_no_times():
    body = (
        "La version 2.0 du guide paraît ; le taux passe de 12.50 à 14.30 cette année.\n\n"
        "Le café coûte 2.50 €, la salle fait 9.30 m de long.\n\n"
        "* Note : 14.50 sur 20\n"
    )
    assert read(body, DAY) == []
    kinds = {t.kind for t in tokenize(body)}
    assert "time" not in kinds and "dottime" not in kinds


def test_a_dotted_hour_that_could_be_a_date_stays_a_date():
    tokens = tokenize("### 8.11")
    assert [(t.kind, t.value) for t in tokens] == [("numdate", (8, 11, None))]
