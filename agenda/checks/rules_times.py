"""Rules about the event's times: sessions inside the event, ends after starts, offsets that are
Paris's, start times that agree with what the page says."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from agenda.lib.frenchdates import MONTHS, fold
from agenda.lib.frenchwhen import find_whens
from agenda.lib.frontmatter import DATE_TEXT
from agenda.lib.pages import PageData, PageProblem

from .rules import DATE_KEYS, ERROR, CheckContext, rule
from .rules_sentences import sentence_at, tells_history
from .rules_text import TIME_LABEL

PARIS = ZoneInfo("Europe/Paris")


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _hhmm(value: dt.time) -> str:
    return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"


# --- session-outside-event, end-before-start -----------------------------------------------------


@rule(
    "session-outside-event",
    ERROR,
    "Une séance du programme commence ou finit hors des dates de début et de fin de l’événement "
    "(une fois par date écrite : un intertitre de jour qui date plusieurs séances est une erreur).",
    wrong="event_start_date: 2023-11-02, event_end_date: 2023-11-30 … Le 05/12 de 9h à 12h",
    right="event_start_date: 2023-11-02, event_end_date: 2023-12-05 … Le 05/12 de 9h à 12h",
)
def session_outside_event(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    low = ctx.start_date
    if low is None:
        return
    high = ctx.end_date or low
    if high < low:
        return  # end-before-start says it
    period = (
        f"le {low.strftime('%d/%m/%Y')}"
        if high == low
        else f"du {low.strftime('%d/%m/%Y')} au {high.strftime('%d/%m/%Y')}"
    )
    reported: set[tuple[int, int]] = set()
    for session in page.sessions:
        first = _as_date(session.start)
        last = _as_date(session.end) if session.end is not None else first
        outside = first if not low <= first <= high else (last if not low <= last <= high else None)
        if outside is None:
            continue
        # One problem per date as written: a heading dating several sessions is one mistake.
        where = (
            (session.date_line, session.date_column)
            if getattr(session, "date_column", 0)
            else (session.line or 1, session.column or 1)
        )
        if where in reported:
            continue
        reported.add(where)
        key = (
            "event_start_date"
            if outside < low
            else ("event_end_date" if page.end else "event_start_date")
        )
        named = f"« {session.title} » " if session.title else f"« {session.date_text} » "
        yield ctx.problem_at(
            "session-outside-event",
            where[0],
            where[1],
            f"la séance {named}du {outside.strftime('%d/%m/%Y')} est hors de l’événement "
            f"({period}) : corriger la date de la séance ou {key} ?",
        )


def _before(end: dt.date | dt.datetime, start: dt.date | dt.datetime) -> bool:
    if isinstance(end, dt.datetime) and isinstance(start, dt.datetime):
        return end < start
    return _as_date(end) < _as_date(start)


def _show(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@rule(
    "end-before-start",
    ERROR,
    "La fin de l’événement, ou d’une séance, précède son début.",
    wrong="event_start_date: 2023-11-28 09:00:00 +01:00\n"
    "event_end_date: 2023-11-28 00:30:00 +01:00",
    right="event_start_date: 2023-11-28 09:00:00 +01:00\n"
    "event_end_date: 2023-11-28 12:30:00 +01:00",
)
def end_before_start(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    if page.start and page.end and _before(page.end.value, page.start.value):
        start, end = page.start.value, page.end.value
        hint = ""
        if (
            isinstance(start, dt.datetime)
            and isinstance(end, dt.datetime)
            and end.date() == start.date()
        ):
            if end.hour < 12 and end.hour + 12 > start.hour:
                hint = f" : {end.hour + 12:02d}:{end.minute:02d} ?"
            else:
                hint = " : heure de fin à corriger ?"
        elif _as_date(end) < _as_date(start):
            hint = " : dates inversées ?"
        yield ctx.problem(
            "end-before-start",
            ctx.value_offset("event_end_date") or 0,
            f"la fin ({_show(end)}) précède le début ({_show(start)}){hint}",
            field="event_end_date",
        )
    for session in page.sessions:
        if session.end is not None and _before(session.end, session.start):
            yield ctx.problem_at(
                "end-before-start",
                session.line or 1,
                session.column or 1,
                f"la séance « {session.date_text} » finit ({_show(session.end)}) avant de "
                f"commencer ({_show(session.start)})",
            )


# --- bad-date ----------------------------------------------------------------------------------


def _offset_minutes(text: str) -> int | None:
    if text in ("Z", "z"):
        return 0
    match = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", text)
    if not match:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return -minutes if match[1] == "-" else minutes


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@rule(
    "bad-date",
    ERROR,
    "Une date d’en-tête impossible : illisible, année avant 2000 ou après 2100, ou décalage "
    "horaire qui n’est pas celui de Paris à cette date (+01:00 l’hiver, +02:00 l’été).",
    wrong="event_start_date: 2023-12-05 09:00:00 +02:00",
    right="event_start_date: 2023-12-05 09:00:00 +01:00",
)
def bad_date(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    for key in DATE_KEYS:
        nodes = ctx.front_nodes.get(key)
        if not nodes:
            continue
        offset = ctx.value_offset(key) or 0
        raw = nodes[1].value
        if not isinstance(raw, str):
            yield ctx.problem(
                "bad-date", offset, f"{key} : ce n’est pas une date (attendu AAAA-MM-JJ HH:MM:SS "
                "+01:00)", field=key,
            )  # fmt: skip
            continue
        if not raw.strip() or (not nodes[1].style and raw in ("~", "null", "Null", "NULL")):
            continue
        match = DATE_TEXT.match(raw)
        if not match:
            yield ctx.problem(
                "bad-date", offset, f"{key} : date illisible « {raw.strip()} » "
                "(attendu AAAA-MM-JJ HH:MM:SS +01:00)", field=key,
            )  # fmt: skip
            continue
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        try:
            value = dt.datetime(
                year, month, day, int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0)
            )
        except ValueError:
            yield ctx.problem(
                "bad-date", offset, f"{key} : date impossible « {raw.strip()} »", field=key
            )
            continue
        reasons = []
        if not 2000 <= year <= 2100:
            reasons.append(f"année {match['y']} impossible")
        written = match["tz"]
        if written and 2000 <= year <= 2100:
            minutes = _offset_minutes(written)
            expected = int(value.replace(tzinfo=PARIS).utcoffset().total_seconds() // 60)
            if minutes != expected:
                season = "l’hiver" if expected == 60 else "l’été"
                reasons.append(
                    f"décalage {written} au lieu de {_offset_text(expected)} (heure de Paris "
                    f"{season}, le {value.strftime('%d/%m/%Y')})"
                )
        elif written and _offset_minutes(written) not in (60, 120):
            reasons.append(f"décalage {written} qui n’est pas celui de Paris")
        if reasons:
            yield ctx.problem(
                "bad-date", offset, f"{key} : " + " ; ".join(reasons) + " ?", field=key
            )


# --- time-mismatch -----------------------------------------------------------------------------

# A time followed by these words is a duration ("2 h de formation"), not when it starts.
_DURATION = re.compile(r"\s*(?:de|d['’])(?![\w])", re.IGNORECASE)
# A few hours after these is how long it lasts ("une formation de 2 h", "pendant 3 h"), not
# when it starts: a single "de" before an hour is no range, and no event starts at 2 h.
_DURATION_BEFORE = re.compile(r"(?<![\w])(?:pendant|durant|en)\s+$", re.IGNORECASE)
_DURATION_START = re.compile(r"de\s|d['’]", re.IGNORECASE)  # "un webinaire d’1 h 30"


# The hour a time after these words gives is the welcome's, the doors', the connection's or
# the end's, not the start ("Ouverture des portes à 8 h", "L’atelier se termine à 17 h",
# "(accueil à 13 h 45)"), read in the words just before it.
_NOT_THE_START = re.compile(
    r"(?<![\w])(?:accueil|portes|fin|finit|finira|termine|terminera"
    # the opening of a place or a link, not of the event: "ouverture de la salle virtuelle"
    r"|ouverture\s+(?:des|de\s+la|du|de\s+l['’])\s*(?:portes|salles?|hall|lien|visio|connexion)"
    r"|termineront|ach[èe]ve|ach[èe]vera|cl[ôo]ture|cl[ôo]turera|jusqu['’]|connexion"
    r"|[ée]margement)(?![\w])[^.;!?\n()\d]{0,25}$",
    re.IGNORECASE,
)


def _is_duration(text: str, start: int, end: int, time: dt.time) -> bool:
    """A single time that says how long, not when: "2 h de formation", "une formation de
    2 h", "pendant 3 h" (a few hours at most: "de 14 h" stays a start)."""
    if _DURATION.match(text, end):
        return True
    if time.hour > 6:
        return False
    return bool(
        _DURATION_START.match(text, start)
        or _DURATION_BEFORE.search(text, max(0, start - 12), start)
    )


