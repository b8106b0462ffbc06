"""French calendar words, hours, years placed in an event's period, and dates shown in French."""

import datetime as dt

import pytest

from agenda.lib.frenchdates import (
    fold,
    format_date_range_fr,
    month_number,
    parse_hour,
    parse_hour_range,
    resolve_year,
    weekday_fr,
    weekday_number,
)
from agenda.lib.frenchtokens import tokenize


@pytest.mark.parametrize(
    ("name", "number"),
    [("janvier", 1), ("Février", 2), ("fevrier", 2), ("AOÛT", 8), ("aout", 8), ("déc.", 12),
     ("Decembre", 12), ("sept", 9), ("juillet", 7)],
)  # fmt: skip
def test_it_knows_month_names_with_or_without_accents_in_any_case(name, number):
    assert month_number(name) == number


def test_it_refuses_words_that_are_not_months():
    assert month_number("marsupial") is None
    assert month_number("lundi") is None


def test_it_knows_weekday_names_in_any_case():
    assert weekday_number("Lundi") == 0
    assert weekday_number("DIMANCHE") == 6
    assert weekday_number("demain") is None


def test_it_names_the_weekday_of_a_date_in_french():
    assert weekday_fr(dt.date(2023, 11, 3)) == "vendredi"
    assert weekday_fr(dt.datetime(2023, 11, 7, 9, 30)) == "mardi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9h", dt.time(9)), ("09h00", dt.time(9)), ("14h30", dt.time(14, 30)),
     ("9 h 30", dt.time(9, 30)), ("9:30", dt.time(9, 30)), ("midi", dt.time(12)),
     ("17H", dt.time(17))],
)  # fmt: skip
def test_it_reads_hours_as_editors_write_them(text, expected):
    assert parse_hour(text) == expected


def test_it_refuses_impossible_hours():
    assert parse_hour("25h") is None
    assert parse_hour("9h75") is None
    assert parse_hour("neuf heures") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17h00-17h30", (dt.time(17), dt.time(17, 30))),
     ("9h – 12h", (dt.time(9), dt.time(12))),
     ("de 9h à 12h30", (dt.time(9), dt.time(12, 30))),
     ("10h au 11h", (dt.time(10), dt.time(11))),
     ("9:30-midi", (dt.time(9, 30), dt.time(12))),
     ("14h", (dt.time(14), None))],
)  # fmt: skip
def test_it_reads_hour_ranges_with_every_separator(text, expected):
    assert parse_hour_range(text) == expected


def test_it_rolls_the_year_over_in_january():
    start, end = dt.date(2020, 12, 15), dt.date(2021, 1, 15)
    assert resolve_year(5, 1, start=start, end=end) == dt.date(2021, 1, 5)
    assert resolve_year(20, 12, start=start, end=end) == dt.date(2020, 12, 20)


def test_it_places_a_december_date_before_a_january_event():
    assert resolve_year(28, 12, start=dt.date(2021, 1, 5)) == dt.date(2020, 12, 28)


def test_it_accepts_naive_datetimes_as_event_dates():
    start = dt.datetime(2023, 11, 2, 0, 0)
    assert resolve_year(3, 11, start=start, end=dt.datetime(2023, 11, 30)) == dt.date(2023, 11, 3)


def test_without_event_dates_the_reference_date_anchors_the_year():
    assert resolve_year(17, 2, reference=dt.date(2022, 1, 28)) == dt.date(2022, 2, 17)


def test_it_cannot_resolve_a_year_without_anything_to_anchor_it():
    assert resolve_year(17, 2) is None


def test_it_refuses_impossible_days():
    assert resolve_year(31, 11, start=dt.date(2023, 11, 2)) is None


def test_the_29th_of_february_goes_to_the_nearest_leap_year():
    assert resolve_year(29, 2, start=dt.date(2024, 1, 10)) == dt.date(2024, 2, 29)


def test_it_shows_a_range_of_days_in_one_month():
    text = format_date_range_fr(dt.date(2023, 11, 2), dt.date(2023, 11, 30))
    assert text == "du jeudi 2 au jeudi 30 novembre 2023"


def test_it_shows_a_slot_of_one_day_with_typographic_hours():
    start, end = dt.datetime(2023, 11, 3, 16, 15), dt.datetime(2023, 11, 3, 18, 15)
    assert (
        format_date_range_fr(start, end)
        == "le vendredi 3 novembre 2023 de 16\u00a0h\u00a015 à 18\u00a0h\u00a015"
    )


