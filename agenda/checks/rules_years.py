"""other-year: a year the page writes that names another edition of this event, or a date of
this event written with another year, read in its sentence (history is left alone)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from agenda.lib.frenchdates import MONTH_RE, fold
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, CheckContext, Source, rule
from .rules_dates import day_number, month_number
from .rules_sentences import (
    is_strong_name,
    looks_back,
    name_before,
    sentence_at,
    speaks_to_the_reader,
    starts_with_the_name,
    tag_names_the_event,
    tells_history,
)
from .rules_text import (
    ANY_YEAR,
    BARE_YEAR,
    DATE_YEAR,
    EDITION,
    FULL_DATE,
    FULL_DATE_ENDING,
    HASHTAG_YEAR,
    HOUR,
    TIME_LABEL,
    WITHIN_EDITION,
    YEAR_LIST_AFTER,
    YEAR_LIST_BEFORE,
    lower_of,
)

# --- other-year --------------------------------------------------------------------------------

# Words announcing the event's own date: "Quand ?", "Date :", "rendez-vous le", "aura lieu le".
_WHEN = re.compile(
    r"(?:quand|dates?|horaires?|rendez-vous|rdv|aura\s+lieu|a\s+lieu|se\s+tiendra|se\s+d[ée]roulera"
    r"|se\s+tient|se\s+d[ée]roule)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"(?:[\s,*]|</?+[a-zA-Z][^<>\n]*+>)*+(?:de|à|dès|-|–)?(?:\s|</?+[a-zA-Z][^<>\n]*+>)*+\d{1,2}\s?[hH:]"
)
_ABOUT_EVENT_KINDS = ("title", "chapeau", "alt", "caption")
_DAYS_BEFORE = re.compile(r"(?:(?:1er|\d{1,2}+)\s*+(?:,|et|au|&|-|–)\s*+)+$", re.IGNORECASE)
# A year that ends a title: "Forum de l’emploi tech de l’État 2021", "… 2022 : le programme".
_TITLE_END = re.compile(r"\s*+(?:[)»\]!?.]\s*+)*+(?:$|[:–—|-]\s)")
# "À l’occasion de", "dans le cadre de", "lors de": what follows is the frame of this event.
_FRAME = re.compile(r"(?:à|a)\s+l['’]occasion\s+d|dans\s+le\s+cadre\s+d|lors\s+d", re.I)
# A name right after these is a noun's complement: "les vidéos du Forum 2021".
_COMPLEMENT = re.compile(r"(?<![\w])(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*$", re.I)
# After "l’édition 2022": the name of what it is an edition of, if written.
_EDITION_OF = re.compile(
    r"\s*(?:du|de\s+la|de\s+l['’]|des|de)\s+(?P<name>[^.,;:!?()\n]{3,60})", re.I
)


@rule(
    "other-year",
    ERROR,
    "La page nomme une édition de l’événement (« édition 2022 », « édition 22 », son propre nom"
    " ou ses initiales suivis d’une autre année, « MIP ’22 », un mot-dièse « #MIP2022 », le "
    "cadre « dans le cadre de … 2022 ») ou une de ses dates avec une autre année que la sienne "
    "(titre, chapeau, champs d’information, texte alternatif ou corps) ; une phrase au passé, "
    "une échéance, une autre occurrence (« depuis », « précédente », « jusqu’au ») ou un fait "
    "placé à une autre édition (« lors de l’édition 2022, 900 participants ») est de "
    "l’histoire, pas une erreur ; l’année d’un chemin de lien (« /2022/programme.pdf ») n’est "
    "pas lue.",
    wrong="event_start_date: 2023-11-02 … À l’occasion de l’édition 2022 du Mois de l’innovation",
    right="event_start_date: 2023-11-02 … À l’occasion de l’édition 2023 du Mois de l’innovation",
)
def other_year(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    years = ctx.event_years
    if not years:
        return
    event_year = min(years)
    for source in ctx.text_sources:
        for start, evidence, year, corrected in _other_years(ctx, source, years, event_year):
            yield ctx.problem(
                "other-year",
                source.offset + start,
                f"« {evidence} » nomme {year}, alors que l’événement a lieu en {event_year} : "
                f"« {corrected} » ?",
                field=source.field,
            )


_MARKUP = re.compile(r"<[^<>]*>|\*+|&nbsp;")


class _Reading:
    """The years of one source read for other-year: what was found, where, and the sentence
    tests every kind of mention shares."""

    def __init__(self, ctx: CheckContext, source: Source, years: set[int], event_year: int):
        self.ctx, self.source, self.years, self.event_year = ctx, source, years, event_year
        self.text, self.low = source.text, lower_of(ctx, source)
        self.title = ctx.page.title or ""
        self.title_years = {int(y) for y in ANY_YEAR.findall(self.title)}
        # year position -> (start, evidence, year, corrected evidence)
        self.found: dict[int, tuple[int, str, int, str]] = {}

    def note(self, start: int, year_at: int, end: int, year: int, written: str = "") -> None:
        """A mistake: the evidence runs from start to end, the year as written at year_at."""
        if year_at in self.found and self.found[year_at][0] <= start:
            return
        written = written or str(year)
        right = str(self.event_year)[-len(written) :]
        evidence = " ".join(_MARKUP.sub(" ", self.text[start:end]).split())
        head, _, tail = evidence.rpartition(written)
        self.found[year_at] = (
            start,
            evidence,
            year,
            f"{head}{right}{tail}" if head or tail else right,
        )

    def current(self, position: int, deadline: bool = True) -> bool:
        """The sentence at position speaks of this event now: not history, not a fact placed
        at another edition ("lors de l’édition 2022, …"); not a deadline, unless what is read
        there is a name."""
        start, end = sentence_at(self.text, position)
        if tells_history(self.text, start, end, deadline=deadline, title=self.title):
            return False
        return not looks_back(self.text, position, start, end)


def _other_years(
    ctx: CheckContext, source: Source, years: set[int], event_year: int
) -> list[tuple[int, str, int, str]]:
    """(start, evidence, year, corrected) of each year of the source that names another edition
    of this event or dates it in another year, read in its sentence (history is left alone)."""
    text = source.text
    has_year = ANY_YEAR.search(text) is not None
    tags = [m for m in HASHTAG_YEAR.finditer(text) if _stands_alone(text, m)] if "#" in text else []
    shorts = [m for m in _short_year_pattern(event_year).finditer(text) if _gap_before(text, m)]
    if not (has_year or tags or shorts):
        return []
    reading = _Reading(ctx, source, years, event_year)
    if has_year:
        dates = {m.start("yt") if m["yt"] else m.start("yn"): m for m in _full_dates(text)}
        _editions(reading)
        _frames(reading)
        _names_with_a_year(reading, dates)
        _dates_of_the_event(reading, dates)
    _hashtags(reading, tags)
    _short_years(reading, shorts)
    return sorted(reading.found.values())


def _editions(reading: _Reading) -> None:
    """ "l’édition 2022" (of this event, or of no event named)."""
    text = reading.text
    for match in EDITION.finditer(text) if "dition" in reading.low else ():
        year = int(match["y"])
        if year in reading.years or _in_year_list(text, match.start("y"), match.end("y")):
            continue
        of = _EDITION_OF.match(text, match.end())
        framed = _FRAME.search(text, max(0, match.start() - 60), match.start())
        if of and not framed and not starts_with_the_name(of["name"], reading.title):
            continue  # "l’édition 2022 du salon VivaTech": another event's
        if reading.current(match.start()):
            reading.note(match.start(), match.start("y"), match.end(), year)


def _frames(reading: _Reading) -> None:
    """The event said to be part of a named event of a year: "dans le cadre de la Semaine IP
    2019"; a later year names a plan ("France 2030")."""
    text, low, event_year = reading.text, reading.low, reading.event_year
    within = "occasion" in low or "cadre d" in low or "lors d" in low
    for match in WITHIN_EDITION.finditer(text) if within else ():
        year = int(match["y"])
        if event_year - 3 <= year < event_year and not _in_year_list(
            text, match.start("y"), match.end("y")
        ):
            if reading.current(match.start("name")):
                reading.note(match.start("name"), match.start("y"), match.end(), year)