_LETTERS = re.compile(r"[^\W\d_]")
_HOURISH = re.compile(r"\d ?[hH:]|\d heure|midi|minuit", re.IGNORECASE)


def _start_of(text: str, day: dt.date | None, *, whole: bool) -> tuple[dt.time, str] | None:
    """The first start time the text states for the event's first day: (time, as written).
    A time dated another day, a deadline or history ("jusqu’au 28 septembre à 12h") is not the
    event's; `whole`: the text must hold little but the date and times (an information field
    whose label says nothing of time)."""
    starts = _starts_of(text, day, whole=whole)
    return starts[0] if starts else None


def _starts_of(
    text: str, day: dt.date | None, *, whole: bool, event_end: dt.time | None = None
) -> list[tuple[dt.time, str]]:
    """Every start time the text states for the event's first day, in order ("Accueil à
    8 h 30, début à 9 h": both). `event_end`: the event's end time, when it ends the day it starts;
    with `whole`, a range without a date that ends then is the event's span too ("En ligne,
    de 14 h à 16 h" for an event ending at 16 h), where a range ending otherwise may be a
    moment of it ("Accueil de 8 h 30 à 9 h")."""
    if not _HOURISH.search(text):
        return []  # no hour written: most fields and chapeaus
    found = []
    for when in find_whens(text):
        if not when.slots:
            continue
        if when.dates and day is not None:
            if not any((d.day, d.month) == (day.day, day.month) for d in when.dates):
                continue
        if when.single_time and _is_duration(text, when.start, when.end, when.slots[0][0]):
            continue
        if _NOT_THE_START.search(text, max(0, when.start - 40), when.start):
            continue
        start, end = sentence_at(text, when.start)
        if tells_history(text, start, end):
            continue
        if whole and not (event_end and _same_time(when.slots[0][1], event_end)):
            if not when.dates:
                continue  # "Accueil : à partir de 13 h 30": a moment of its own, not the date
            rest = text[: when.start] + text[when.end :]
            if len(_LETTERS.findall(rest)) >= 12:
                continue
        written = " ".join(text[when.start : when.end].split())
        found.append((when.slots[0][0], written))
    return found