def test_it_shows_a_single_day_and_the_first_of_the_month():
    assert format_date_range_fr(dt.date(2023, 11, 1)) == "le mercredi 1er novembre 2023"


def test_it_shows_a_start_time_without_end():
    assert (
        format_date_range_fr(dt.datetime(2023, 11, 7, 9, 0))
        == "le mardi 7 novembre 2023 à 9\u00a0h"
    )


def test_it_shows_ranges_across_months_and_years():
    across_months = format_date_range_fr(dt.date(2023, 10, 30), dt.date(2023, 11, 2))
    assert across_months == "du lundi 30 octobre au jeudi 2 novembre 2023"
    across_years = format_date_range_fr(dt.date(2023, 12, 28), dt.date(2024, 1, 2))
    assert across_years == "du jeudi 28 décembre 2023 au mardi 2 janvier 2024"


def test_it_shows_times_on_different_days():
    start, end = dt.datetime(2023, 11, 15, 9, 0), dt.datetime(2023, 11, 16, 18, 0)
    assert format_date_range_fr(start, end) == (
        "du mercredi 15 novembre 2023 à 9\u00a0h au jeudi 16 novembre 2023 à 18\u00a0h"
    )


def test_midnight_means_no_time_like_in_the_front_matter():
    start, end = dt.datetime(2023, 11, 2, 0, 0), dt.datetime(2023, 11, 30, 0, 0)
    assert format_date_range_fr(start, end) == "du jeudi 2 au jeudi 30 novembre 2023"


def test_fold_gives_every_character_what_decomposing_and_dropping_every_mark_gives():
    """`fold` takes short cuts (ASCII, the Latin marks in one pass): the result is that of the
    plain rule for every character of Unicode, alone and in a text, and for mixed texts."""
    import unicodedata

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert fold(everything) == plain(everything)
    assert [c for c in everything if fold(c) != plain(c)] == []
    for text in ("Février", "l’Œuvre « été » – 1er", "Ÿ\u0301\u034fa\u20dd", "ÉTÉ\u0489", "abc"):
        assert fold(text) == plain(text)
    assert fold("Journée d’ÉTÉ à Noël") == "journee d’ete a noel"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("### 14.11", [(14, 11, None)]),
        ("Le 14.11.2024 à 9h", [(14, 11, 2024)]),
        ("du 1.12 au 3.12.", [(1, 12, None), (3, 12, None)]),
        ("le 14.11.23 et le 3.1.2024", [(14, 11, 2023), (3, 1, 2024)]),
        ("la version 1.2.34", []),
        ("pour 12.50 € par personne", []),
        ("version 1.12 du logiciel", []),
        ("l'article 3.10 du code", []),
        ("9.30", []),  # no month 30
        ("1.5 million", []),
    ],
)
def test_it_reads_dates_written_with_dots_and_not_amounts_or_versions(text, expected):
    assert [t.value for t in tokenize(text) if t.kind == "numdate"] == expected


def test_noon_after_a_dash_ends_a_slot_and_afternoon_is_no_time():
    assert [t.value for t in tokenize("11h-midi") if t.kind == "time"] == [dt.time(11), dt.time(12)]
    assert [t.kind for t in tokenize("cet après-midi, 14h")] == ["dash", "comma", "time"]


def test_j2_reads_as_the_second_day_and_j_minus_7_does_not():
    assert [(t.kind, t.value) for t in tokenize("J2, 11h")][:2] == [("word", None), ("num", 2)]
    assert [t.text for t in tokenize("J2, 11h")][:2] == ["jour", "2"]
    assert "jour" not in [t.text for t in tokenize("à J-7 de l'événement")]
    assert "jour" not in [t.text for t in tokenize("0:J¹ J²")]  # digits, not decimal ones


def test_a_superscript_beside_a_dot_is_no_date_and_no_crash():
    assert [t.kind for t in tokenize("².0")] == []
    assert [t.kind for t in tokenize("m² 14.11")] == ["numdate"]


@pytest.mark.parametrize(
    "text, slots",
    [
        ("De 14 à 16 h, un atelier", [(dt.time(14), dt.time(16))]),
        ("entre 9 et 12 h", [(dt.time(9), dt.time(12))]),
        ("une formation de 2 à 3 h", [(dt.time(3), None)]),  # a length, not a range of hours
        ("de 14 à 16 ans", []),
    ],
)
def test_a_range_whose_unit_is_written_once_after_its_end_is_a_range_of_hours(text, slots):
    from agenda.lib.frenchwhen import find_whens

    assert [slot for when in find_whens(text) for slot in when.slots] == slots