def _names_with_a_year(reading: _Reading, dates: dict[int, re.Match[str]]) -> None:
    """The event's own name followed by another year ("le Forum 2021 revient"); in the title,
    an earlier year that ends it."""
    text, title = reading.text, reading.title
    for match in BARE_YEAR.finditer(text):
        year = int(match["y"])
        if year in reading.years or match.start() in dates or match.start() in reading.found:
            continue
        if _in_year_list(text, match.start(), match.end()) or _in_year_table(text, match.start()):
            continue
        if reading.source.kind == "title":
            if year < reading.event_year and _TITLE_END.match(text, match.end()):
                reading.note(match.start(), match.start(), match.end(), year)
            continue
        if year in reading.title_years:
            continue  # the event's name holds that year ("Appel à projets 2024")
        start = name_before(text, match.start(), title)
        if start is None or not reading.current(match.start(), deadline=False):
            continue
        # "les vidéos du Forum 2021": a complement names another edition; the subject ("le
        # Forum 2023 revient") or a frame ("à l’occasion de la Semaine IP 2019") names this one.
        before = text[max(0, start - 60) : start]
        if _COMPLEMENT.search(before) and not _FRAME.search(before):
            continue
        reading.note(start, match.start(), match.end(), year)


def _dates_of_the_event(reading: _Reading, dates: dict[int, re.Match[str]]) -> None:
    """A date written with its year, given as this event's date, in another year."""
    text = reading.text
    for year_at, match in dates.items():
        year = int(match["yt"] or match["yn"])
        if year in reading.years or not _about_event(reading.ctx, reading.source, text, match):
            continue
        start = match.start()
        listed = _DAYS_BEFORE.search(text, max(0, start - 30), start)
        if listed and not match["wd"]:
            start = listed.start()  # "13 et 14 juin 2019": the evidence starts at 13
        reading.note(start, year_at, match.end(), year)