def _body_statement(ctx: CheckContext, day: dt.date) -> tuple[dt.time, str] | None:
    """A sentence of the body that names the event's first day with a time: "Nous vous
    attendons le mercredi 20 mars à 18h30"."""
    body = ctx.body_source.text
    for match in _day_pattern(day).finditer(body):
        start, end = sentence_at(body, match.start())
        stated = _start_of(body[start:end], day, whole=False)
        if stated:
            return stated
    return None


def _day_pattern(day: dt.date) -> re.Pattern[str]:
    month = MONTHS[day.month - 1]
    return re.compile(
        rf"(?<![\d/]){day.day}(?:er)?\s{month}|(?<![\d/])0?{day.day}/0?{day.month}(?![\d])",
        re.IGNORECASE,
    )


def _agreeing(starts: list[tuple[dt.time, str]], start: dt.time) -> dt.time:
    """The front matter's start when the text states it among others ("accueil à 8 h 30,
    début à 9 h"), else the first start it states."""
    for time, _ in starts:
        if (time.hour, time.minute) == (start.hour, start.minute):
            return time
    return starts[0][0]


def _stated_times(page: PageData, ctx: CheckContext) -> Iterator[tuple[dt.time, str, str]]:
    """The start times the page states: (time, as written, where). The information fields
    about the time and the chapeau, each; failing these, the first session of the first day,
    else a sentence of the body naming the first day."""
    day = ctx.start_date
    start = page.start.value.time()
    explicit = False
    for entry in ctx.info_entries:
        label = entry.values.get("intitule")
        content = entry.values.get("contenu")
        if not isinstance(content, str) or not content:
            continue
        labelled = isinstance(label, str) and bool(TIME_LABEL.search(fold(label)))
        starts = _starts_of(content, day, whole=not labelled, event_end=_end_time(page))
        if starts:
            where = f"champ « {label.strip()} »" if isinstance(label, str) and label else "champ"
            explicit = True
            yield _agreeing(starts, start), content.strip(), where
    starts = _starts_of(page.chapeau or "", day, whole=False)
    if starts:
        first = _agreeing(starts, start)
        yield first, next(w for t, w in starts if t == first), "chapeau"
        return
    if explicit:
        return
    timed = [
        session
        for session in page.sessions
        if isinstance(session.start, dt.datetime) and session.start.date() == day
    ]
    if timed:
        first = min(timed, key=lambda session: session.start)
        yield first.start.time(), first.date_text, "première séance"
        return
    stated = _body_statement(ctx, day) if day else None
    if stated and not _within(page, stated[0]):
        yield stated[0], stated[1], "texte de la page"


