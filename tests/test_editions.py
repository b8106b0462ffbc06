"""The next edition's dates and text (issue 14): pure functions, no database.

Holidays computed (Easter included), the move to the same nth weekday (a fifth that does not
exist becomes the last), `--days N`, the slug, and the text rewritten in its own style."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda.events.edition_text import EditionText, rewrite
from agenda.events.editions import Shift, nth_weekday, same_weekday_in, slug_for_year
from agenda.lib.frenchtokens import tokenize
from agenda.lib.frenchwhen import find_whens
from agenda.lib.holidays import easter, french_holidays, holiday_name

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2150, 12, 31))


def test_easter_is_computed_for_known_years():
    assert [easter(y) for y in (2022, 2023, 2024, 2025, 2038)] == [
        dt.date(2022, 4, 17),
        dt.date(2023, 4, 9),
        dt.date(2024, 3, 31),
        dt.date(2025, 4, 20),
        dt.date(2038, 4, 25),
    ]


def test_the_french_holidays_of_2023_are_the_eleven_of_the_code_du_travail():
    holidays = french_holidays(2023)
    assert len(holidays) == 11
    assert holidays[dt.date(2023, 4, 10)] == "Lundi de Pâques"
    assert holidays[dt.date(2023, 5, 18)] == "Ascension"
    assert holidays[dt.date(2023, 5, 29)] == "Lundi de Pentecôte"
    assert holiday_name(dt.date(2023, 11, 1)) == "Toussaint"
    assert holiday_name(dt.date(2023, 11, 2)) == ""


@given(days, st.integers(min_value=1, max_value=30))
def test_a_date_keeps_its_weekday_and_its_rank_in_the_month(day, years):
    moved = same_weekday_in(day, day.year + years)
    assert (moved.year, moved.month, moved.weekday()) == (
        day.year + years,
        day.month,
        day.weekday(),
    )
    if nth_weekday(day) < 5:
        assert nth_weekday(moved) == nth_weekday(day)
    else:  # a fifth weekday: the new month's fifth, or its last when it has none
        last_day = calendar.monthrange(moved.year, moved.month)[1]
        assert nth_weekday(moved) == 5 or moved.day + 7 > last_day
        assert moved.day + 7 > last_day


@given(days, st.integers(min_value=1, max_value=5))
def test_an_event_moves_by_whole_weeks_close_to_the_years(day, years):
    shift = Shift.of_event(day, years=years)
    assert shift.days % 7 == 0
    assert abs(shift.days - 365.25 * years) <= 7 + 1


@given(days, st.integers(min_value=1, max_value=800))
def test_a_move_by_days_moves_every_date_by_that_many_days(day, count):
    assert Shift.of_event(day, years=1, days=count).date(day) == day + dt.timedelta(days=count)


@given(
    st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=800),
)
def test_times_are_kept_as_wall_clock_and_lengths_too(start, length_days, count):
    shift = Shift(count)
    end = start + dt.timedelta(days=length_days, hours=2)
    new_start, new_end = shift.value(start), shift.value(end)
    assert (new_start.time(), new_end.time()) == (start.time(), end.time())
    assert new_end - new_start == end - start


def test_the_first_tuesday_of_november_stays_the_first_and_a_fifth_becomes_the_last():
    assert same_weekday_in(dt.date(2022, 11, 1), 2023) == dt.date(2023, 11, 7)
    assert same_weekday_in(dt.date(2021, 11, 29), 2022) == dt.date(2022, 11, 28)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("mois-de-linnovation-publique-edition-2022", "mois-de-linnovation-publique-edition-2023"),
        ("forum-2022-paris", "forum-2023-paris"),
        ("forum-emploi", "forum-emploi-2023"),
        ("forum-20221", "forum-20221-2023"),
    ],
)
def test_the_slug_has_its_year_replaced_or_added(slug, expected):
    assert slug_for_year(slug, 2022, 2023) == expected


def context(days=364, years=1, start=dt.date(2022, 11, 2), end=dt.date(2022, 11, 30), known=True):
    return EditionText(
        shift=Shift(days),
        years=frozenset(range(start.year, end.year + 1)),
        year_delta=years,
        start=start,
        end=end,
        next_number_known=known,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>[Le jeudi 03/11 de 16h15 à 18h15]</b>", "<b>[Le jeudi 02/11 de 16h15 à 18h15]</b>"),
        ("Du 2 au 30 novembre 2022, participez", "Du 1er au 29 novembre 2023, participez"),
        ("Lundi 7 novembre 2022, 17h-17h30", "Lundi 6 novembre 2023, 17h-17h30"),
        ("Jusqu’au 02/12/22 à midi", "Jusqu’au 01/12/23 à midi"),
        ("le 1er décembre", "le 30 novembre"),
        ("les 14 et 15 novembre", "les 13 et 14 novembre"),
        ("l’édition 2022 du Mois", "l’édition 2023 du Mois"),
        ("la 5ème édition, la 1re édition", "la 6ème édition, la 2e édition"),
    ],
)
def test_year_bound_words_are_rewritten_in_their_own_style(text, expected):
    assert rewrite(text, context())[0] == expected


def test_the_weekdays_of_365_days_later_are_written_with_the_dates():
    text, notes = rewrite("Le jeudi 03/11 et le lundi 07/11", context(days=365))
    assert text == "Le vendredi 03/11 et le mardi 07/11"
    assert [(n.action, n.what, n.old, n.new) for n in notes] == [
        ("fixed", "date", "jeudi 03/11", "vendredi 03/11"),
        ("fixed", "date", "lundi 07/11", "mardi 07/11"),
    ]


def test_the_first_of_the_month_stays_written_1er():
    text, _ = rewrite("Jeudi 1er décembre 2022 et vendredi 02/12", context(days=365))
    assert text == "Vendredi 1er décembre 2023 et samedi 02/12"


def test_history_links_and_paths_are_left_alone():
    text = (
        "Depuis le 3 mars 2019, voir [le site](https://ex.fr/2022/a) et "
        '<img src="/uploads/2022_visuel.png" alt="">'
    )
    assert rewrite(text, context())[0] == text


def test_an_edition_number_is_flagged_when_the_chain_is_unknown():
    text, notes = rewrite("la 5e édition", context(years=2, known=False))
    assert text == "la 5e édition"
    assert [(n.action, n.what, n.old) for n in notes] == [("flagged", "edition", "5e édition")]


def test_a_shared_month_split_by_the_move_is_flagged_not_miswritten():
    text, notes = rewrite(
        "les 30 novembre et 1er décembre, puis 29 et 30 novembre", context(days=1)
    )
    assert "29 et 30 novembre" in text
    assert ("flagged", "date") in {(n.action, n.what) for n in notes}


@given(
    st.dates(min_value=dt.date(2022, 11, 2), max_value=dt.date(2022, 11, 30)),
    st.sampled_from((364, 365, 371)),
    st.sampled_from(("{wd} {d:02d}/{m:02d}", "{Wd} {d} {month}", "le {wd} {d} {month} {y}")),
)
def test_every_rewritten_date_agrees_with_its_weekday(day, count, style):
    from agenda.lib.frenchdates import MONTHS, WEEKDAYS

    weekday = WEEKDAYS[day.weekday()]
    written = style.format(
        wd=weekday,
        Wd=weekday.capitalize(),
        d=day.day,
        m=day.month,
        month=MONTHS[day.month - 1],
        y=day.year,
    )
    text, _ = rewrite(f"Rendez-vous {written} à 10h.", context(days=count))
    moved = day + dt.timedelta(days=count)
    (when,) = [w for w in find_whens(text, tokenize(text)) if w.dates]
    assert when.weekday == WEEKDAYS[moved.weekday()]
    assert (when.dates[0].day, when.dates[0].month) == (moved.day, moved.month)