def _full_dates(text: str) -> Iterator[re.Match[str]]:
    """FULL_DATE matches, found from the years (much faster than scanning for day numbers)."""
    for year in DATE_YEAR.finditer(text):
        match = FULL_DATE_ENDING.search(text, max(0, year.start() - 60), year.end())
        if match:
            yield match


def _in_year_list(text: str, start: int, end: int) -> bool:
    """ "2018 et 2019", "2018-2023": years listed together are history, not an edition."""
    return bool(YEAR_LIST_AFTER.match(text, end) or YEAR_LIST_BEFORE.search(text, 0, start))


def _in_year_table(text: str, position: int) -> bool:
    """A table row whose table holds other years (`| Forum 2023 | Lille |` over `| Forum 2024 |
    …`): the editions listed, history."""
    line_start = text.rfind("\n", 0, position) + 1
    if not text[line_start:position].lstrip().startswith("|"):
        return False
    lines = text.split("\n")
    row = text.count("\n", 0, position)
    first = last = row
    while first > 0 and lines[first - 1].lstrip().startswith("|"):
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("|"):
        last += 1
    table = "\n".join(lines[first : last + 1])
    return len(set(ANY_YEAR.findall(table))) > 1


def _about_event(ctx: CheckContext, source: Source, text: str, match: re.Match[str]) -> bool:
    """A date with its year written as the date of this event (not history, not another event)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    for other in FULL_DATE.finditer(line):
        if int(other["yt"] or other["yn"]) in ctx.event_years:
            return False  # "1er mars 2018 … 1er mars 2023": a span of history
    sentence_start, sentence_end = sentence_at(text, match.start())
    if tells_history(text, sentence_start, sentence_end):
        return False  # "La précédente rencontre, le 18 janvier 2024, avait porté sur…"
    if source.kind in _ABOUT_EVENT_KINDS or match["wd"]:
        return True
    if source.kind in ("info-content", "info-label"):
        return _date_info_field(ctx, source, text, match) or _an_event_day(ctx, match)
    if _TIME_AFTER.match(text, match.end()):
        return True
    if _WHEN.search(text, line_start, match.start()):
        return True
    if _an_event_day(ctx, match):
        return True
    # "Nous vous attendons le 17 novembre 2022": a date near the event's days, a year or so
    # off, in a sentence that speaks to the reader or of what will be: last year's date left
    # in a copied page (history was told apart above).
    return (
        _near_the_event(ctx, match)
        and speaks_to_the_reader(text, sentence_start, sentence_end)
        and not _PARTICIPLE_BEFORE.search(text, max(0, match.start() - 30), match.start())
    )


_NEAR = dt.timedelta(days=45)
# "le rapport publié le 3 mars 2022": the date of a past fact named by its participle and
# "le" ("la journée du" is a noun's complement; "prévu le": when something will happen).
_PARTICIPLE_BEFORE = re.compile(
    r"(?<![\w])(?!(?:prévu|programmé|fixé|reporté|décalé|avancé)e?s?\s)"
    r"[^\W\d_]{3,}(?:é|ée|és|ées|is|ise|it|ite|u|ue)\s+(?:le|en)\s+$",
    re.IGNORECASE,
)


def _near_the_event(ctx: CheckContext, match: re.Match[str]) -> bool:
    """The date, moved to the event's year, falls within a month and a half of its days."""
    day = day_number(match["d"] or match["dn"])
    month = month_number(match["mt"]) if match["mt"] else int(match["mn"])
    first, last = ctx.start_date, ctx.end_date or ctx.start_date
    if first is None or last is None or not month:
        return False
    try:
        moved = dt.date(first.year, month, day)
    except ValueError:
        return False
    return first - _NEAR <= moved <= max(first, last) + _NEAR