def _same_time(a: dt.time | None, b: dt.time) -> bool:
    return a is not None and (a.hour, a.minute) == (b.hour, b.minute)


def _end_time(page: PageData) -> dt.time | None:
    """The event's end time when the front matter gives one on the day it starts."""
    start, end = page.start.value, page.end.value if page.end is not None else None
    if not isinstance(end, dt.datetime) or end.date() != start.date() or end.time() == dt.time():
        return None
    return end.time()


def _within(page: PageData, time: dt.time) -> bool:
    """A time after the start and before the end of a one-day event the front matter times
    ("La restitution aura lieu le 9 octobre à 11 h 30" in a 9 h 30 – 12 h event) is a moment
    of the event, not another start."""
    start, end = page.start.value, page.end.value if page.end is not None else None
    if not isinstance(end, dt.datetime) or end.date() != start.date():
        return False
    return start.time() < time < end.time()


@rule(
    "time-mismatch",
    ERROR,
    "L’heure de début de l’en-tête contredit une heure que la page annonce : un champ "
    "d’information (« Horaires », qui ne contient qu’une date et des heures, ou dont la plage "
    "finit à l’heure de fin de l’événement : « En ligne, de 14 h à 16 h ») ou le chapeau, "
    "chacun ; sinon la première séance du premier jour, sinon une phrase du corps qui nomme ce "
    "jour avec une heure. Une heure d’accueil, d’échéance, d’ouverture des portes, de "
    "connexion ou de fin (« se termine à 17 h ») n’est pas le début, ni une durée (« d’1 h 30 »).",
    wrong="event_start_date: 2018-11-23 14:00:00 +01:00 … Horaires : 14h30 - 17h00",
    right="event_start_date: 2018-11-23 14:30:00 +01:00 … Horaires : 14h30 - 17h00",
)
def time_mismatch(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    if page.start is None or not isinstance(page.start.value, dt.datetime):
        return
    start = page.start.value.time()
    stated = next(
        (
            s
            for s in _stated_times(page, ctx)
            if (s[0].hour, s[0].minute) != (start.hour, start.minute)
        ),
        None,
    )
    if stated is None:
        return
    hour, written, where = stated
    key = ctx.start_key
    yield ctx.problem(
        "time-mismatch",
        ctx.value_offset(key) or 0,
        f"{key} commence à {_hhmm(start)}, mais la page indique « {written} » ({where}) : "
        f"{page.start.value.date().isoformat()} {hour.hour:02d}:{hour.minute:02d} ?",
        field=key,
    )