def _an_event_day(ctx: CheckContext, match: re.Match[str]) -> bool:
    """The date's day and month are the event's first or last day's: its date, the year aside."""
    day = day_number(match["d"] or match["dn"])
    month = month_number(match["mt"]) if match["mt"] else int(match["mn"])
    return any(
        value is not None and (value.day, value.month) == (day, month)
        for value in (ctx.start_date, ctx.end_date)
    )


def _date_info_field(ctx: CheckContext, source: Source, text: str, match: re.Match[str]) -> bool:
    """An information field that gives the event's date: labelled so, or holding little else."""
    entry = ctx.info_entries[source.entry] if 0 <= source.entry < len(ctx.info_entries) else None
    label = entry.values.get("intitule") if entry else None
    if isinstance(label, str) and TIME_LABEL.search(fold(label)):
        return True
    rest = text[: match.start()] + text[match.end() :]
    return len(re.sub(r"[^a-zA-Zà-ÿ]", "", HOUR.sub("", rest))) < 12


def _hashtags(reading: _Reading, tags: list[re.Match[str]]) -> None:
    """A hashtag of this event with another year: "#MIP2022", "#MoisInnovation22"."""
    for match in tags:
        year = _year_of(match["y"], reading.event_year)
        if year is None or year in reading.years or year in reading.title_years:
            continue
        if not tag_names_the_event(match["tag"], reading.title):
            continue
        if reading.current(match.start(), deadline=False):
            reading.note(match.start(), match.start("y"), match.end(), year, match["y"])


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    """A "#" that starts a hashtag, not one inside a word, an entity or a link ("&#8217;",
    "page#2022", "##", an anchor "[bilan](#mip2022)" or href="#mip2022": an address)."""
    before = text[match.start() - 1] if match.start() else " "
    if before.isalnum() or before in "_&#/":
        return False
    return text[max(0, match.start() - 2) : match.start()] not in ("](", '="', "='")


def _year_of(written: str, event_year: int) -> int | None:
    """The year a hashtag or a short year writes, when it is near the event's (six before to
    one after): a copied tag or name of a recent edition; a far year is a plan ("#France2030")
    or no year at all ("COP21")."""
    year = int(written) if len(written) == 4 else event_year // 100 * 100 + int(written)
    return year if event_year - 6 <= year <= event_year + 1 else None


def _short_years(reading: _Reading, shorts: list[re.Match[str]]) -> None:
    """A year written with two digits after the event's name or "édition": "le MIP 22",
    "l’édition 22", "le Forum ’22" (a count, a day or an hour is not a year: "MIP 22 ateliers")."""
    text, title = reading.text, reading.title
    for match in shorts:
        quoted, gap = text[match.start()] in "'’", _gap_before(text, match)
        year = _year_of(match["yy"], reading.event_year)
        if year is None or year in reading.years or match.start("yy") in reading.found:
            continue
        edition = _EDITION_BEFORE.search(text, max(0, gap - 20), gap)
        if edition:
            start = edition.start()
        else:
            start = name_before(text, gap, title)
            if start is None:
                continue
            if not (quoted or is_strong_name(text[start:gap], title)):
                continue  # "Atelier 22": a number as well as a year
            before = text[max(0, start - 60) : start]
            if _COMPLEMENT.search(before) and not _FRAME.search(before):
                continue
        if reading.current(gap, deadline=edition is not None):
            reading.note(start, match.start("yy"), match.end(), year, match["yy"])


def _gap_before(text: str, match: re.Match[str]) -> int:
    """Where the gap between a word and two digits starts (a space, an apostrophe or both:
    "MIP 22", "Mois ’22"); 0 when no word stands before them or what follows makes them a
    count, a day or an hour ("22 ateliers", "22 novembre")."""
    start = match.start()
    gap = start - 1 if text[start] in "'’" and text[start - 1 : start] in (" ", "\xa0") else start
    if gap == 0 or not text[gap - 1].isalpha() or not _ends_a_year(text, match.end()):
        return 0
    return gap


@functools.lru_cache(maxsize=64)
def _short_year_pattern(event_year: int) -> re.Pattern[str]:
    """Two digits of a year near the event's (not its own) after a space or an apostrophe:
    "MIP 22", "édition ’21" (the word before is looked at by `_short_years`: a pattern that
    starts with a look-behind would try it at every character)."""
    near = "|".join(
        f"{year % 100:02d}" for year in range(event_year - 6, event_year + 2) if year != event_year
    )
    return re.compile(rf"[ \xa0'’](?P<yy>{near})(?![\w'’/:°]|[.,]\d)")


_EDITION_BEFORE = re.compile(r"[ée]dition(?:\s+de)?[ \xa0]?$", re.I)
# After two digits, what makes them a count, a day, an hour or a range rather than a year:
# "22 ateliers", "22 novembre", "22 h", "22 et 23".
_NOT_A_YEAR_AFTER = re.compile(
    rf"[ \xa0]*(?:%|€|h(?![^\W\d_])|(?:et|au|à|-|–|,)[ \xa0]*\d|(?:{MONTH_RE})(?![\w])"
    r"|(?!(?:vous|nous|les|des|dès|sous|plus|puis|mais|dans|sans|tous|pas|très|après|depuis"
    r"|vers|alors)(?![\w]))[^\W\d_]+[sx](?![\w'’]))",
    re.I,
)


def _ends_a_year(text: str, end: int) -> bool:
    return not _NOT_A_YEAR_AFTER.match(text, end)
